"""Background jobs, one mechanism for all of them (design §2): a domain declares a `JobKind` with
its handler, and `enqueue`s jobs of it in the transaction of the change that asks for them — a
rolled-back change queues nothing. Workers (`bina.jobs.worker`) claim, run and retry them.

Why not a library: the maintained Python queues either need a broker (arq, saq, dramatiq on
Redis) or PostgreSQL alone on their own driver (procrastinate on psycopg, pgqueuer on asyncpg
outside SQLAlchemy), so none writes a job in the request's own SQLAlchemy transaction on both
PostgreSQL and the embedded SQLite default. That transactional enqueue is the one guarantee the
webhooks' outbox and the matching runs rely on; the queue around it is one table and one claim.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bina.config import Settings
from bina.db import WAKE_WORKERS
from bina.errors import NotFound
from bina.jobs import repository
from bina.jobs.schemas import JobFilters, JobList, JobRead
from bina.kit.pagination import PageParams
from bina.models import Job
from bina.models.base import utcnow

NOTIFY_CHANNEL = "bina_jobs"


@dataclass(frozen=True, slots=True)
class JobContext:
    """What a handler gets: its job, which attempt this is, and a way to open transactions."""

    id: uuid.UUID
    kind: str
    payload: dict[str, Any]
    attempt: int  # 1 on the first try
    max_attempts: int
    worker: str
    maker: async_sessionmaker[AsyncSession]
    settings: Settings

    @property
    def last_attempt(self) -> bool:
        return self.attempt >= self.max_attempts


Handler = Callable[[JobContext], Awaitable[None]]
GiveUpHandler = Callable[[JobContext, str], Awaitable[None]]


def exponential_backoff(attempt: int) -> float:
    """Seconds to wait after failed attempt `attempt`: 10 s, 20 s, 40 s ... at most an hour."""
    return float(min(10 * 2 ** (attempt - 1), 3600))


@dataclass(frozen=True)
class JobKind:
    """A kind of job: its name (stored), its handler and its retry policy. `every`: the workers
    queue one job of this kind per period (a periodic task such as the monitoring exits)."""

    name: str
    run: Handler
    max_attempts: int = 5
    backoff: Callable[[int], float] = exponential_backoff
    on_give_up: GiveUpHandler | None = None
    every: timedelta | None = None
    registered: bool = field(default=True, compare=False)

    def __post_init__(self) -> None:
        if self.registered:
            if self.name in KINDS:
                raise ValueError(f"job kind {self.name!r} is declared twice")
            KINDS[self.name] = self


# Every declared kind by name; `bina.jobs.kinds` imports the modules that declare them.
KINDS: dict[str, JobKind] = {}


class RetryLater(Exception):
    """Raised by a handler: try again after `seconds` (instead of the kind's backoff)."""

    def __init__(self, reason: str, seconds: float | None = None) -> None:
        super().__init__(reason)
        self.seconds = seconds


class GiveUp(Exception):
    """Raised by a handler: this job cannot succeed; fail it now without retrying."""


async def enqueue(
    session: AsyncSession,
    kind: JobKind,
    payload: dict[str, Any] | None = None,
    *,
    run_at: datetime | None = None,
    max_attempts: int | None = None,
) -> uuid.UUID:
    """Queue a job in the caller's transaction: it exists if and only if the caller commits.
    `max_attempts` overrides the kind's (a policy read from settings when queued). Its id."""
    [job_id] = await enqueue_many(
        session, kind, [payload or {}], run_at=run_at, max_attempts=max_attempts
    )
    return job_id


async def enqueue_many(
    session: AsyncSession,
    kind: JobKind,
    payloads: list[dict[str, Any]],
    *,
    run_at: datetime | None = None,
    max_attempts: int | None = None,
) -> list[uuid.UUID]:
    """Queue one job per payload in the caller's transaction, in bulk (thousands of webhook
    deliveries of one change): one multi-row INSERT per chunk and one wake-up. The ids, in
    the order of `payloads`."""
    now = utcnow()
    ids = [uuid.uuid4() for _ in payloads]
    rows: list[dict[str, Any]] = [
        {
            "id": job_id,
            "kind": kind.name,
            "payload": payload,
            "status": "queued",
            "attempts": 0,
            "max_attempts": max_attempts or kind.max_attempts,
            "run_at": run_at or now,
            "created_at": now,
            "updated_at": now,
        }
        for job_id, payload in zip(ids, payloads, strict=True)
    ]
    if rows:
        await repository.insert_many(session, rows)
        await _wake(session, kind)
    return ids


async def _wake(session: AsyncSession, kind: JobKind) -> None:
    session.info[WAKE_WORKERS] = True  # this process's worker looks at once after the commit
    bind = session.bind
    if bind is not None and bind.dialect.name == "postgresql":
        # Delivered at commit (never for a rollback) to `bina worker` processes listening.
        await session.execute(select(func.pg_notify(NOTIFY_CHANNEL, kind.name)))


def read(job: Job) -> JobRead:
    return JobRead.model_validate(job, from_attributes=True)


async def list_jobs(session: AsyncSession, filters: JobFilters, page: PageParams) -> JobList:
    items, cursor, total = await repository.list_jobs(session, filters, page)
    return JobList(
        items=[JobRead.model_validate(i) for i in items], next_cursor=cursor, total=total
    )


async def get_job(session: AsyncSession, job_id: uuid.UUID) -> JobRead:
    job = await repository.get(session, job_id)
    if job is None:
        raise NotFound("No job with this id.")
    return read(job)


async def queue_depth(
    session: AsyncSession, now: datetime
) -> list[tuple[str, int, datetime | None]]:
    """Per kind with jobs queued: how many (due or not), and when the oldest due one was due."""
    return [(kind, count, due) for kind, count, due in await repository.queue_depth(session, now)]
