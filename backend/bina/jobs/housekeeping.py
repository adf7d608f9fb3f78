"""The queue's own periodic job: finished jobs are kept `job_retention_days`, then deleted."""

from __future__ import annotations

from datetime import timedelta

from bina.jobs import repository
from bina.jobs.service import JobContext, JobKind
from bina.models.base import utcnow


async def _prune(ctx: JobContext) -> None:
    async with ctx.maker() as session, session.begin():
        await repository.prune(session, utcnow() - timedelta(days=ctx.settings.job_retention_days))


PRUNE = JobKind("jobs.prune", _prune, max_attempts=3, every=timedelta(days=1))
