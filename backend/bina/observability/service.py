"""What a scrape of /metrics answers: gauges read from the database just now, then this
process's own metrics (every worker's in multiprocess mode)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime

from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from bina.jobs import kinds as job_kinds
from bina.jobs import service as jobs
from bina.observability.metrics import Metrics, render

logger = logging.getLogger("bina.metrics")

DatabaseGauges = Callable[[AsyncSession, datetime], Awaitable[Sequence[Metric]]]


async def job_queue(session: AsyncSession, now: datetime) -> Sequence[Metric]:
    queued = GaugeMetricFamily(
        "bina_jobs_queued", "Jobs waiting for a worker (due or not), by kind.", labels=["kind"]
    )
    oldest = GaugeMetricFamily(
        "bina_jobs_oldest_age_seconds",
        "How long the oldest due job of each kind has waited for a worker (0: none due).",
        labels=["kind"],
    )
    # Every declared kind, 0 when none waits: a drained queue reads 0, not a gap in the graph.
    waiting: dict[str, tuple[int, datetime | None]] = dict.fromkeys(job_kinds.load(), (0, None))
    waiting.update(
        (kind, (count, due)) for kind, count, due in await jobs.queue_depth(session, now)
    )
    for kind, (count, due) in sorted(waiting.items()):
        queued.add_metric([kind], count)
        oldest.add_metric([kind], max((now - due).total_seconds(), 0.0) if due else 0.0)
    return [queued, oldest]


# What other processes change (workers run the jobs) is read from the database at scrape time,
# so any API process answers for all of them. One function per source, `(session, now)` to
# metric families. Webhook deliveries by outcome go here when webhooks land.
DATABASE_GAUGES: tuple[DatabaseGauges, ...] = (job_queue,)


async def exposition(session: AsyncSession, metrics: Metrics) -> bytes:
    now = datetime.now(UTC)
    families: list[Metric] = []
    for gauges in DATABASE_GAUGES:
        try:
            families += await gauges(session, now)
        except (SQLAlchemyError, OSError):
            # The request metrics matter most while the database is down: answer them anyway;
            # the missing gauges show the outage.
            logger.warning("could not read %s for /metrics", gauges.__name__, exc_info=True)
    return render(families) + metrics.render()
