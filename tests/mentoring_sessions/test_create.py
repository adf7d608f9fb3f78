"""POST /mentoring-sessions: a mentor records a visit to the household it mentors, from a phone
that may resend the same session when the signal drops."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import ActionItem, AuditEvent, MentoringSession
from tests import factories
from tests.assignments.factories import Callers
from tests.assignments.factories import url as assignment_url
from tests.households.checks import locs, problem
from tests.mentoring_sessions.factories import (
    ASSIGNED_DAYS_AGO,
    BASE,
    FAR,
    NEAR,
    mentoring,
    new_id,
    record,
    recorded,
    session_body,
)


class TestWhoMayRecord:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        r = await client.post(BASE, json=session_body(uuid.uuid4()))
        problem(r, 401)

    @pytest.mark.parametrize("role", ["admin", "coordinator", "agency_admin", "auditor"])
    async def test_only_mentors_record_sessions(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, role: str
    ) -> None:
        m = await mentoring(client, db, who)
        headers = await factories.headers_for(db, role)
        problem(await record(client, headers, m.body()), 403)

    async def test_someone_elses_assignment_is_404_and_tells_nothing(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        mine = await mentoring(client, db, who)
        theirs = await mentoring(client, db, who)
        r = await record(client, mine.mentor_headers, theirs.body())
        problem(r, 404)
        assert theirs.household.payload["head_name"] not in r.text

    async def test_a_mentor_account_without_a_mentor_is_403(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        unlinked = await factories.headers_for(db, "mentor")
        problem(await record(client, unlinked, m.body()), 403)


class TestRecordASession:
    async def test_a_home_visit_is_stored_with_its_actions_and_distance(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        r = await record(client, m.mentor_headers, m.body())
        assert r.status_code == 201, r.text
        s = r.json()
        assert r.headers["etag"] == '"1"'
        assert r.headers["location"] == f"{BASE}/{s['id']}"
        assert s["status"] == "submitted"
        assert s["household_id"] == m.household.id
        assert s["mentor_id"] == str(m.mentor.id)
        assert s["kecamatan_code"] == "16.71.13"
        assert s["mentor_name"] == m.mentor.name
        assert s["household_head_name"] == m.household.payload["head_name"]
        assert s["distance_m"] == 0
        assert s["flagged"] is False
        assert s["topics"] == ["adminduk", "health"]
        assert [a["title"] for a in s["actions"]] == ["Urus akta kelahiran anak ke Disdukcapil"]
        assert s["actions"][0]["status"] == "open"
        assert s["actions"][0]["overdue"] is False
        again = await client.get(f"{BASE}/{s['id']}", headers=m.mentor_headers)
        assert again.json() == s
        events = (
            await db.scalars(select(AuditEvent).where(AuditEvent.action == "session.create"))
        ).all()
        assert [e.object_id for e in events] == [s["id"]]

    async def test_the_first_session_starts_the_mentoring_and_the_history_says_so(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        await recorded(client, m)
        await recorded(client, m, occurred_at=(datetime.now(UTC) - timedelta(hours=1)).isoformat())
        household = await client.get(m.household.url, headers=who.admin)
        assert household.json()["status"] == "mentoring"
        history = await client.get(f"{m.household.url}/history", headers=who.admin)
        steps = [(c["from_status"], c["to_status"]) for c in history.json()["items"]]
        assert steps == [
            ("assigned", "mentoring"),
            ("identified", "assigned"),
            (None, "identified"),
        ]

    async def test_a_phone_call_has_no_place_and_is_not_flagged(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        s = await recorded(client, m, kind="phone", lat=None, lon=None, actions=[])
        assert (s["distance_m"], s["flagged"], s["actions"]) == (None, False, [])

    async def test_a_time_in_local_time_is_the_same_instant_and_the_answer_equals_get(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        wib = timezone(timedelta(hours=7))  # Palembang
        local = (datetime.now(UTC) - timedelta(hours=3)).astimezone(wib)
        s = await recorded(client, m, occurred_at=local.isoformat())
        assert datetime.fromisoformat(s["occurred_at"]) == local
        assert s["occurred_at"].endswith("Z")
        again = await client.get(f"{BASE}/{s['id']}", headers=m.mentor_headers)
        assert again.json() == s

    async def test_a_phone_a_few_minutes_fast_is_accepted(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        soon = (datetime.now(UTC) + timedelta(minutes=2)).isoformat()
        await recorded(client, m, occurred_at=soon, kind="office", actions=[], next_visit_on=None)


class TestFarAwayVisitsAreFlagged:
    async def test_a_visit_half_a_kilometre_away_is_fine(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        s = await recorded(client, m, lat=NEAR[0], lon=NEAR[1])
        assert 400 < s["distance_m"] < 700
        assert s["flagged"] is False

    async def test_a_home_visit_three_kilometres_away_is_flagged_with_the_reason(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        s = await recorded(client, m, lat=FAR[0], lon=FAR[1])
        assert 3200 < s["distance_m"] < 3500
        assert s["flagged"] is True
        assert "3.36 km" in s["flag_reason"]
        assert "1 km" in s["flag_reason"]

    async def test_a_home_visit_without_a_location_is_flagged(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        s = await recorded(client, m, lat=None, lon=None)
        assert s["flagged"] is True
        assert "No location" in s["flag_reason"]

    async def test_a_group_meeting_far_away_is_not_flagged(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        s = await recorded(client, m, kind="group", lat=FAR[0], lon=FAR[1])
        assert s["flagged"] is False
        assert s["distance_m"] > 3000


class TestClientChosenIds:
    async def test_the_same_id_and_body_again_is_200_with_the_stored_session(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        body = m.body(id=new_id())
        first = await record(client, m.mentor_headers, body)
        assert first.status_code == 201
        second = await record(client, m.mentor_headers, body)
        assert second.status_code == 200, second.text
        assert second.json() == first.json()
        assert second.json()["id"] == body["id"]
        count = await db.scalar(select(func.count()).select_from(MentoringSession))
        assert count == 1
        actions = await db.scalar(select(func.count()).select_from(ActionItem))
        assert actions == 1

    async def test_the_same_id_with_another_body_is_409_on_the_id(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        body = m.body(id=new_id())
        assert (await record(client, m.mentor_headers, body)).status_code == 201
        r = await record(client, m.mentor_headers, {**body, "duration_minutes": 50})
        assert problem(r, 409)["errors"][0]["loc"] == ["body", "id"]

    async def test_another_mentors_id_is_409_without_its_content(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        first, second = await mentoring(client, db, who), await mentoring(client, db, who)
        body = first.body(id=new_id(), notes="Catatan pribadi keluarga")
        assert (await record(client, first.mentor_headers, body)).status_code == 201
        r = await record(client, second.mentor_headers, second.body(id=body["id"]))
        problem(r, 409)
        assert "Catatan pribadi" not in r.text

    async def test_a_resend_after_the_assignment_ended_still_gets_its_session(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        body = m.body(id=new_id())
        assert (await record(client, m.mentor_headers, body)).status_code == 201
        ended = await client.post(
            assignment_url(m.assignment_id, "end"),
            json={"reason": "mutasi"},
            headers={**who.admin, "If-Match": "*"},
        )
        assert ended.status_code == 200
        assert (await record(client, m.mentor_headers, body)).status_code == 200


class TestBadSessions:
    async def test_a_session_in_the_future_is_422_on_occurred_at(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        later = (datetime.now(UTC) + timedelta(minutes=30)).isoformat()
        r = await record(client, m.mentor_headers, m.body(occurred_at=later))
        assert locs(r) == [["body", "occurred_at"]]

    async def test_a_session_before_the_assignment_started_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        before = (datetime.now(UTC) - timedelta(days=ASSIGNED_DAYS_AGO + 1)).isoformat()
        r = await record(
            client, m.mentor_headers, m.body(occurred_at=before, actions=[], next_visit_on=None)
        )
        assert locs(r) == [["body", "occurred_at"]]

    async def test_a_time_without_offset_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        r = await record(client, m.mentor_headers, m.body(occurred_at="2026-11-01T10:00:00"))
        assert locs(r) == [["body", "occurred_at"]]

    async def test_dates_before_the_session_are_422_on_each_field(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        past = str(datetime.now(UTC).date() - timedelta(days=3))
        body = m.body(next_visit_on=past, actions=[{"title": "Buka rekening", "due_date": past}])
        r = await record(client, m.mentor_headers, body)
        assert locs(r) == [["body", "next_visit_on"], ["body", "actions", 0, "due_date"]]

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("kind", "visit"),
            ("duration_minutes", 0),
            ("topics", ["astrology"]),
            ("topics", ["health", "health"]),
            ("lat", 95),
            ("actions", [{"title": "", "due_date": "2030-01-01"}]),
            ("status", "verified"),
        ],
    )
    async def test_invalid_fields_are_422_on_the_field(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        who: Callers,
        field: str,
        value: object,
    ) -> None:
        m = await mentoring(client, db, who)
        r = await record(client, m.mentor_headers, m.body(**{field: value}))
        assert all(loc[:2] == ["body", field] for loc in locs(r)), r.text

    async def test_lat_without_lon_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        r = await record(client, m.mentor_headers, m.body(lon=None))
        assert locs(r) == [["body", "lon"]]

    async def test_an_ended_assignment_is_409_on_the_assignment(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        ended = await client.post(
            assignment_url(m.assignment_id, "end"),
            json={"reason": "mutasi"},
            headers={**who.admin, "If-Match": "*"},
        )
        assert ended.status_code == 200
        r = await record(client, m.mentor_headers, m.body())
        body = problem(r, 409)
        assert body["errors"][0]["loc"] == ["body", "assignment_id"]
        assert "ended" in body["detail"]
