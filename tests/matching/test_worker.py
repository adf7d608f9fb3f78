"""Workers: the API process solves runs itself on the embedded default; `bina worker` processes
share the queue without ever taking the same run twice; a worker that dies is taken over;
`bina match` does the same from the command line."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bina.config import Settings
from bina.jobs import repository as jobs_repository
from bina.jobs.worker import STALE_AFTER, Worker
from bina.main import create_app
from bina.matching import cli as matching_cli
from bina.matching import jobs as matching_jobs
from bina.matching import runner
from bina.matching.schemas import MatchingRunCreate
from bina.models import Assignment, Job, MatchingProposal, MatchingRun
from bina.models.base import utcnow
from tests import factories
from tests.matching.factories import BASE, Callers, discard, household, mentor, start, url


class TestInProcessWorker:
    async def test_the_api_solves_a_run_in_the_background(
        self, settings: Settings, db: AsyncSession
    ) -> None:
        own = create_app(settings.model_copy(update={"worker_mode": "inprocess"}))
        async with own.router.lifespan_context(own):
            transport = httpx.ASGITransport(app=own)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                admin = await factories.headers_for(db, "admin")
                await household(client, admin)
                await mentor(db)
                r = await client.post(BASE, json={}, headers=admin)
                assert r.status_code == 202
                run = r.json()
                deadline = time.monotonic() + 60
                while run["status"] in ("queued", "running") and time.monotonic() < deadline:
                    await asyncio.sleep(0.05)
                    run = (await client.get(url(run["id"]), headers=admin)).json()
        assert run["status"] == "succeeded"
        assert run["statistics"]["matched"] == 1


def _jobs(maker: async_sessionmaker[AsyncSession], name: str, settings: Settings) -> Worker:
    return Worker(maker, settings, name)


class TestRunsAsJobs:
    async def test_a_run_is_a_job_written_with_it_and_shown_on_the_run(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        run = await start(client, who.admin)

        job = await db.get(Job, uuid.UUID(run["job_id"]))
        assert job is not None
        assert (job.kind, job.status, job.payload) == (
            "matching.run",
            "queued",
            {"run_id": run["id"]},
        )
        shown = (await client.get(f"/api/v1/jobs/{run['job_id']}", headers=who.admin)).json()
        assert shown["status"] == "queued"

    async def test_a_refused_run_queues_no_job(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        r = await client.post(BASE, json={"weights": {"competence": -1}}, headers=who.admin)

        assert r.status_code == 422
        assert (await db.scalars(select(Job))).all() == []

    async def test_a_run_whose_worker_died_is_taken_over(
        self,
        client: httpx.AsyncClient,
        app: FastAPI,
        db: AsyncSession,
        who: Callers,
        settings: Settings,
    ) -> None:
        await household(client, who.admin)
        await mentor(db)
        run = await start(client, who.admin)
        run_id, maker, now = uuid.UUID(run["id"]), app.state.sessionmaker, utcnow()
        # A worker took the job and started the run, then died: no more heartbeats.
        async with maker() as session, session.begin():
            [job] = await jobs_repository.claim(session, "dead", 1, now, now - STALE_AFTER)
        await db.execute(
            update(MatchingRun)
            .where(MatchingRun.id == run_id)
            .values(status="running", worker="dead")
        )
        await db.execute(
            update(Job)
            .where(Job.id == job.id)
            .values(heartbeat_at=now - STALE_AFTER - timedelta(seconds=1))
        )
        await db.commit()

        assert await _jobs(maker, "alive", settings).run_once() == 1

        shown = (await client.get(url(run["id"]), headers=who.admin)).json()
        assert (shown["status"], shown["attempts"]) == ("succeeded", 2)
        stored = await db.scalars(select(MatchingProposal).where(MatchingProposal.run_id == run_id))
        assert len(stored.all()) == 1
        # The dead worker coming back finds the run solved: it stores nothing more.
        assert await runner.execute(maker, run_id, "dead", 1) == "skipped"

    async def test_a_run_that_keeps_killing_workers_fails_with_a_reason(
        self,
        client: httpx.AsyncClient,
        app: FastAPI,
        db: AsyncSession,
        who: Callers,
        settings: Settings,
    ) -> None:
        run = await start(client, who.admin)
        await db.execute(
            update(Job)
            .where(Job.id == uuid.UUID(run["job_id"]))
            .values(attempts=matching_jobs.MAX_ATTEMPTS)
        )
        await db.commit()

        await _jobs(app.state.sessionmaker, "w", settings).run_once()

        shown = (await client.get(url(run["id"]), headers=who.admin)).json()
        assert shown["status"] == "failed"
        assert shown["error"] == f"gave up after {matching_jobs.MAX_ATTEMPTS} attempts"
        job = (await client.get(f"/api/v1/jobs/{run['job_id']}", headers=who.admin)).json()
        assert (job["status"], job["last_error"]) == ("failed", shown["error"])

    async def test_a_discarded_run_is_not_solved(
        self,
        client: httpx.AsyncClient,
        app: FastAPI,
        db: AsyncSession,
        who: Callers,
        settings: Settings,
    ) -> None:
        await household(client, who.admin)
        await mentor(db)
        run = await start(client, who.admin)
        await discard(client, who.admin, run)

        await _jobs(app.state.sessionmaker, "w", settings).run_once()

        shown = (await client.get(url(run["id"]), headers=who.admin)).json()
        assert shown["status"] == "discarded"
        assert (await db.scalars(select(MatchingProposal))).all() == []


class TestMatchCommand:
    async def test_bina_match_solves_and_approves(
        self, app: FastAPI, settings: Settings, db: AsyncSession, client: httpx.AsyncClient
    ) -> None:
        admin = await factories.user(db, role="admin")
        h = await household(client, factories.bearer(admin))
        await mentor(db)
        lines: list[str] = []

        run = await matching_cli.match(
            settings, MatchingRunCreate(), by=admin.email, approve=True, echo=lines.append
        )

        assert run.status == "approved"
        assert any("certificate holds" in line for line in lines)
        active = await db.scalars(
            select(Assignment).where(
                Assignment.household_id == uuid.UUID(h.id), Assignment.status == "active"
            )
        )
        [assignment] = active.all()
        assert assignment.matching_run_id == run.id
        assert assignment.created_by == admin.id

    async def test_only_an_active_admin_may_run_it(
        self, app: FastAPI, settings: Settings, db: AsyncSession
    ) -> None:
        camat = await factories.user(db, role="coordinator", region_code="16.71.13")
        with pytest.raises(ValueError, match="not an active admin"):
            await matching_cli.match(
                settings, MatchingRunCreate(), by=camat.email, approve=False, echo=print
            )
