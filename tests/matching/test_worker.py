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
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import Settings
from bina.main import create_app
from bina.matching import cli as matching_cli
from bina.matching import runner
from bina.matching.schemas import MatchingRunCreate
from bina.models import Assignment, MatchingProposal, MatchingRun
from bina.models.base import utcnow
from tests import factories
from tests.matching.factories import BASE, Callers, household, mentor, start, url


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


class TestQueue:
    async def test_concurrent_workers_each_take_a_different_run(
        self, client: httpx.AsyncClient, app: FastAPI, who: Callers
    ) -> None:
        runs = {(await start(client, who.admin))["id"] for _ in range(3)}
        maker = app.state.sessionmaker

        claimed = await asyncio.gather(*(runner.claim(maker, f"w{k}") for k in range(5)))

        taken = [str(c) for c in claimed if c is not None]
        assert sorted(taken) == sorted(runs)

    async def test_a_worker_skips_a_run_another_holds_locked(
        self, client: httpx.AsyncClient, app: FastAPI, who: Callers, backend: str
    ) -> None:
        if backend != "postgres":
            pytest.skip("SQLite has one writer at a time: there is no lock to skip")
        first = await start(client, who.admin)
        second = await start(client, who.admin)
        maker = app.state.sessionmaker
        async with maker() as holder, holder.begin():
            await holder.execute(
                select(MatchingRun.id)
                .where(MatchingRun.id == uuid.UUID(first["id"]))
                .with_for_update()
            )
            # While the first run's row is locked, a worker does not wait: it takes the next.
            assert str(await asyncio.wait_for(runner.claim(maker, "w"), timeout=5)) == second["id"]

    async def test_a_run_whose_worker_died_is_taken_over(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        await household(client, who.admin)
        await mentor(db)
        run = await start(client, who.admin)
        maker = app.state.sessionmaker
        assert str(await runner.claim(maker, "dead")) == run["id"]
        assert await runner.claim(maker, "alive") is None  # its heartbeat is fresh
        await db.execute(
            update(MatchingRun)
            .where(MatchingRun.id == uuid.UUID(run["id"]))
            .values(heartbeat_at=utcnow() - runner.STALE_AFTER - timedelta(seconds=1))
        )
        await db.commit()

        taken = await runner.claim(maker, "alive")

        assert str(taken) == run["id"]
        # The dead worker coming back cannot store its answer any more; the new one does.
        assert taken is not None
        assert await runner.execute(maker, taken, "dead") == "running"
        assert await runner.execute(maker, taken, "alive") == "succeeded"
        shown = (await client.get(url(run["id"]), headers=who.admin)).json()
        assert (shown["status"], shown["attempts"]) == ("succeeded", 2)
        stored = await db.scalars(select(MatchingProposal).where(MatchingProposal.run_id == taken))
        assert len(stored.all()) == 1

    async def test_a_run_that_keeps_killing_workers_fails_with_a_reason(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        run = await start(client, who.admin)
        await db.execute(
            update(MatchingRun)
            .where(MatchingRun.id == uuid.UUID(run["id"]))
            .values(attempts=runner.MAX_ATTEMPTS)
        )
        await db.commit()

        await runner.work_once(app.state.sessionmaker, "w")

        shown = (await client.get(url(run["id"]), headers=who.admin)).json()
        assert shown["status"] == "failed"
        assert shown["error"] == f"gave up after {runner.MAX_ATTEMPTS} attempts"


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
