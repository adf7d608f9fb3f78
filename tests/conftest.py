"""Test harness: every database test runs on SQLite and on PostgreSQL, schema made by Alembic.

Per backend, once: a fresh database migrated to head with the reference data loaded.
Per test: a clean copy (SQLite: a copy of the migrated file; PostgreSQL: every non-reference
table truncated), the app with its lifespan, an HTTP client and a session for arranging data.
Transactions really commit, so concurrency tests see what production sees.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

# Settings for every test, before any module reads them.
os.environ["BINA_ENV"] = "test"
os.environ["BINA_SECRET_KEY"] = "test-secret-key-that-is-long-enough-0123456789"
os.environ["BINA_ARGON2_MEMORY_KIB"] = "1024"
os.environ["BINA_ARGON2_TIME_COST"] = "1"
os.environ["BINA_WORKER_MODE"] = "external"  # tests run matching jobs themselves (or start one)
os.environ.pop("BINA_REDIS_URL", None)
os.environ.pop("BINA_DATABASE_URL", None)

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bina import migrate
from bina.config import Settings, get_settings
from bina.db import create_sessionmaker
from bina.kit.ratelimit import MemoryRateLimiter
from bina.main import create_app

T = TypeVar("T")
REFERENCE_TABLES = {"regions", "agencies", "alembic_version"}
PG_URL = os.environ.get("BINA_TEST_POSTGRES_URL")


def run_sync(coro_fn: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine to completion in a thread of its own (outside the test event loop)."""
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coro_fn()))
        except BaseException as exc:
            error.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if error:
        raise error[0]
    return result[0]


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


@dataclass
class TestDatabase:
    backend: str
    url: str
    template: Path | None = None  # SQLite: migrated file copied for each test

    def settings(self) -> Settings:
        return get_settings().model_copy(update={"database_url": self.url})


def _make_sqlite(tmp: Path) -> TestDatabase:
    template = tmp / "template.db"
    url = f"sqlite+aiosqlite:///{template}"
    _migrate(url)
    return TestDatabase("sqlite", f"sqlite+aiosqlite:///{tmp / 'test.db'}", template)


def _migrate(url: str) -> None:
    migrate.upgrade(url)
    settings = get_settings().model_copy(update={"database_url": url})
    run_sync(lambda: migrate.load_reference_data(settings))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`@pytest.mark.postgres_only(reason=...)` (or `sqlite_only`): the test's run on the other
    database is skipped (and reported as skipped with its reason), never a pass that tested
    nothing."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        database = callspec.params.get("database") if callspec is not None else None
        for name, other in (("postgres_only", "sqlite"), ("sqlite_only", "postgres")):
            marker = item.get_closest_marker(name)
            if marker and database == other:
                reason = marker.kwargs.get("reason", f"does not apply to {other}")
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    if not PG_URL:
        pytest.skip("BINA_TEST_POSTGRES_URL is not set")
    return PG_URL


def _create_pg_database(admin_url: str) -> str:
    name = f"bina_test_{uuid.uuid4().hex[:10]}"

    async def create() -> None:
        conn = await asyncpg.connect(_asyncpg_dsn(admin_url))
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    run_sync(create)
    return admin_url.rsplit("/", 1)[0] + "/" + name


def _drop_pg_database(admin_url: str, url: str) -> None:
    name = url.rsplit("/", 1)[1]

    async def drop() -> None:
        conn = await asyncpg.connect(_asyncpg_dsn(admin_url))
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()

    run_sync(drop)


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestDatabase]:
    """A migrated database of each backend, shared by the tests of one session."""
    if request.param == "sqlite":
        yield _make_sqlite(tmp_path_factory.mktemp("sqlite"))
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    url = _create_pg_database(admin_url)
    try:
        _migrate(url)
        yield TestDatabase("postgres", url)
    finally:
        _drop_pg_database(admin_url, url)


async def _truncate_pg(app: FastAPI) -> None:
    async with app.state.engine.begin() as conn:
        rows = await conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        )
        tables = [r[0] for r in rows if r[0] not in REFERENCE_TABLES]
        if tables:
            names = ", ".join(f'"{t}"' for t in tables)
            # Between tests only: the audit trail's guard refuses TRUNCATE, and the test
            # database's superuser may switch triggers off for this transaction.
            await conn.execute(text("SET LOCAL session_replication_role = replica"))
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _copy_template(template: Path, target: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)


@pytest.fixture(scope="session")
async def shared_app(database: TestDatabase) -> AsyncIterator[FastAPI]:
    """One app per backend for the whole run: building a FastAPI app costs ~100 ms."""
    application = create_app(database.settings())
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def clean_database(shared_app: FastAPI, database: TestDatabase) -> None:
    """Give the test an empty database (reference data only) and fresh in-memory state."""
    if database.template is not None:
        await shared_app.state.engine.dispose()  # no pooled connection to the old file survives
        _copy_template(database.template, Path(database.url.split(":///", 1)[1]))
    else:
        await _truncate_pg(shared_app)
    shared_app.state.rate_limiter = MemoryRateLimiter()


@pytest.fixture
def settings(clean_database: None, database: TestDatabase) -> Settings:
    return database.settings()


@pytest.fixture
async def app(clean_database: None, shared_app: FastAPI) -> FastAPI:
    return shared_app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def db(app: FastAPI) -> AsyncIterator[AsyncSession]:
    """A session on the test database for arranging data and checking results; commit yourself.
    On SQLite its transactions begin deferred, so a check between requests does not hold the
    write lock the next request needs."""
    maker = create_sessionmaker(app.state.engine.execution_options(sqlite_immediate=False))
    async with maker() as session:
        yield session


@pytest.fixture
def backend(database: TestDatabase) -> str:
    return database.backend
