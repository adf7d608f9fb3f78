"""The demo city's matching run: solved and approved by the same code as the API, then dated
back to when the programme started, so the history that follows has somewhere to begin."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bina.kit.preconditions import etag_of
from bina.matching import approval, runner
from bina.matching import repository as matching_repository
from bina.matching import service as matching_service
from bina.matching.schemas import MatchingRunCreate
from bina.security.principal import Principal
from bina.seed.store import table

# The run the program office would start: the whole city, the API's default weights.
REQUEST = MatchingRunCreate.model_validate({"scope": {}, "weights": {}, "constraints": {}})


@dataclass(frozen=True, slots=True)
class Pair:
    assignment_id: uuid.UUID
    household_id: uuid.UUID
    mentor_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class MatchingOutcome:
    run_id: uuid.UUID
    pairs: list[Pair]
    solve_seconds: float
    certified: bool


async def match_and_approve(
    conn: AsyncConnection, admin: Principal, decided_at: datetime
) -> MatchingOutcome:
    """Queue, solve, store and approve one run inside the seed's transaction (a worker would
    need a connection of its own, which SQLite's single writer lock would keep waiting)."""
    async with AsyncSession(bind=conn, expire_on_commit=False) as session:
        queued = await matching_service.create_run(session, admin, REQUEST)
        run = await matching_repository.lock_run(session, queued.id)
        assert run is not None
        run.status, run.attempts, run.worker = "running", 1, "bina-seed"
        started = time.perf_counter()
        prepared = await runner.prepare(session, REQUEST)
        read_s = time.perf_counter() - started
        # The solver is CPU-bound; a thread keeps the event loop free, as in the worker.
        result = await asyncio.to_thread(runner.solve, prepared, REQUEST)
        await runner.record_success(session, run, prepared, result, read_s)
        await session.flush()
        decided = await approval.approve(session, admin, run.id, etag_of(run.version))
        await session.flush()
        certified = bool(decided.certificate and decided.certificate.holds)
        run_id = run.id
    await _date_back(conn, run_id, decided_at)
    assignments = table("assignments")
    rows = await conn.execute(
        select(assignments.c.id, assignments.c.household_id, assignments.c.mentor_id)
        .where(assignments.c.matching_run_id == run_id, assignments.c.status == "active")
        .order_by(assignments.c.household_id)
    )
    pairs = [Pair(r.id, r.household_id, r.mentor_id) for r in rows]
    return MatchingOutcome(run_id, pairs, time.perf_counter() - started, certified)


async def _date_back(conn: AsyncConnection, run_id: uuid.UUID, decided_at: datetime) -> None:
    """Move the run, its assignments and status changes to `decided_at` (the approval stamps
    them with the clock, which is today, not six months ago). The audit trail is append-only
    and keeps the truth: the seed ran and approved the run today."""
    queued_at = decided_at - timedelta(days=1, hours=2)
    finished_at = queued_at + timedelta(minutes=3)
    runs = table("matching_runs")
    await conn.execute(
        update(runs)
        .where(runs.c.id == run_id)
        .values(
            created_at=queued_at,
            started_at=queued_at,
            finished_at=finished_at,
            decided_at=decided_at,
            updated_at=decided_at,
        )
    )
    assignments = table("assignments")
    await conn.execute(
        update(assignments)
        .where(assignments.c.matching_run_id == run_id)
        .values(started_at=decided_at, created_at=decided_at, updated_at=decided_at)
    )
    history = table("household_status_history")
    await conn.execute(
        update(history)
        .where(history.c.reason == f"matching run {run_id} approved")
        .values(changed_at=decided_at)
    )
    households = table("households")
    await conn.execute(
        update(households)
        .where(households.c.status == "assigned")
        .values(status_changed_at=decided_at, updated_at=decided_at)
    )
