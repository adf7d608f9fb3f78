"""The API process's Prometheus metrics: HTTP requests by route template, method and status, and
the database connections it holds.

Several uvicorn workers (`bina serve --workers N`) each count their own requests, and a scrape
reaches one of them: `bina serve` then sets PROMETHEUS_MULTIPROC_DIR (prometheus-client's
multiprocess mode, decided when prometheus-client is first imported), each worker writes its
values to files there, and a scrape of any worker adds up all of them. Connections in use are
counted as they are checked out and in, so that sum covers every worker's pool too."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
MULTIPROCESS = MULTIPROCESS_DIR in os.environ  # as prometheus-client saw it when imported above
LABELS = ("route", "method", "status")
# A `_created` timestamp beside every series doubles what is scraped and stored for nothing:
# Prometheus sees counter resets by itself.
disable_created_metrics()


class Metrics:
    """One app's metrics, in a registry of its own (tests build several apps in one process)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests",
            "HTTP requests answered, by route template, method and status.",
            LABELS,
            registry=self.registry,
        )
        self.duration = Histogram(
            "http_request_duration_seconds",
            "Time from a request's arrival to the end of its answer, by route template, "
            "method and status.",
            LABELS,
            registry=self.registry,
        )
        self.pool_in_use = Gauge(
            "bina_db_pool_connections_in_use",
            "Database connections checked out of SQLAlchemy's pool (every worker's together).",
            registry=self.registry,
            multiprocess_mode="livesum",
        )

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        labels = (route, method, str(status))
        self.requests.labels(*labels).inc()
        self.duration.labels(*labels).observe(seconds)

    def watch_pool(self, engine: AsyncEngine) -> None:
        def checked_out(*_: Any) -> None:
            self.pool_in_use.inc()

        def checked_in(*_: Any) -> None:
            self.pool_in_use.dec()

        # On the engine, not its pool: the listeners stay when the pool is replaced (dispose).
        event.listen(engine.sync_engine, "checkout", checked_out)
        event.listen(engine.sync_engine, "checkin", checked_in)

    def render(self) -> bytes:
        """This process's metrics, or every worker's in multiprocess mode."""
        if not MULTIPROCESS:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry)

    def close(self) -> None:
        if MULTIPROCESS:  # a worker that stops takes its connections out of the sum
            mark_process_dead(os.getpid())


class _Families(Collector):
    def __init__(self, families: Sequence[Metric]) -> None:
        self._families = families

    def collect(self) -> Sequence[Metric]:
        return self._families


def render(families: Sequence[Metric]) -> bytes:
    """Metric families computed just now (gauges read from the database) in the text format."""
    return generate_latest(_Families(families))


def share_between_workers() -> None:
    """Before uvicorn starts several workers: give them one directory for their values (a fresh
    one, removed at exit; or PROMETHEUS_MULTIPROC_DIR when set, emptied of a previous run's)."""
    directory = os.environ.get(MULTIPROCESS_DIR)
    if directory:
        for stale in Path(directory).glob("*.db"):
            stale.unlink()
        return
    directory = tempfile.mkdtemp(prefix="bina-metrics-")
    os.environ[MULTIPROCESS_DIR] = directory
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
