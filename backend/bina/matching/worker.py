"""Workers that execute queued matching runs: one inside the API process (the embedded default)
and `bina worker` processes (production), all claiming runs from the same table."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bina.config import Settings
from bina.db import create_engine, create_sessionmaker
from bina.matching import runner

logger = logging.getLogger("bina.matching")


def worker_name(kind: str) -> str:
    return f"{kind}:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


async def _loop(
    maker: async_sessionmaker[AsyncSession], name: str, wake: asyncio.Event, poll_s: float
) -> None:
    while True:
        try:
            run_id = await runner.work_once(maker, name)
        except asyncio.CancelledError:
            raise
        except Exception:  # keep serving: one broken run or a database hiccup must not stop us
            logger.exception("matching worker %s: claiming or running failed", name)
            run_id = None
        if run_id is not None:
            continue  # maybe more are queued
        wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), timeout=poll_s)


class InProcessWorker:
    """Runs matching jobs on the API's own event loop (the solve itself in a thread)."""

    def __init__(self, maker: async_sessionmaker[AsyncSession], poll_s: float) -> None:
        self._maker = maker
        self._poll_s = poll_s
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.name = worker_name("inprocess")

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="bina-matching-worker")

    async def _run(self) -> None:
        await _loop(self._maker, self.name, self._wake, self._poll_s)

    def wake(self) -> None:
        """A run was queued: look now rather than at the next poll."""
        self._wake.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


async def run_forever(settings: Settings, *, once: bool = False) -> int:
    """`bina worker`: execute queued runs until stopped (or, with `once`, until none is left)."""
    engine = create_engine(settings)
    maker = create_sessionmaker(engine)
    name = worker_name("worker")
    done = 0
    try:
        if once:
            while await runner.work_once(maker, name) is not None:
                done += 1
            return done
        logger.info("matching worker %s started", name)
        await _loop(maker, name, asyncio.Event(), settings.worker_poll_seconds)
    finally:
        await engine.dispose()
    return done
