"""What a scrape of /metrics answers: gauges read from the database just now, then this
process's own metrics (every worker's in multiprocess mode)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime

from prometheus_client.metrics_core import Metric
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from bina.observability.metrics import Metrics, render

logger = logging.getLogger("bina.metrics")

DatabaseGauges = Callable[[AsyncSession, datetime], Awaitable[Sequence[Metric]]]

# What other processes change (workers run the jobs) is read from the database at scrape time,
# so any API process answers for all of them. One function per source, `(session, now)` to
# metric families; webhook deliveries by outcome go here when webhooks land.
DATABASE_GAUGES: tuple[DatabaseGauges, ...] = ()


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
