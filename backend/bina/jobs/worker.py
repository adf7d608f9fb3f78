"""Job workers: one inside the API process on the embedded default (SQLite), `bina worker`
processes in production — any number, on any host, all claiming from the `jobs` table.

A worker runs up to `job_concurrency` jobs at once on its event loop (a CPU-heavy handler such
as a matching solve moves its work to a thread), keeps their heartbeats fresh so a worker that
dies is noticed and its jobs taken over, queues the periodic kinds once per period, and on
PostgreSQL wakes on NOTIFY from the committing transaction instead of waiting for its next poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import socket
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bina.config import Settings
from bina.db import create_engine, create_sessionmaker
from bina.jobs import kinds, repository
from bina.jobs.service import NOTIFY_CHANNEL, GiveUp, JobContext, JobKind, RetryLater
from bina.models.base import utcnow

logger = logging.getLogger("bina.jobs")

HEARTBEAT_EVERY = timedelta(seconds=10)
STALE_AFTER = timedelta(minutes=2)
SCHEDULE_EVERY = timedelta(seconds=30)
STOP_GRACE_SECONDS = 10.0


def worker_name(kind: str) -> str:
    return f"{kind}:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def slot_start(now: datetime, every: timedelta) -> datetime:
    period = every.total_seconds()
    return datetime.fromtimestamp(math.floor(now.timestamp() / period) * period, UTC)


class Worker:
    def __init__(
        self,
        maker: async_sessionmaker[AsyncSession],
        settings: Settings,
        name: str | None = None,
        stop_grace: float = STOP_GRACE_SECONDS,
    ) -> None:
        self.maker = maker
        self.stop_grace = stop_grace
        self.settings = settings
        self.name = name or worker_name("worker")
        self.kinds = kinds.load()
        self._running: dict[uuid.UUID, asyncio.Task[None]] = {}
        self._wake = asyncio.Event()
        self._stopping = False
        self._scheduled_at: datetime | None = None

    @property
    def _engine(self) -> AsyncEngine:
        engine: AsyncEngine = self.maker.kw["bind"]
        return engine

    def wake(self) -> None:
        """A job was queued: look now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        """Make `run` return between two claims (never in the middle of a statement, which
        would leave its connection behind); the jobs still running are handed back."""
        self._stopping = True
        self._wake.set()

    # ------------------------------------------------------------------------------ running

    async def run_once(self) -> int:
        """Run every due job to its end, then return how many attempts ran (tests, `--once`).
        Periodic kinds are queued by serving workers only (`run`)."""
        total = 0
        while batch := await self._claim(self.settings.job_concurrency):
            await asyncio.gather(*(self._execute(row) for row in batch))
            total += len(batch)
        return total

    async def run_job(self, job_id: uuid.UUID | None) -> bool:
        """Claim and run this one job now (`bina match`); False when it is not due or taken."""
        if job_id is None:
            return False
        now = utcnow()
        async with self.maker() as session, session.begin():
            rows = await repository.claim(
                session, self.name, 1, now, now - STALE_AFTER, only=job_id
            )
        for row in rows:
            await self._execute(row)
        return bool(rows)

    async def run(self) -> None:
        """Serve until stopped (or cancelled)."""
        helpers = [asyncio.create_task(self._heartbeats(), name="bina-jobs-heartbeat")]
        if self._engine.dialect.name == "postgresql":
            helpers.append(asyncio.create_task(self._listen(), name="bina-jobs-listen"))
        logger.info("job worker %s started", self.name)
        try:
            while not self._stopping:
                free = self.settings.job_concurrency - len(self._running)
                claimed = 0
                if free > 0:
                    try:
                        await self.schedule_periodic()
                        batch = await self._claim(free)
                    except Exception:  # the database is away: keep trying, never stop serving
                        logger.exception("job worker %s: claiming failed", self.name)
                        batch = []
                    for row in batch:
                        self._start(row)
                    claimed = len(batch)
                if (claimed and claimed == free) or self._stopping:
                    continue  # maybe more are due (or stop() came while we claimed)
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.settings.worker_poll_seconds)
        finally:
            for task in helpers:
                task.cancel()
            await asyncio.gather(*helpers, return_exceptions=True)
            if self._stopping and self._running:
                # A graceful stop lets what runs finish (a statement cut off in the middle would
                # leave its connection behind); what is still running after the grace goes back.
                await asyncio.wait(list(self._running.values()), timeout=self.stop_grace)
            await self._release_running()

    def _start(self, row: Any) -> None:
        task = asyncio.create_task(self._execute(row), name=f"bina-job-{row.id}")
        self._running[row.id] = task

        def done(_: asyncio.Task[None], job_id: uuid.UUID = row.id) -> None:
            self._running.pop(job_id, None)
            self._wake.set()  # a slot is free

        task.add_done_callback(done)

    async def _claim(self, limit: int) -> Sequence[Any]:
        now = utcnow()
        async with self.maker() as session, session.begin():
            return await repository.claim(session, self.name, limit, now, now - STALE_AFTER)

    async def _execute(self, row: Any) -> None:
        kind = self.kinds.get(row.kind)
        ctx = JobContext(
            id=row.id,
            kind=row.kind,
            payload=dict(row.payload),
            attempt=row.attempts,
            max_attempts=row.max_attempts,
            worker=self.name,
            maker=self.maker,
            settings=self.settings,
        )
        if kind is None:
            await self._fail(ctx, None, f"no handler for job kind {row.kind!r} in this worker")
            return
        if ctx.attempt > ctx.max_attempts:  # each worker that took it died on it
            await self._fail(ctx, kind, f"gave up after {ctx.max_attempts} attempts")
            return
        try:
            await kind.run(ctx)
        except asyncio.CancelledError:
            raise
        except GiveUp as exc:
            await self._fail(ctx, kind, str(exc))
        except RetryLater as exc:
            await self._retry_or_fail(ctx, kind, str(exc), exc.seconds)
        except Exception as exc:
            # The traceback goes to the operator's log; the job keeps only the exception's type,
            # because a driver's message can quote the row's values (personal data).
            logger.exception("job %s (%s) attempt %d failed", ctx.id, ctx.kind, ctx.attempt)
            await self._retry_or_fail(ctx, kind, type(exc).__name__, None)
        else:
            async with self.maker() as session, session.begin():
                await repository.finish(session, ctx.id, self.name, utcnow(), status="succeeded")

    async def _retry_or_fail(
        self, ctx: JobContext, kind: JobKind, error: str, seconds: float | None
    ) -> None:
        if ctx.last_attempt:
            await self._fail(ctx, kind, error)
            return
        now = utcnow()
        delay = kind.backoff(ctx.attempt) if seconds is None else seconds
        async with self.maker() as session, session.begin():
            await repository.finish(
                session,
                ctx.id,
                self.name,
                now,
                status="queued",
                error=error,
                retry_at=now + timedelta(seconds=delay),
            )

    async def _fail(self, ctx: JobContext, kind: JobKind | None, error: str) -> None:
        async with self.maker() as session, session.begin():
            ours = await repository.finish(
                session, ctx.id, self.name, utcnow(), status="failed", error=error
            )
        if ours and kind is not None and kind.on_give_up is not None:
            await kind.on_give_up(ctx, error)

    async def _release_running(self) -> None:
        """Stopping: cancel what runs and hand it back to the queue at once (another worker, or
        this one after a restart, takes it without waiting for the heartbeat to go stale)."""
        tasks = list(self._running.items())
        for _, task in tasks:
            task.cancel()
        for _, task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if not tasks:
            return
        with contextlib.suppress(Exception):
            async with self.maker() as session, session.begin():
                await repository.release(session, self.name, [job_id for job_id, _ in tasks])

    # ---------------------------------------------------------------------- housekeeping

    async def schedule_periodic(self, *, force: bool = False) -> None:
        """Queue one job per period of every periodic kind (each slot once, whoever is first)."""
        now = utcnow()
        if not force and self._scheduled_at and now - self._scheduled_at < SCHEDULE_EVERY:
            return
        self._scheduled_at = now
        dialect = self._engine.dialect.name
        async with self.maker() as session, session.begin():
            for kind in self.kinds.values():
                if kind.every is None:
                    continue
                start = slot_start(now, kind.every)
                await repository.schedule_slot(
                    session,
                    {
                        "id": uuid.uuid4(),
                        "kind": kind.name,
                        "payload": {"slot": start.isoformat()},
                        "status": "queued",
                        "key": f"{kind.name}@{start.isoformat()}",
                        "attempts": 0,
                        "max_attempts": kind.max_attempts,
                        "run_at": start,
                        "created_at": now,
                        "updated_at": now,
                    },
                    dialect,
                )

    async def _heartbeats(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_EVERY.total_seconds())
            if not self._running:
                continue
            try:
                async with self.maker() as session, session.begin():
                    await repository.heartbeat(session, self.name, list(self._running), utcnow())
            except Exception:
                logger.exception("job worker %s: heartbeat failed", self.name)

    async def _listen(self) -> None:
        """PostgreSQL: wake on the NOTIFY a committing `enqueue` sends; reconnect when lost."""
        while True:
            try:
                async with self._engine.connect() as conn:
                    raw = await conn.get_raw_connection()
                    driver = raw.driver_connection
                    assert driver is not None
                    lost = asyncio.Event()
                    driver.add_termination_listener(lambda *_, lost=lost: lost.set())
                    await driver.add_listener(NOTIFY_CHANNEL, lambda *_: self.wake())
                    await lost.wait()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("job worker %s: LISTEN lost; polling until it is back", self.name)
            await asyncio.sleep(5)


class InProcessWorker:
    """The API process's own worker (the embedded default): started and stopped with the app."""

    def __init__(self, maker: async_sessionmaker[AsyncSession], settings: Settings) -> None:
        self.worker = Worker(maker, settings, worker_name("inprocess"))
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self.worker.run(), name="bina-jobs-worker")

    def wake(self) -> None:
        self.worker.wake()

    async def stop(self) -> None:
        if self._task is not None:
            self.worker.stop()
            await self._task


async def run_forever(settings: Settings, *, once: bool = False) -> int:
    """`bina worker`: run jobs until stopped (or, with `once`, until none is due)."""
    engine = create_engine(settings)
    worker = Worker(create_sessionmaker(engine), settings)
    try:
        if once:
            return await worker.run_once()
        await worker.run()
    finally:
        await engine.dispose()
    return 0
