"""create_app(): middleware, error handlers, routers, health probes, the SPA."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel
from sqlalchemy import text

from bina.access_reports.router import router as access_reports_router
from bina.action_items.router import router as action_items_router
from bina.agencies.router import router as agencies_router
from bina.assessments.router import router as assessments_router
from bina.assignments.router import router as assignments_router
from bina.audit.router import router as audit_router
from bina.auth.router import router as auth_router
from bina.config import Settings, get_settings
from bina.db import (
    Session,
    create_engine,
    create_read_sessionmaker,
    create_sessionmaker,
    sqlite_writers,
)
from bina.errors import BinaError
from bina.exception_handlers import install_error_handlers
from bina.graduation.router import router as graduation_router
from bina.household_history.router import router as household_history_router
from bina.households.router import router as households_router
from bina.integration_clients.router import router as integration_clients_router
from bina.jobs.router import router as jobs_router
from bina.jobs.worker import InProcessWorker
from bina.kit.badbytes import BadBytesMiddleware
from bina.kit.idempotency import IdempotencyMiddleware
from bina.kit.middleware import BodyLimitMiddleware, RequestContextMiddleware
from bina.kit.openapi import document_unreadable_bodies, operation_id, problems
from bina.kit.ratelimit import MemoryRateLimiter, RedisRateLimiter
from bina.matching.router import router as matching_router
from bina.mentoring_sessions.router import router as mentoring_sessions_router
from bina.mentors.router import router as mentors_router
from bina.observability.metrics import Metrics
from bina.observability.middleware import ObserveRequests, route_templates
from bina.observability.router import router as metrics_router
from bina.regions.router import router as regions_router
from bina.spa import mount_spa
from bina.stats.router import router as stats_router
from bina.sync.router import router as sync_router
from bina.users.router import router as users_router
from bina.webhooks.router import router as webhooks_router

API_PREFIX = "/api/v1"
logger = logging.getLogger("bina")


class Health(BaseModel):
    status: str


# Matched in this order on every request: the routes phones and the dashboard call most come first.
API_ROUTERS = (
    sync_router,
    households_router,
    mentoring_sessions_router,
    stats_router,
    action_items_router,
    assessments_router,
    household_history_router,
    mentors_router,
    assignments_router,
    auth_router,
    regions_router,
    agencies_router,
    graduation_router,
    matching_router,
    users_router,
    audit_router,
    access_reports_router,
    jobs_router,
    integration_clients_router,
    webhooks_router,
)


def _health_router() -> APIRouter:
    health = APIRouter(tags=["health"])

    @health.get("/healthz", response_model=Health)
    async def healthz() -> Health:
        """The process is alive."""
        return Health(status="ok")

    @health.get("/readyz", response_model=Health, responses=problems(503))
    async def readyz(session: Session) -> Health:
        """The database answers."""
        try:
            await session.execute(text("SELECT 1"))
        except Exception as exc:
            raise _NotReady("The database is not reachable.") from exc
        return Health(status="ready")

    return health


class _NotReady(BinaError):
    status, kind, title = 503, "not-ready", "Not ready"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    metrics = Metrics() if settings.metrics_enabled else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings)
        if metrics is not None:
            metrics.watch_pool(engine)
        app.state.engine = engine
        app.state.sessionmaker = create_sessionmaker(engine)
        app.state.read_sessionmaker = create_read_sessionmaker(engine)
        app.state.sqlite_writers = sqlite_writers(engine)
        limiter = RedisRateLimiter(settings.redis_url) if settings.redis_url else None
        app.state.rate_limiter = limiter or MemoryRateLimiter()
        worker = None
        if settings.inprocess_worker:
            worker = InProcessWorker(app.state.sessionmaker, settings)
            worker.start()
            app.state.wake_workers = worker.wake
        # What start-up built (routes, models, schemas, SQLAlchemy's and pydantic's machinery)
        # lives as long as the process: out of the collector's sight, a full collection walks
        # only what requests made since. Measured: a full collection paused the loop ~80 ms
        # every ~700 list requests, which was the list's p99 (bench/api.py).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            if worker is not None:
                await worker.stop()
            if limiter is not None:
                await limiter.close()
            await engine.dispose()
            if metrics is not None:
                metrics.close()

    app = FastAPI(
        title="Bina API",
        version="1.0.0",
        summary="Mentoring Palembang's extreme-poor households out of poverty.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.wake_workers = None  # the in-process job worker's wake-up, when there is one
    install_error_handlers(app)
    app.include_router(_health_router())
    # Each router straight onto the app: every extra level of nesting is matched per request.
    for router in API_ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    if metrics is not None:
        app.include_router(metrics_router)  # after the API: scraped rarely, matched last
    document_unreadable_bodies(app)
    mount_spa(app, settings.spa_dir)  # GETs no route matched: the web app's files and pages

    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(BadBytesMiddleware)  # inside the body limit, before anything reads strings
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "If-Match",
                "Idempotency-Key",
                "X-Request-ID",
            ],
            expose_headers=["ETag", "Location", "X-Request-ID", "Retry-After"],
        )
    # Inside the request context (its request id), outside everything that may refuse a request.
    app.add_middleware(ObserveRequests, templates=route_templates(app), metrics=metrics)
    app.add_middleware(RequestContextMiddleware)
    return app
