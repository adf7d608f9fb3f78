"""Races: many officers assign at once; the database keeps one active mentor per household and
never more than a mentor's capacity. On PostgreSQL the requests run in parallel, each on its own
pooled connection (row locks + the partial unique index decide); on SQLite they queue behind the
single writer."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Assignment, Household
from tests.assignments.factories import Callers, assign, household, mentor

RACERS = 20


class TestAssignmentRaces:
    async def test_twenty_assignments_of_one_household_give_one_201(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        mentors = [await mentor(db) for _ in range(RACERS)]
        answers = await asyncio.gather(*(assign(client, who.admin, h.id, m.id) for m in mentors))
        codes = Counter(r.status_code for r in answers)
        assert codes == {201: 1, 409: RACERS - 1}, [r.text for r in answers if r.status_code >= 500]
        for r in answers:
            if r.status_code == 409:
                assert r.headers["content-type"] == "application/problem+json"
        active = await db.scalar(
            select(func.count()).where(
                Assignment.household_id == uuid.UUID(h.id), Assignment.status == "active"
            )
        )
        assert active == 1
        status = await db.scalar(select(Household.status).where(Household.id == uuid.UUID(h.id)))
        assert status == "assigned"

    async def test_twenty_households_for_one_mentor_of_capacity_one_give_one_201(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentor(db, capacity=1)
        households = [await household(client, who.admin) for _ in range(RACERS)]
        answers = await asyncio.gather(*(assign(client, who.admin, h.id, m.id) for h in households))
        codes = Counter(r.status_code for r in answers)
        assert codes == {201: 1, 409: RACERS - 1}, [r.text for r in answers if r.status_code >= 500]
        active = await db.scalar(
            select(func.count()).where(Assignment.mentor_id == m.id, Assignment.status == "active")
        )
        assert active == 1
        assigned = await db.scalar(select(func.count()).where(Household.status == "assigned"))
        assert assigned == 1

    async def test_the_same_pair_twenty_times_gives_one_201(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        m = await mentor(db, capacity=3)
        answers = await asyncio.gather(
            *(assign(client, who.admin, h.id, m.id) for _ in range(RACERS))
        )
        assert Counter(r.status_code for r in answers) == {201: 1, 409: RACERS - 1}
        total = await db.scalar(
            select(func.count()).where(Assignment.household_id == uuid.UUID(h.id))
        )
        assert total == 1


class TestReassignRace:
    async def test_twenty_reassignments_of_one_assignment_give_one_201(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        first = await mentor(db)
        r = await assign(client, who.admin, h.id, first.id)
        assert r.status_code == 201
        assignment_id = r.json()["id"]
        others = [await mentor(db) for _ in range(RACERS)]
        answers = await asyncio.gather(
            *(
                client.post(
                    f"/api/v1/assignments/{assignment_id}/reassign",
                    json={"mentor_id": str(m.id), "reason": "mentor pindah"},
                    headers={**who.admin, "If-Match": '"1"'},
                )
                for m in others
            )
        )
        codes = Counter(r.status_code for r in answers)
        assert codes[201] == 1, [r.text for r in answers if r.status_code >= 500]
        assert set(codes) <= {201, 409, 412}
        rows = (
            await db.scalars(select(Assignment).where(Assignment.household_id == uuid.UUID(h.id)))
        ).all()
        assert sorted(a.status for a in rows) == ["active", "ended"]
