"""SQL for jobs: the claim (`FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite the claiming
transaction holds the single write lock), heartbeats, outcomes, periodic slots, pruning, lists."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bina.jobs.schemas import JobFilters
from bina.kit.pagination import PageParams, SortKey, mapping_page
from bina.kit.repository import CHUNK
from bina.models import Job
from bina.models.base import utcnow

JOBS = cast(Table, Job.__table__)
_j = JOBS.c
JOB_SORT = {"created_at": SortKey("created_at", _j.created_at, datetime)}


async def insert_many(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """New jobs in bulk: one multi-row INSERT per chunk."""
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(JOBS), rows[start : start + CHUNK])


async def claim(
    session: AsyncSession,
    worker: str,
    limit: int,
    now: datetime,
    stale_before: datetime,
    only: uuid.UUID | None = None,
) -> Sequence[Any]:
    """Take up to `limit` due jobs for `worker` (or just job `only`): queued ones whose time has
    come, and running ones whose worker stopped sending heartbeats (it died). Each claim counts
    as an attempt."""
    # Two statements, each an index range: one OR over both kinds of due job made PostgreSQL
    # scan and sort the whole queue on every claim (8-15 ms with 10,000 webhook deliveries
    # queued, bench/webhooks.py). Taken-over jobs first; then the queued ones in `run_at` order
    # (`ix_jobs_queue` gives that order without a sort; jobs due at the same instant in any).
    only_this = [] if only is None else [_j.id == only]
    ids = list(
        (
            await session.scalars(
                select(_j.id)
                .where(_j.status == "running", _j.heartbeat_at < stale_before, *only_this)
                .order_by(_j.run_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
    )
    if len(ids) < limit:
        ids += (
            await session.scalars(
                select(_j.id)
                .where(_j.status == "queued", _j.run_at <= now, *only_this)
                .order_by(_j.run_at)
                .limit(limit - len(ids))
                .with_for_update(skip_locked=True)
            )
        ).all()
    if not ids:
        return []
    result = await session.execute(
        update(JOBS)
        .where(_j.id.in_(ids))
        .values(
            status="running",
            worker=worker,
            attempts=_j.attempts + 1,
            heartbeat_at=now,
            started_at=now,
            updated_at=now,
        )
        .returning(_j.id, _j.kind, _j.payload, _j.attempts, _j.max_attempts)
    )
    return sorted(result.all(), key=lambda r: ids.index(r.id))


async def heartbeat(
    session: AsyncSession, worker: str, job_ids: Sequence[uuid.UUID], now: datetime
) -> None:
    await session.execute(
        update(JOBS)
        .where(_j.id.in_(job_ids), _j.worker == worker, _j.status == "running")
        .values(heartbeat_at=now)
    )


async def finish(
    session: AsyncSession,
    job_id: uuid.UUID,
    worker: str,
    now: datetime,
    *,
    status: str,
    error: str | None = None,
    retry_at: datetime | None = None,
) -> bool:
    """Record an attempt's outcome, if the job is still this worker's (not taken over)."""
    values: dict[str, Any] = {"status": status, "last_error": error, "updated_at": now}
    if retry_at is not None:
        values |= {"run_at": retry_at, "worker": None, "heartbeat_at": None}
    else:
        values["finished_at"] = now
    result = await session.execute(
        update(JOBS)
        .where(_j.id == job_id, _j.worker == worker, _j.status == "running")
        .values(**values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def schedule_slot(session: AsyncSession, row: dict[str, Any], dialect: str) -> None:
    """Insert a periodic job unless its slot (`key`) is already queued or done."""
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(JOBS).values(**row)
    await session.execute(stmt.on_conflict_do_nothing(index_elements=["key"]))


async def prune(session: AsyncSession, finished_before: datetime) -> int:
    result = await session.execute(
        delete(JOBS).where(_j.finished_at.is_not(None), _j.finished_at < finished_before)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def get(session: AsyncSession, job_id: uuid.UUID) -> Job | None:
    job: Job | None = await session.get(Job, job_id, populate_existing=True)
    return job


async def list_jobs(
    session: AsyncSession, filters: JobFilters, page: PageParams
) -> tuple[Sequence[dict[str, Any]], str | None, int | None]:
    where = []
    if filters.kind is not None:
        where.append(_j.kind == filters.kind)
    if filters.status is not None:
        where.append(_j.status == filters.status)
    total = None
    if page.include_total:
        total = await session.scalar(select(func.count()).select_from(JOBS).where(*where))
    rows, cursor = await mapping_page(
        session,
        select(*_j).where(*where),
        keys=JOB_SORT,
        sort="-created_at",
        id_column=_j.id,
        page=page,
    )
    return rows, cursor, total


async def queue_depth(session: AsyncSession, now: datetime) -> Sequence[Any]:
    """Per kind: jobs waiting (queued, due or not) and the age of the oldest due one (seconds)."""
    return (
        await session.execute(
            select(
                _j.kind,
                func.count(),
                func.min(_j.run_at).filter(_j.run_at <= now),
            )
            .where(_j.status == "queued")
            .group_by(_j.kind)
        )
    ).all()


async def release(session: AsyncSession, worker: str, job_ids: Sequence[uuid.UUID]) -> None:
    """A stopping worker hands its jobs back: queued again now, the interrupted try not counted."""
    now = utcnow()
    await session.execute(
        update(JOBS)
        .where(_j.id.in_(job_ids), _j.worker == worker, _j.status == "running")
        .values(
            status="queued",
            worker=None,
            heartbeat_at=None,
            attempts=_j.attempts - 1,
            run_at=now,
            updated_at=now,
        )
    )
