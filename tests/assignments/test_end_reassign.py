"""POST /assignments/{id}/end and /reassign: the household goes back to verified or to a new
mentor, atomically, with If-Match."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Assignment, AuditEvent
from tests import factories
from tests.assignments.factories import Callers, assigned, household, mentor, url


class TestEndAssignment:
    async def test_ends_with_reason_and_the_household_is_verified_again(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        m = await mentor(db)
        a = await assigned(client, who.admin, h.id, m.id)
        r = await client.post(
            url(a["id"], "end"),
            json={"reason": "mentor pindah tugas"},
            headers={**who.camat, "If-Match": '"1"'},
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["status"] == "ended"
        assert body["end_reason"] == "mentor pindah tugas"
        assert body["ended_at"]
        assert r.headers["etag"] == '"2"'
        assert (await client.get(h.url, headers=who.admin)).json()["status"] == "verified"
        action = AuditEvent.action == "assignment.end"
        assert await db.scalar(select(func.count()).where(action)) == 1
        # The mentor is free again, the household can be assigned again.
        again = await assigned(client, who.admin, h.id, m.id)
        assert again["id"] != a["id"]

    async def test_needs_if_match_and_the_current_version(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        a = await assigned(client, who.admin, h.id, (await mentor(db)).id)
        end = url(a["id"], "end")
        missing = await client.post(end, json={"reason": "x"}, headers=who.admin)
        assert missing.status_code == 428
        stale = await client.post(
            end, json={"reason": "x"}, headers={**who.admin, "If-Match": '"9"'}
        )
        assert stale.status_code == 412
        empty = await client.post(
            end, json={"reason": " "}, headers={**who.admin, "If-Match": '"1"'}
        )
        assert empty.status_code == 422

    async def test_ending_twice_is_409(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        a = await assigned(client, who.admin, h.id, (await mentor(db)).id)
        headers = {**who.admin, "If-Match": "*"}
        first = await client.post(url(a["id"], "end"), json={"reason": "x"}, headers=headers)
        assert first.status_code == 200
        second = await client.post(url(a["id"], "end"), json={"reason": "x"}, headers=headers)
        assert second.status_code == 409

    @pytest.mark.parametrize("caller", ["agency_admin", "auditor"])
    async def test_read_only_roles_are_403(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, caller: str
    ) -> None:
        h = await household(client, who.admin)
        a = await assigned(client, who.admin, h.id, (await mentor(db)).id)
        r = await client.post(
            url(a["id"], "end"),
            json={"reason": "x"},
            headers={**getattr(who, caller), "If-Match": '"1"'},
        )
        assert r.status_code == 403

    async def test_the_mentor_itself_is_403_and_another_region_404(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        m = await mentor(db)
        a = await assigned(client, who.admin, h.id, m.id)
        own = await factories.headers_for(db, "mentor", mentor_id=m.id)
        body = {"reason": "x"}
        r = await client.post(url(a["id"], "end"), json=body, headers={**own, "If-Match": '"1"'})
        assert r.status_code == 403
        r = await client.post(
            url(a["id"], "end"), json=body, headers={**who.camat_gandus, "If-Match": '"1"'}
        )
        assert r.status_code == 404


class TestReassign:
    async def test_moves_the_household_to_another_mentor_atomically(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        old_m, new_m = await mentor(db), await mentor(db, agency_code="DINKES")
        a = await assigned(client, who.admin, h.id, old_m.id)
        r = await client.post(
            url(a["id"], "reassign"),
            json={"mentor_id": str(new_m.id), "reason": "mentor cuti panjang"},
            headers={**who.admin, "If-Match": '"1"'},
        )
        assert r.status_code == 201, r.text
        new = r.json()
        assert new["mentor_id"] == str(new_m.id)
        assert new["status"] == "active"
        assert new["agency_code"] == "DINKES"
        old = (await client.get(url(a["id"]), headers=who.admin)).json()
        assert old["status"] == "ended"
        assert old["end_reason"] == "mentor cuti panjang"
        assert (await client.get(h.url, headers=who.admin)).json()["status"] == "assigned"
        hid = uuid.UUID(h.id)
        active = Assignment.status == "active"
        assert (
            await db.scalar(select(func.count()).where(Assignment.household_id == hid, active)) == 1
        )

    async def test_a_full_new_mentor_leaves_everything_as_it_was(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h, other = await household(client, who.admin), await household(client, who.admin)
        old_m, full = await mentor(db), await mentor(db, capacity=1)
        a = await assigned(client, who.admin, h.id, old_m.id)
        await assigned(client, who.admin, other.id, full.id)
        r = await client.post(
            url(a["id"], "reassign"),
            json={"mentor_id": str(full.id), "reason": "x"},
            headers={**who.admin, "If-Match": '"1"'},
        )
        assert r.status_code == 409
        still = (await client.get(url(a["id"]), headers=who.admin)).json()
        assert still["status"] == "active"
        assert still["version"] == 1

    async def test_the_same_mentor_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        m = await mentor(db, capacity=2)
        a = await assigned(client, who.admin, h.id, m.id)
        r = await client.post(
            url(a["id"], "reassign"),
            json={"mentor_id": str(m.id), "reason": "x"},
            headers={**who.admin, "If-Match": '"1"'},
        )
        assert r.status_code == 422
