"""GET /mentoring-sessions and /mentoring-sessions/{id}: each role sees the sessions in its scope;
agency admins see their ASN's activity without the family's details; auditors see none."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.mentoring_sessions.schemas import SessionList, SessionRead
from bina.models import ActionItem, MentoringSession
from bina.security.visibility import EVERYTHING, View
from tests import factories
from tests.assignments.factories import Callers
from tests.households.checks import problem
from tests.mentoring_sessions.factories import BASE, FAR, NEAR, mentoring, recorded, url


async def _arrange(client: httpx.AsyncClient, db: AsyncSession, who: Callers) -> dict[str, Any]:
    """Kertapati household with a DINSOS mentor (two sessions: today, a flagged one 3 days ago);
    Gandus household with a DINKES mentor (one session 10 days ago)."""
    k = await mentoring(client, db, who, agency_code="DINSOS")
    g = await mentoring(client, db, who, gandus=True, agency_code="DINKES")
    ago = lambda days: (datetime.now(UTC) - timedelta(days=days)).isoformat()  # noqa: E731
    k1 = await recorded(client, k, occurred_at=ago(0.1))
    k2 = await recorded(client, k, occurred_at=ago(3), lat=FAR[0], lon=FAR[1], actions=[])
    g1 = await recorded(client, g, occurred_at=ago(10), actions=[], next_visit_on=None)
    return {"k": k, "g": g, "k1": k1["id"], "k2": k2["id"], "g1": g1["id"]}


async def _ids(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> list[str]:
    r = await client.get(BASE, params=params, headers=headers)
    assert r.status_code == 200, r.text
    return [i["id"] for i in r.json()["items"]]


class TestListSessions:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        problem(await client.get(BASE), 401)

    async def test_auditors_get_403_and_see_aggregates_elsewhere(
        self, client: httpx.AsyncClient, who: Callers
    ) -> None:
        problem(await client.get(BASE, headers=who.auditor), 403)

    async def test_each_role_sees_its_scope_latest_first(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        x = await _arrange(client, db, who)
        assert await _ids(client, who.admin) == [x["k1"], x["k2"], x["g1"]]
        assert await _ids(client, who.camat) == [x["k1"], x["k2"]]
        assert await _ids(client, who.camat_gandus) == [x["g1"]]
        assert await _ids(client, who.agency_admin) == [x["k1"], x["k2"]]
        assert await _ids(client, who.other_agency_admin) == [x["g1"]]
        assert await _ids(client, x["g"].mentor_headers) == [x["g1"]]
        assert await _ids(client, await factories.headers_for(db, "mentor")) == []

    async def test_filters(self, client: httpx.AsyncClient, db: AsyncSession, who: Callers) -> None:
        x = await _arrange(client, db, who)
        k1, k2, g1 = x["k1"], x["k2"], x["g1"]
        assert await _ids(client, who.admin, household_id=x["g"].household.id) == [g1]
        assert await _ids(client, who.admin, mentor_id=str(x["k"].mentor.id)) == [k1, k2]
        assert await _ids(client, who.admin, kecamatan="16.71.12") == [g1]
        assert await _ids(client, who.admin, flagged="true") == [k2]
        assert await _ids(client, who.admin, flagged="false") == [k1, g1]
        assert await _ids(client, who.admin, status="submitted") == [k1, k2, g1]
        assert await _ids(client, who.admin, status="verified") == []
        today = datetime.now(UTC).date()
        week_ago, yesterday = today - timedelta(days=7), today - timedelta(days=1)
        assert await _ids(client, who.admin, **{"from": str(week_ago)}) == [k1, k2]
        assert await _ids(client, who.admin, to=str(yesterday)) == [k2, g1]
        assert await _ids(client, who.admin, sort="occurred_at") == [g1, k2, k1]

    async def test_pages_follow_the_cursor(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        x = await _arrange(client, db, who)
        first = await client.get(
            BASE, params={"limit": 2, "include_total": "true"}, headers=who.admin
        )
        body = first.json()
        assert body["total"] == 3
        assert [i["id"] for i in body["items"]] == [x["k1"], x["k2"]]
        rest = await client.get(BASE, params={"cursor": body["next_cursor"]}, headers=who.admin)
        assert [i["id"] for i in rest.json()["items"]] == [x["g1"]]
        assert rest.json()["next_cursor"] is None

    async def test_agency_admins_see_activity_but_not_the_familys_details(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        x = await _arrange(client, db, who)
        r = await client.get(BASE, headers=who.agency_admin)
        item = r.json()["items"][0]
        assert item["redacted"] is True
        assert (item["notes"], item["lat"], item["lon"], item["actions"]) == (None, None, None, [])
        assert item["kind"] == "home_visit"
        assert "akta kelahiran" not in r.text
        full = await client.get(url(x["k1"]), headers=who.camat)
        assert full.json()["redacted"] is False
        assert "akta kelahiran" in full.text

    async def test_the_verification_list_says_who_visited_whom(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        x = await _arrange(client, db, who)
        k, g = x["k"], x["g"]
        items = (await client.get(BASE, headers=who.admin)).json()["items"]
        names = {i["id"]: (i["mentor_name"], i["household_head_name"]) for i in items}
        k_pair = (k.mentor.name, k.household.payload["head_name"])
        g_pair = (g.mentor.name, g.household.payload["head_name"])
        assert names == {x["k1"]: k_pair, x["k2"]: k_pair, x["g1"]: g_pair}
        camat = (await client.get(url(x["k1"]), headers=who.camat)).json()
        assert (camat["mentor_name"], camat["household_head_name"]) == k_pair
        mine = (await client.get(url(x["g1"]), headers=g.mentor_headers)).json()
        assert (mine["mentor_name"], mine["household_head_name"]) == g_pair
        # The head's name is not an identifier: NIK and KK never come with a session.
        assert g.household.payload["head_nik"] not in str(mine)

    async def test_agency_admins_see_their_mentors_name_but_not_the_family(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        x = await _arrange(client, db, who)
        r = await client.get(url(x["k1"]), headers=who.agency_admin)
        assert r.json()["mentor_name"] == x["k"].mentor.name
        assert r.json()["household_head_name"] is None
        assert x["k"].household.payload["head_name"] not in r.text


class TestReadSession:
    @pytest.mark.parametrize(
        ("caller", "code"),
        [
            ("admin", 200),
            ("camat", 200),
            ("camat_gandus", 404),
            ("agency_admin", 200),
            ("other_agency_admin", 404),
            ("auditor", 403),
        ],
    )
    async def test_scope(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, caller: str, code: int
    ) -> None:
        x = await _arrange(client, db, who)
        r = await client.get(url(x["k1"]), headers=getattr(who, caller))
        assert r.status_code == code, r.text
        if code == 200:
            assert r.headers["etag"] == '"1"'
        else:
            assert x["k"].household.payload["head_name"] not in r.text

    async def test_a_mentor_reads_its_own_only(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        x = await _arrange(client, db, who)
        assert (await client.get(url(x["k1"]), headers=x["k"].mentor_headers)).status_code == 200
        problem(await client.get(url(x["g1"]), headers=x["k"].mentor_headers), 404)

    async def test_callers_in_turn_each_get_their_own_scope(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        x = await _arrange(client, db, who)
        k, g = x["k"].mentor_headers, x["g"].mentor_headers
        turns = [
            (k, x["k1"], 200),
            (g, x["k1"], 404),
            (g, x["g1"], 200),
            (k, x["g1"], 404),
            (who.agency_admin, x["k1"], 200),
            (who.other_agency_admin, x["k1"], 404),
            (who.other_agency_admin, x["g1"], 200),
            (who.camat, x["g1"], 404),
            (who.camat_gandus, x["g1"], 200),
            (who.camat, x["k2"], 200),
        ]
        for headers, session_id, code in turns:
            r = await client.get(url(session_id), headers=headers)
            assert r.status_code == code, (session_id, r.text)
            if code == 200:
                assert r.json()["id"] == session_id

    async def test_anonymous_is_401_and_unknown_is_404(
        self, client: httpx.AsyncClient, who: Callers
    ) -> None:
        problem(await client.get(url("00000000-0000-4000-8000-000000000000")), 401)
        problem(
            await client.get(url("00000000-0000-4000-8000-000000000000"), headers=who.admin), 404
        )


HIDDEN_FAMILY = View(identifiers=True, specific=True, family=False)


class TestListRowsEqualTheDetail:
    """A list row says exactly what the session's own page says, to each role (list and detail
    are built from the same schema with the same view)."""

    async def test_rows_match_the_detail_answer_for_each_role(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        x = await _arrange(client, db, who)
        k = x["k"]
        odd = await recorded(
            client,
            k,
            lat=NEAR[0],
            lon=NEAR[1],
            topics=["health", "adminduk", "education"],  # kept in the order given
            notes='Ibu "Sari" \\ anak ke-2: akta ✓\nJKN belum\tterdaftar',
            actions=[
                {"title": "Daftar JKN", "due_date": str(date.today() + timedelta(days=3))},
                {"title": "Akta kelahiran", "due_date": str(date.today() + timedelta(days=9))},
            ],
        )
        verified = await client.post(
            url(x["k2"], "verify"), json={"note": "Dicek"}, headers={**who.camat, "If-Match": '"1"'}
        )
        assert verified.status_code == 200, verified.text
        # A timestamp on a whole second is written without a fraction; an action due yesterday
        # and still open is overdue.
        whole_second = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
        await db.execute(
            update(MentoringSession)
            .where(MentoringSession.id == uuid.UUID(odd["id"]))
            .values(created_at=whole_second)
        )
        await db.execute(
            update(ActionItem)
            .where(ActionItem.id == uuid.UUID(odd["actions"][1]["id"]))
            .values(due_date=date.today() - timedelta(days=1))
        )
        await db.commit()

        callers = [who.admin, who.camat, who.agency_admin, k.mentor_headers]
        for headers in callers:
            r = await client.get(BASE, params={"limit": 200}, headers=headers)
            assert r.status_code == 200, r.text
            # Written as pydantic writes the documented list (read back with what it showed).
            shown = HIDDEN_FAMILY if headers is who.agency_admin else EVERYTHING
            again = SessionList.model_validate_json(r.content, context=shown)
            assert again.model_dump_json() == r.text
            items = r.json()["items"]
            assert items
            for row in items:
                detail = await client.get(url(row["id"]), headers=headers)
                assert detail.status_code == 200, detail.text
                assert row == detail.json()
                assert list(row) == list(SessionRead.model_fields)

        rows = {i["id"]: i for i in (await client.get(BASE, headers=who.admin)).json()["items"]}
        row = rows[odd["id"]]
        assert row["created_at"] == "2026-01-02T03:04:05Z"
        assert row["topics"] == ["health", "adminduk", "education"]
        assert row["notes"] == odd["notes"]
        assert [a["title"] for a in row["actions"]] == ["Daftar JKN", "Akta kelahiran"]
        assert [a["overdue"] for a in row["actions"]] == [False, True]
        assert rows[x["k2"]]["status"] == "verified"
        assert rows[x["k2"]]["reviewed_at"] == verified.json()["reviewed_at"]
        assert rows[x["k1"]]["distance_m"] == 0.0  # at the door
        assert rows[x["k2"]]["distance_m"] > 3000
        redacted = (await client.get(BASE, headers=who.agency_admin)).json()["items"]
        assert {i["redacted"] for i in redacted} == {True}
        assert {(i["notes"], i["lat"], i["household_head_name"]) for i in redacted} == {
            (None, None, None)
        }
