"""The periodic job that ends monitoring: graduated households whose monitoring period is over
exit the programme (hourly; `bina exit-monitored` runs the same code by hand)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bina.graduation import service
from bina.jobs.service import JobContext, JobKind


async def exit_all(maker: async_sessionmaker[AsyncSession]) -> int:
    """Every household whose monitoring ended exits, a transaction per batch; how many."""
    total, batch = 0, -1
    while batch != 0:
        async with maker() as session, session.begin():
            batch = await service.exit_monitoring_ended(session)
        total += batch
    return total


async def _run(ctx: JobContext) -> None:
    await exit_all(ctx.maker)


EXIT_MONITORED = JobKind(
    "graduation.exit_monitored", _run, max_attempts=3, every=timedelta(hours=1)
)
