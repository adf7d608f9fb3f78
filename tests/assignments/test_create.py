"""POST /assignments: an officer gives a household its mentor by hand."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Assignment, AuditEvent, Household
from tests import factories
from tests.assignments.factories import BASE, Callers, assign, assigned, household, mentor, url


class TestCreateAssignment:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        m = await mentor(db)
        r = await client.post(BASE, json={"household_id": str(m.id), "mentor_id": str(m.id)})
        assert r.status_code == 401

    @pytest.mark.parametrize("role", ["agency_admin", "mentor", "auditor"])
    async def test_read_only_roles_are_403(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, role: str
    ) -> None:
        h = await household(client, who.admin)
        m = await mentor(db)
        headers = await factories.headers_for(db, role)
        r = await assign(client, headers, h.id, m.id)
        assert r.status_code == 403
        assert r.headers["content-type"] == "application/problem+json"

    async def test_admin_assigns_and_the_household_becomes_assigned(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        m = await mentor(db)
        r = await assign(client, who.admin, h.id, m.id)
        assert r.status_code == 201, r.text
        body = r.json()
        assert r.headers["etag"] == '"1"'
        assert r.headers["location"] == url(body["id"])
        assert body["status"] == "active"
        assert body["origin"] == "manual"
        assert body["score"] is None
        assert body["breakdown"] is None
        assert body["started_at"]
        assert body["ended_at"] is None
        assert body["kecamatan_code"] == "16.71.13"
        assert body["agency_code"] == "DINSOS"
        read = await client.get(h.url, headers=who.admin)
        assert read.json()["status"] == "assigned"
        events = (
            await db.scalars(select(AuditEvent).where(AuditEvent.action == "assignment.create"))
        ).all()
        assert [e.object_id for e in events] == [body["id"]]

    async def test_coordinator_assigns_in_its_region_only(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        mine = await household(client, who.admin)
        theirs = await household(client, who.admin, gandus=True)
        m1, m2 = await mentor(db), await mentor(db)
        assert (await assign(client, who.camat, mine.id, m1.id)).status_code == 201
        r = await assign(client, who.camat, theirs.id, m2.id)
        assert r.status_code == 404
        assert theirs.payload["head_name"] not in r.text

    async def test_unknown_mentor_is_422_on_the_field(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        r = await assign(client, who.admin, h.id, h.id)
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "mentor_id"]

    async def test_unknown_household_is_404(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentor(db)
        r = await assign(client, who.admin, m.id, m.id)
        assert r.status_code == 404

    async def test_extra_fields_are_422(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        m = await mentor(db)
        body = {"household_id": h.id, "mentor_id": str(m.id), "status": "ended"}
        r = await client.post(BASE, json=body, headers=who.admin)
        assert r.status_code == 422

    @pytest.mark.parametrize(
        "overrides", [{"available": False}, {"status": "on_leave"}, {"status": "retired"}]
    )
    async def test_a_mentor_not_active_and_available_is_409(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        who: Callers,
        overrides: dict[str, object],
    ) -> None:
        h = await household(client, who.admin)
        m = await mentor(db, **overrides)
        r = await assign(client, who.admin, h.id, m.id)
        assert r.status_code == 409
        assert r.json()["errors"][0]["type"] == "mentor_unavailable"

    @pytest.mark.parametrize("status", ["graduated", "exited", "moved"])
    async def test_a_household_that_left_the_programme_is_409(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, status: str
    ) -> None:
        h = await household(client, who.admin)
        await db.execute(
            update(Household).where(Household.id == uuid.UUID(h.id)).values(status=status)
        )
        await db.commit()
        m = await mentor(db)
        r = await assign(client, who.admin, h.id, m.id)
        assert r.status_code == 409
        assert status in r.json()["detail"]

    async def test_a_household_with_an_active_mentor_is_409(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        m1, m2 = await mentor(db), await mentor(db)
        await assigned(client, who.admin, h.id, m1.id)
        r = await assign(client, who.admin, h.id, m2.id)
        assert r.status_code == 409
        assert r.json()["errors"][0]["type"] == "already_assigned"

    async def test_a_mentor_at_capacity_is_409(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentor(db, capacity=2)
        h1, h2, h3 = [await household(client, who.admin) for _ in range(3)]
        await assigned(client, who.admin, h1.id, m.id)
        await assigned(client, who.admin, h2.id, m.id)
        r = await assign(client, who.admin, h3.id, m.id)
        assert r.status_code == 409
        assert r.json()["errors"][0]["type"] == "capacity_full"
        rows = (await db.scalars(select(Assignment).where(Assignment.mentor_id == m.id))).all()
        assert len(rows) == 2
