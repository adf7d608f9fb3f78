"""`bina match` and `bina worker`: matching from the command line, the same code as the API."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import select

from bina.config import Settings
from bina.db import create_engine, create_sessionmaker
from bina.jobs.worker import Worker, worker_name
from bina.kit.preconditions import etag_of
from bina.matching import approval, service
from bina.matching.schemas import MatchingRunCreate, MatchingRunRead
from bina.models import User
from bina.security.principal import Principal, Role


async def _admin(settings: Settings, email: str) -> Principal:
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session:
            user = await session.scalar(select(User).where(User.email == email.strip().lower()))
    finally:
        await engine.dispose()
    if user is None or not user.active or user.role != Role.ADMIN.value:
        raise ValueError(f"{email} is not an active admin account")
    return Principal(
        user.id, Role.ADMIN, user.email, user.agency_code, user.region_code, user.mentor_id
    )


async def match(
    settings: Settings,
    request: MatchingRunCreate,
    *,
    by: str,
    approve: bool,
    echo: Callable[[str], None],
) -> MatchingRunRead:
    """Queue a run as admin `by`, solve it here and now, optionally approve it."""
    principal = await _admin(settings, by)
    engine = create_engine(settings)
    maker = create_sessionmaker(engine)
    try:
        async with maker() as session, session.begin():
            run = await service.create_run(session, principal, request)
        echo(f"run {run.id} queued; solving ...")
        if not await Worker(maker, settings, worker_name("cli")).run_job(run.job_id):
            raise ValueError(f"run {run.id} was taken by another worker")
        async with maker() as session:
            run = await service.get_run(session, run.id)
        _describe(run, echo)
        if approve and run.status == "succeeded":
            started = time.perf_counter()
            async with maker() as session, session.begin():
                run = await approval.approve(session, principal, run.id, etag_of(run.version))
            decision = run.decision.model_dump() if run.decision else {}
            echo(f"approved in {time.perf_counter() - started:.2f} s: {decision}")
        return run
    finally:
        await engine.dispose()


def _describe(run: MatchingRunRead, echo: Callable[[str], None]) -> None:
    echo(f"status {run.status}" + (f": {run.error}" if run.error else ""))
    stats, cert = run.statistics, run.certificate
    if stats is None or cert is None:
        return
    echo(
        f"households {stats.households}, mentors {stats.mentors}: matched {stats.matched}, "
        f"unmatched {stats.unmatched} {stats.unmatched_by_reason}"
    )
    echo(f"changes {stats.changes}")
    echo(
        f"objective {run.objective} (greedy {run.greedy_objective}, gain {stats.greedy_gain}); "
        f"mean distance {stats.mean_distance_km} km, p95 {stats.p95_distance_km} km; "
        f"need coverage {stats.need_coverage}"
    )
    echo(
        f"optimality certificate {'holds' if cert.holds else 'DOES NOT HOLD'} after "
        f"{cert.rounds} round(s); solved in {run.solve_seconds} s"
    )
    echo("timings " + ", ".join(f"{k} {v}" for k, v in stats.timings.items()))
