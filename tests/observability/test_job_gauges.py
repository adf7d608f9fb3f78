"""The job queue as /metrics shows it: jobs waiting per kind and how long the oldest due one has
waited, read from the database (workers are other processes, on other hosts)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import update

from bina.config import get_settings
from bina.graduation.jobs import EXIT_MONITORED
from bina.jobs.service import enqueue
from bina.main import create_app
from bina.matching.jobs import RUN
from bina.models import Job
from bina.models.base import utcnow
from tests.observability.conftest import scrape

QUEUED = "bina_jobs_queued"
OLDEST = "bina_jobs_oldest_age_seconds"


class TestJobGauges:
    async def test_waiting_jobs_per_kind_and_the_oldest_due_ones_age(
        self, client: httpx.AsyncClient, app: FastAPI
    ) -> None:
        now = utcnow()
        async with app.state.sessionmaker() as session, session.begin():
            for minutes_ago in (10, 1, -30):  # the last one is due in half an hour
                payload = {"run_id": str(uuid.uuid4())}
                await enqueue(session, RUN, payload, run_at=now - timedelta(minutes=minutes_ago))
            running = await enqueue(session, RUN, {"run_id": str(uuid.uuid4())})
            # A worker has it: no longer waiting.
            await session.execute(update(Job).where(Job.id == running).values(status="running"))

        metrics = await scrape(client)

        assert metrics.value(QUEUED, kind=RUN.name) == 3
        assert metrics.value(OLDEST, kind=RUN.name) >= 10 * 60
        assert metrics.value(OLDEST, kind=RUN.name) < 60 * 60  # not the one due later

    async def test_a_kind_with_nothing_waiting_reads_zero(self, client: httpx.AsyncClient) -> None:
        metrics = await scrape(client)

        assert EXIT_MONITORED.name in metrics.label_values(QUEUED, "kind")
        assert metrics.value(QUEUED, kind=EXIT_MONITORED.name) == 0
        assert metrics.value(OLDEST, kind=EXIT_MONITORED.name) == 0

    async def test_jobs_due_later_only_have_no_age(
        self, client: httpx.AsyncClient, app: FastAPI
    ) -> None:
        async with app.state.sessionmaker() as session, session.begin():
            await enqueue(session, EXIT_MONITORED, run_at=utcnow() + timedelta(hours=1))

        metrics = await scrape(client)

        assert metrics.value(QUEUED, kind=EXIT_MONITORED.name) == 1
        assert metrics.value(OLDEST, kind=EXIT_MONITORED.name) == 0


class TestDatabaseDown:
    async def test_request_metrics_are_still_answered(self) -> None:
        """While the database is down the request metrics matter most; the job gauges go."""
        down = get_settings().model_copy(
            update={"database_url": "postgresql+asyncpg://postgres@127.0.0.1:9/bina"}
        )
        app = create_app(down)
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://testserver") as c,
        ):
            await c.get("/healthz")
            metrics = await scrape(c)

        assert metrics.value("http_requests_total", route="/healthz", status="200") == 1
        assert metrics.label_values(QUEUED, "kind") == set()
