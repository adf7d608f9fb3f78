"""The matching run as a job: a worker claims it from the job queue, solves it (the solver in a
thread) and stores the outcome on the run; a run whose workers keep dying fails with the reason."""

from __future__ import annotations

import uuid

from bina.jobs.service import JobContext, JobKind

MAX_ATTEMPTS = 3


async def _run(ctx: JobContext) -> None:
    from bina.matching import runner  # NumPy and the solvers load only where runs are solved

    await runner.execute(ctx.maker, uuid.UUID(ctx.payload["run_id"]), ctx.worker, ctx.attempt)


async def _give_up(ctx: JobContext, error: str) -> None:
    from bina.matching import runner

    await runner.fail(ctx.maker, uuid.UUID(ctx.payload["run_id"]), error)


RUN = JobKind(
    "matching.run",
    _run,
    max_attempts=MAX_ATTEMPTS,
    on_give_up=_give_up,
)
