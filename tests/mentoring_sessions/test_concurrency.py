"""A phone on a bad line sends the same session many times at once: one session is stored, with
its actions once, and every answer carries it. On PostgreSQL the requests run in parallel, each on
its own connection (the household row lock orders them); on SQLite they queue behind the single
writer."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import ActionItem, HouseholdStatusChange, MentoringSession
from bina.models.base import utcnow
from tests.assignments.factories import Callers
from tests.mentoring_sessions.factories import mentoring, new_id, record

RACERS = 20


class TestParallelResends:
    async def test_twenty_identical_posts_store_one_session(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        body = m.body(id=new_id())
        answers = await asyncio.gather(
            *(record(client, m.mentor_headers, body) for _ in range(RACERS))
        )
        codes = Counter(r.status_code for r in answers)
        assert codes == {201: 1, 200: RACERS - 1}, [r.text for r in answers if r.status_code > 201]
        assert {r.json()["id"] for r in answers} == {body["id"]}
        assert await db.scalar(select(func.count()).select_from(MentoringSession)) == 1
        assert await db.scalar(select(func.count()).select_from(ActionItem)) == 1
        started = await db.scalar(
            select(func.count()).where(HouseholdStatusChange.to_status == "mentoring")
        )
        assert started == 1

    async def test_twenty_posts_of_one_id_with_different_bodies_store_one(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        session_id = new_id()
        answers = await asyncio.gather(
            *(
                record(client, m.mentor_headers, m.body(id=session_id, duration_minutes=10 + i))
                for i in range(RACERS)
            )
        )
        assert Counter(r.status_code for r in answers) == {201: 1, 409: RACERS - 1}
        assert await db.scalar(select(func.count()).select_from(MentoringSession)) == 1

    async def test_two_mentors_choosing_the_same_id_at_once_store_one_and_the_other_is_409(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        # Different households, so different locks: the id's uniqueness alone decides.
        first, second = await mentoring(client, db, who), await mentoring(client, db, who)
        session_id = new_id()
        bodies = [(m.mentor_headers, m.body(id=session_id)) for m in (first, second)]
        answers = await asyncio.gather(
            *(record(client, headers, body) for _ in range(RACERS // 2) for headers, body in bodies)
        )
        codes = Counter(r.status_code for r in answers)
        assert codes[201] == 1, [r.text for r in answers]
        assert codes[201] + codes[200] + codes[409] == RACERS
        [stored] = (await db.scalars(select(MentoringSession))).all()
        winner = first if stored.mentor_id == first.mentor.id else second
        for r in answers:
            if r.status_code == 409:
                assert r.json()["errors"][0]["type"] == "id_reused"
                assert winner.household.payload["head_name"] not in r.text
        assert Counter(r.status_code for r in answers if r.status_code != 409) == {
            201: 1,
            200: RACERS // 2 - 1,
        }


class TestAnAssignmentEndingMeanwhile:
    async def test_a_visit_waiting_for_the_household_sees_the_assignment_ended_and_is_409(
        self, app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, who: Callers, backend: str
    ) -> None:
        if backend != "postgres":
            pytest.skip("SQLite serialises writers: the end cannot be under way meanwhile")
        m = await mentoring(client, db, who)
        async with app.state.engine.connect() as ending:
            # The coordinator's end holds the household (as every assignment change does)...
            await ending.execute(
                text("SELECT id FROM households WHERE id = :id FOR UPDATE"),
                {"id": m.household.id},
            )
            await ending.execute(
                text(
                    "UPDATE assignments SET status = 'ended', ended_at = :now, "
                    "version = version + 1 WHERE id = :id"
                ),
                {"id": m.assignment_id, "now": utcnow()},
            )
            # ...while the phone's visit arrives and waits for it.
            visit = asyncio.create_task(record(client, m.mentor_headers, m.body(id=new_id())))
            await asyncio.sleep(0.5)
            assert not visit.done()
            await ending.commit()
        r = await visit
        assert r.status_code == 409, r.text
        assert r.json()["errors"][0]["type"] == "assignment_not_active"
        assert await db.scalar(select(func.count()).select_from(MentoringSession)) == 0
