"""The job queue as the domains and operators use it: a job exists only if the change that asked
for it committed; workers run it once, retry it with backoff, give up with a reason, take over
the jobs of a worker that died, never run one job twice at once, queue periodic jobs once per
period; operators see all of it at /jobs."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import Settings
from bina.jobs import repository
from bina.jobs.service import GiveUp, JobContext, JobKind, RetryLater, enqueue
from bina.jobs.worker import STALE_AFTER, Worker
from bina.models import Job
from bina.models.base import utcnow
from tests import factories

# What the test kinds below were asked to do, by job id: one entry per attempt.
CALLS: dict[str, list[int]] = {}


async def _record(ctx: JobContext) -> None:
    CALLS.setdefault(ctx.payload["tag"], []).append(ctx.attempt)
    outcome = ctx.payload.get("outcome")
    if outcome == "crash" or (outcome == "crash_once" and ctx.attempt == 1):
        raise RuntimeError("the partner answered 500 for Budi Santoso")  # never stored
    if outcome == "give_up":
        raise GiveUp("the endpoint answered 410: disabled")
    if outcome == "later":
        raise RetryLater("rate limited by the partner", seconds=600)
    if outcome == "slow":
        await asyncio.sleep(0.3)
    if outcome == "hang":
        await asyncio.sleep(60)


GAVE_UP: list[tuple[str, str]] = []


async def _gave_up(ctx: JobContext, error: str) -> None:
    GAVE_UP.append((ctx.payload["tag"], error))


ECHO = JobKind("test.echo", _record, max_attempts=3, on_give_up=_gave_up)
EVERY = JobKind("test.hourly", _record, every=timedelta(hours=1))


def tag() -> str:
    return uuid.uuid4().hex


async def queue(app: FastAPI, **payload: Any) -> uuid.UUID:
    async with app.state.sessionmaker() as session, session.begin():
        return await enqueue(session, ECHO, payload)


async def job_row(db: AsyncSession, job_id: uuid.UUID) -> Job:
    await db.rollback()  # a fresh snapshot: what the workers committed since
    job = await db.get(Job, job_id, populate_existing=True)
    assert job is not None
    return job


async def until(db: AsyncSession, job_id: uuid.UUID, status: str) -> None:
    """Wait (at most 10 s) until the job has `status`."""
    for _ in range(1000):
        if (await job_row(db, job_id)).status == status:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"job {job_id} never became {status}")


def worker(app: FastAPI, settings: Settings, name: str = "w") -> Worker:
    return Worker(app.state.sessionmaker, settings, name)


class TestEnqueue:
    async def test_a_job_exists_only_if_its_transaction_commits(
        self, app: FastAPI, db: AsyncSession
    ) -> None:
        kept, dropped = tag(), tag()
        async with app.state.sessionmaker() as session:
            async with session.begin():
                await enqueue(session, ECHO, {"tag": kept})
            await session.begin()
            await enqueue(session, ECHO, {"tag": dropped})
            await session.rollback()  # the change failed

        tags = [j.payload["tag"] for j in (await db.scalars(select(Job))).all()]
        assert tags == [kept]


class TestWorker:
    async def test_runs_a_job_once_and_records_success(
        self, app: FastAPI, db: AsyncSession, settings: Settings
    ) -> None:
        t = tag()
        job_id = await queue(app, tag=t)

        assert await worker(app, settings).run_once() == 1
        assert await worker(app, settings).run_once() == 0

        job = await job_row(db, job_id)
        assert (job.status, job.attempts, job.last_error) == ("succeeded", 1, None)
        assert job.finished_at is not None
        assert CALLS[t] == [1]

    async def test_a_failure_is_retried_later_with_backoff_and_then_succeeds(
        self, app: FastAPI, db: AsyncSession, settings: Settings
    ) -> None:
        t = tag()
        job_id = await queue(app, tag=t, outcome="crash_once")
        before = utcnow()

        await worker(app, settings).run_once()

        job = await job_row(db, job_id)
        assert (job.status, job.attempts) == ("queued", 1)
        # Only the exception's type is kept: a message can quote personal data.
        assert job.last_error == "RuntimeError"
        assert job.run_at >= before + timedelta(seconds=ECHO.backoff(1))
        assert await worker(app, settings).run_once() == 0  # not due yet

        await db.execute(update(Job).where(Job.id == job_id).values(run_at=utcnow()))
        await db.commit()
        await worker(app, settings).run_once()

        job = await job_row(db, job_id)
        assert (job.status, job.attempts) == ("succeeded", 2)
        assert CALLS[t] == [1, 2]

    async def test_after_the_last_attempt_it_fails_and_its_kind_is_told(
        self, app: FastAPI, db: AsyncSession, settings: Settings
    ) -> None:
        t = tag()
        job_id = await queue(app, tag=t, outcome="crash")
        for _ in range(ECHO.max_attempts):
            await db.execute(update(Job).where(Job.id == job_id).values(run_at=utcnow()))
            await db.commit()
            await worker(app, settings).run_once()

        job = await job_row(db, job_id)
        assert (job.status, job.attempts, job.last_error) == ("failed", 3, "RuntimeError")
        assert CALLS[t] == [1, 2, 3]
        assert (t, "RuntimeError") in GAVE_UP

    async def test_give_up_fails_at_once_with_its_reason(
        self, app: FastAPI, db: AsyncSession, settings: Settings
    ) -> None:
        t = tag()
        job_id = await queue(app, tag=t, outcome="give_up")

        await worker(app, settings).run_once()

        job = await job_row(db, job_id)
        assert (job.status, job.attempts) == ("failed", 1)
        assert job.last_error == "the endpoint answered 410: disabled"
        assert (t, job.last_error) in GAVE_UP

    async def test_retry_later_waits_as_long_as_the_handler_says(
        self, app: FastAPI, db: AsyncSession, settings: Settings
    ) -> None:
        job_id = await queue(app, tag=tag(), outcome="later")
        before = utcnow()

        await worker(app, settings).run_once()

        job = await job_row(db, job_id)
        assert (job.status, job.last_error) == ("queued", "rate limited by the partner")
        assert before + timedelta(seconds=600) <= job.run_at <= utcnow() + timedelta(seconds=600)

    async def test_concurrent_workers_never_run_one_job_twice(
        self, app: FastAPI, db: AsyncSession, settings: Settings
    ) -> None:
        tags = [tag() for _ in range(12)]
        for t in tags:
            await queue(app, tag=t, outcome="slow")

        ran = await asyncio.gather(*(worker(app, settings, f"w{k}").run_once() for k in range(4)))

        assert sum(ran) == 12
        assert all(CALLS[t] == [1] for t in tags)
        statuses = {j.status for j in (await db.scalars(select(Job))).all()}
        assert statuses == {"succeeded"}

    @pytest.mark.postgres_only(reason="SQLite has one writer at a time: there is no lock to skip")
    async def test_a_worker_skips_a_job_another_holds_locked(
        self, app: FastAPI, settings: Settings
    ) -> None:
        first = await queue(app, tag=tag())
        second = await queue(app, tag=tag())
        maker = app.state.sessionmaker
        async with maker() as holder, holder.begin():
            await holder.execute(select(Job.id).where(Job.id == first).with_for_update())
            now = utcnow()
            async with maker() as session, session.begin():
                rows = await asyncio.wait_for(
                    repository.claim(session, "w", 5, now, now - STALE_AFTER), timeout=5
                )
        assert [r.id for r in rows] == [second]

    async def test_the_job_of_a_worker_that_died_is_taken_over(
        self, app: FastAPI, db: AsyncSession, settings: Settings
    ) -> None:
        t = tag()
        job_id = await queue(app, tag=t)
        now = utcnow()
        async with app.state.sessionmaker() as session, session.begin():
            await repository.claim(session, "dead", 1, now, now - STALE_AFTER)
        assert await worker(app, settings, "alive").run_once() == 0  # its heartbeat is fresh

        stale = utcnow() - STALE_AFTER - timedelta(seconds=1)
        await db.execute(update(Job).where(Job.id == job_id).values(heartbeat_at=stale))
        await db.commit()
        assert await worker(app, settings, "alive").run_once() == 1

        job = await job_row(db, job_id)
        assert (job.status, job.attempts, job.worker) == ("succeeded", 2, "alive")
        # The dead worker's late answer changes nothing.
        async with app.state.sessionmaker() as session, session.begin():
            assert not await repository.finish(
                session, job_id, "dead", utcnow(), status="failed", error="late"
            )

    async def _stop_while_running(
        self, app: FastAPI, db: AsyncSession, settings: Settings, outcome: str, grace: float
    ) -> Job:
        """Stop a serving worker while it runs a job of `outcome`; the job afterwards."""
        job_id = await queue(app, tag=tag(), outcome=outcome)
        serving = Worker(app.state.sessionmaker, settings, "stopping", stop_grace=grace)
        task = asyncio.create_task(serving.run())
        await until(db, job_id, "running")
        serving.stop()
        await asyncio.wait_for(task, timeout=10)
        return await job_row(db, job_id)

    async def test_a_stopping_worker_lets_a_short_job_finish(
        self, app: FastAPI, db: AsyncSession, settings: Settings
    ) -> None:
        job = await self._stop_while_running(app, db, settings, "slow", grace=10)
        assert (job.status, job.attempts) == ("succeeded", 1)

    async def test_a_stopping_worker_hands_back_what_outlasts_its_grace(
        self, app: FastAPI, db: AsyncSession, settings: Settings
    ) -> None:
        job = await self._stop_while_running(app, db, settings, "hang", grace=0.2)
        assert (job.status, job.attempts, job.worker) == ("queued", 0, None)

    async def test_a_serving_worker_runs_what_a_request_queues(
        self, app: FastAPI, db: AsyncSession, settings: Settings
    ) -> None:
        # A poll of an hour: only the wake-up (in-process) or NOTIFY (PostgreSQL) gets it run.
        serving = Worker(
            app.state.sessionmaker,
            settings.model_copy(update={"worker_poll_seconds": 3600}),
            "listening",
        )
        task = asyncio.create_task(serving.run())
        try:
            await asyncio.sleep(0.2)  # listening
            app.state.wake_workers = serving.wake
            t = tag()
            job_id = await queue(app, tag=t)
            if settings.is_sqlite:
                serving.wake()  # as the request's session does after its commit
            await until(db, job_id, "succeeded")
            assert CALLS.get(t) == [1]
        finally:
            app.state.wake_workers = None
            serving.stop()
            await asyncio.wait_for(task, timeout=10)


class TestPeriodic:
    async def test_each_period_is_queued_once_however_many_workers_schedule_it(
        self, app: FastAPI, db: AsyncSession, settings: Settings
    ) -> None:
        for name in ("a", "b", "a"):
            await worker(app, settings, name).schedule_periodic(force=True)

        hourly = (await db.scalars(select(Job).where(Job.kind == EVERY.name))).all()
        assert len(hourly) == 1
        assert hourly[0].key == f"test.hourly@{hourly[0].run_at.isoformat()}"
        assert hourly[0].run_at <= utcnow()
        kinds = {j.kind for j in (await db.scalars(select(Job))).all()}
        assert {"graduation.exit_monitored", "jobs.prune"} <= kinds

    async def test_prune_deletes_jobs_finished_long_ago(
        self, app: FastAPI, db: AsyncSession, settings: Settings
    ) -> None:
        old, recent = await queue(app, tag=tag()), await queue(app, tag=tag())
        await worker(app, settings).run_once()
        long_ago = utcnow() - timedelta(days=settings.job_retention_days + 1)
        await db.execute(update(Job).where(Job.id == old).values(finished_at=long_ago))
        await db.commit()

        async with app.state.sessionmaker() as session, session.begin():
            await repository.prune(session, utcnow() - timedelta(days=settings.job_retention_days))

        left = {j.id for j in (await db.scalars(select(Job))).all()}
        assert old not in left
        assert recent in left


class TestJobsEndpoint:
    async def test_admin_sees_jobs_by_kind_and_status(
        self, app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, settings: Settings
    ) -> None:
        admin = await factories.headers_for(db, "admin")
        failed = await queue(app, tag=tag(), outcome="give_up")
        await worker(app, settings).run_once()
        waiting = await queue(app, tag=tag())

        r = await client.get("/api/v1/jobs?kind=test.echo&status=failed", headers=admin)

        assert r.status_code == 200
        [shown] = r.json()["items"]
        assert shown["id"] == str(failed)
        assert shown["last_error"] == "the endpoint answered 410: disabled"
        one = (await client.get(f"/api/v1/jobs/{waiting}", headers=admin)).json()
        assert (one["status"], one["attempts"], one["max_attempts"]) == ("queued", 0, 3)

    @pytest.mark.parametrize("role", ["coordinator", "agency_admin", "mentor", "auditor"])
    async def test_other_roles_are_refused(
        self, client: httpx.AsyncClient, db: AsyncSession, role: str
    ) -> None:
        headers = await factories.headers_for(db, role)
        assert (await client.get("/api/v1/jobs", headers=headers)).status_code == 403

    async def test_anonymous_is_401_and_an_unknown_job_404(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        assert (await client.get("/api/v1/jobs")).status_code == 401
        admin = await factories.headers_for(db, "admin")
        r = await client.get(f"/api/v1/jobs/{uuid.uuid4()}", headers=admin)
        assert r.status_code == 404
        assert r.headers["content-type"] == "application/problem+json"
