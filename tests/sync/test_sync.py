"""A mentor's phone: the first sync brings exactly the mentor's household and what hangs off it,
later syncs bring only what changed since, each object once with its latest state."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import ActionItem
from bina.models.base import utcnow
from tests.assessments.factories import assessed
from tests.assignments.factories import Callers, assigned, household, mentor
from tests.mentoring_sessions.factories import Mentoring, recorded
from tests.sync.factories import Phone


async def _patch(
    client: httpx.AsyncClient, headers: dict[str, str], url: str, body: dict[str, Any]
) -> dict[str, Any]:
    current = await client.get(url, headers=headers)
    r = await client.patch(url, json=body, headers={**headers, "If-Match": current.headers["etag"]})
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


class TestFirstSync:
    async def test_brings_exactly_the_mentors_household_and_what_hangs_off_it(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, pair: Mentoring
    ) -> None:
        visit = await recorded(client, pair)
        assessment = await assessed(client, pair.household, pair.mentor_headers)
        # Another family in the same kelurahan, with another mentor: not this phone's business.
        other = await household(client, who.admin)
        await assigned(client, who.admin, other.id, (await mentor(db)).id)

        phone = Phone(pair.mentor_headers)
        await phone.sync(client)

        assert phone.ids() == {
            ("household", pair.household.id),
            ("assignment", pair.assignment_id),
            ("mentoring_session", visit["id"]),
            ("action_item", visit["actions"][0]["id"]),
            ("assessment", assessment["id"]),
        }
        assert phone.deleted() == set()
        family = phone.upserts("household")[pair.household.id]
        assert family == (await client.get(pair.household.url, headers=pair.mentor_headers)).json()
        assert "*" in family["kk_number"]
        assert "*" in family["members"][0]["nik"]
        assert [e["version"] for e in phone.received if e["type"] == "household"] == [
            family["version"]
        ]
        kept = phone.upserts("mentoring_session")[visit["id"]]
        assert kept == visit  # as recorded, with who visited whom
        assert (kept["mentor_name"], kept["household_head_name"]) == (
            pair.mentor.name,
            pair.household.payload["head_name"],
        )

    async def test_comes_in_pages_that_add_up_to_the_same(
        self, client: httpx.AsyncClient, pair: Mentoring
    ) -> None:
        await recorded(client, pair)
        await assessed(client, pair.household, pair.mentor_headers)
        whole = Phone(pair.mentor_headers)
        await whole.sync(client)
        paged = Phone(pair.mentor_headers)
        pages = 0
        while True:
            r = await client.get(
                "/api/v1/sync",
                params={"limit": 2} | ({"cursor": paged.cursor} if paged.cursor else {}),
                headers=paged.headers,
            )
            body = r.json()
            assert len(body["items"]) <= 2
            paged.received += body["items"]
            paged.cursor, pages = body["next_cursor"], pages + 1
            if not body["has_more"]:
                break
        assert pages >= 3
        assert paged.ids() == whole.ids()

    async def test_a_coordinator_gets_its_region_and_not_the_next(
        self, client: httpx.AsyncClient, who: Callers, pair: Mentoring
    ) -> None:
        gandus = await household(client, who.admin, gandus=True)
        camat = Phone(who.camat)
        await camat.sync(client)
        assert set(camat.upserts("household")) == {pair.household.id}
        assert set(camat.upserts("assignment")) == {pair.assignment_id}
        camat_gandus = Phone(who.camat_gandus)
        await camat_gandus.sync(client)
        assert set(camat_gandus.upserts("household")) == {gandus.id}

    async def test_an_agency_admin_follows_its_mentors_work_not_the_families(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        from tests.mentoring_sessions.factories import mentoring

        dinsos = await mentoring(client, db, who, agency_code="DINSOS")
        visit = await recorded(client, dinsos)
        admin = Phone(who.agency_admin)
        await admin.sync(client)
        assert admin.ids() == {
            ("assignment", dinsos.assignment_id),
            ("mentoring_session", visit["id"]),
        }
        assert admin.upserts("mentoring_session")[visit["id"]]["notes"] is None  # redacted
        other = Phone(who.other_agency_admin)
        assert await other.sync(client) == []


class TestIncrementalSync:
    async def test_brings_only_what_changed_since(
        self, client: httpx.AsyncClient, who: Callers, pair: Mentoring
    ) -> None:
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)
        assert await phone.sync(client) == []  # nothing happened

        await _patch(client, who.admin, pair.household.url, {"address": "Jl. Baru 1"})
        visit = await recorded(client, pair)
        await phone.sync(client)

        assert phone.ids() == {
            ("household", pair.household.id),
            ("mentoring_session", visit["id"]),
            ("action_item", visit["actions"][0]["id"]),
        }
        now = (await client.get(pair.household.url, headers=pair.mentor_headers)).json()
        assert now["address"] == "Jl. Baru 1"  # (the first visit also moved it to `mentoring`)
        assert phone.upserts("household")[pair.household.id] == now
        assert await phone.sync(client) == []

    async def test_several_changes_of_one_object_arrive_once_with_the_latest_state(
        self, client: httpx.AsyncClient, who: Callers, pair: Mentoring
    ) -> None:
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)
        await _patch(client, who.admin, pair.household.url, {"address": "Jl. Satu"})
        await _patch(client, who.admin, pair.household.url, {"address": "Jl. Dua"})
        member_url = f"{pair.household.url}/members/{pair.household.member_id('anak')}"
        await _patch(client, who.admin, member_url, {"in_school": False})

        entries = await phone.sync(client)

        assert [(e["type"], e["op"]) for e in entries] == [("household", "upsert")]
        family = entries[0]["data"]
        assert family["address"] == "Jl. Dua"
        child = next(m for m in family["members"] if m["relationship"] == "anak")
        assert child["in_school"] is False

    async def test_a_deleted_member_leaves_its_household_changed(
        self, client: httpx.AsyncClient, who: Callers, pair: Mentoring
    ) -> None:
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)
        member_id = pair.household.member_id("anak")
        r = await client.delete(
            f"{pair.household.url}/members/{member_id}", headers={**who.admin, "If-Match": '"1"'}
        )
        assert r.status_code == 204, r.text
        entries = await phone.sync(client)
        assert [(e["type"], e["op"]) for e in entries] == [("household", "upsert")]
        assert member_id not in {m["id"] for m in entries[0]["data"]["members"]}

    async def test_a_week_offline_catches_up_in_one_call_per_500_changes(
        self, client: httpx.AsyncClient, pair: Mentoring
    ) -> None:
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)
        visits = [await recorded(client, pair, notes=f"kunjungan {i}") for i in range(6)]
        calls = 0
        while True:
            params = {"cursor": phone.cursor, "limit": 4}
            page = (await client.get("/api/v1/sync", params=params, headers=phone.headers)).json()
            phone.received += page["items"]
            phone.cursor, calls = page["next_cursor"], calls + 1
            if not page["has_more"]:
                break
        # 6 sessions and 6 action items: 12 changes, 3 calls of 4 (and one that finds the end).
        assert calls <= 4
        assert set(phone.upserts("mentoring_session")) == {v["id"] for v in visits}


class TestBulkWrites:
    async def test_one_statement_changing_many_rows_reaches_the_phone_row_by_row(
        self, client: httpx.AsyncClient, db: AsyncSession, pair: Mentoring
    ) -> None:
        """Set-based writes (an approved matching run, a correction script) are logged once per
        statement on PostgreSQL; every row they touched still arrives."""
        visits = [await recorded(client, pair, notes=f"kunjungan {i}") for i in range(3)]
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)

        done = await db.execute(
            update(ActionItem)
            .where(ActionItem.household_id == uuid.UUID(pair.household.id))
            .values(status="done", done_at=utcnow(), version=ActionItem.version + 1)
        )
        await db.commit()
        assert done.rowcount == 3  # type: ignore[attr-defined]
        await phone.sync(client)

        items = {v["actions"][0]["id"] for v in visits}
        assert phone.ids() == {("action_item", i) for i in items}
        assert {(a["status"], a["version"]) for a in phone.upserts("action_item").values()} == {
            ("done", 2)
        }
