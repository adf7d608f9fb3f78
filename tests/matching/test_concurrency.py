"""Races: the officer approves a run while coordinators assign some of the same households by
hand, and a second officer approves the same run (412: it changed meanwhile). Nothing is
overwritten, nothing doubled: each household ends with one active mentor, approved or by hand."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Assignment
from tests.assignments.factories import assign
from tests.matching.factories import Callers, approve, household, mentor, proposals, solved

HOUSEHOLDS = 8


class TestApprovalRaces:
    async def test_approval_racing_manual_assignments_never_doubles_a_household(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        households = [await household(client, who.admin) for _ in range(HOUSEHOLDS)]
        for _ in range(HOUSEHOLDS):
            await mentor(db)
        run = await solved(client, app, who.admin)
        by_hand = [await mentor(db) for _ in range(HOUSEHOLDS)]

        answers = await asyncio.gather(
            approve(client, who.admin, run),
            approve(client, who.admin, run),
            *(
                assign(client, who.camat, h.id, m.id)
                for h, m in zip(households, by_hand, strict=True)
            ),
        )

        approvals, manual = answers[:2], answers[2:]
        assert sorted(r.status_code for r in approvals) == [200, 412], [r.text for r in approvals]
        assert {r.status_code for r in manual} <= {201, 409}, [r.text for r in manual]
        outcome = {
            p["household_id"]: p["outcome"] for p in await proposals(client, who.admin, run["id"])
        }
        for h, r in zip(households, manual, strict=True):
            # the hand won (the proposal is a conflict) or the approval won (the hand got 409)
            expected = "conflict" if r.status_code == 201 else "applied"
            assert outcome[h.id] == expected, (h.id, r.status_code, outcome[h.id])
        active = await db.execute(
            select(Assignment.household_id, func.count())
            .where(Assignment.status == "active")
            .group_by(Assignment.household_id)
        )
        per_household = dict(active.all())
        assert set(per_household) == {uuid.UUID(h.id) for h in households}
        assert set(per_household.values()) == {1}
        per_mentor = Counter(
            (
                await db.scalars(select(Assignment.mentor_id).where(Assignment.status == "active"))
            ).all()
        )
        assert max(per_mentor.values()) == 1
