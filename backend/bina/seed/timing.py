"""Wall time of each step of the demo seed, printed at the end so a slow step is easy to find;
with this process's CPU time beside it, which a busy machine disturbs less (SQLite works in
this process, PostgreSQL's own work is not counted)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Phases:
    """Steps in the order they ran, each with its wall and CPU time in seconds."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, float, float]] = []

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.steps.append((name, time.perf_counter() - wall, time.process_time() - cpu))

    def render(self) -> str:
        return ", ".join(f"{name} {wall:.1f} s (cpu {cpu:.1f})" for name, wall, cpu in self.steps)
