"""Database engine and the request-scoped session: commit after the request, roll back on error."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, TypeVar

import orjson
from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from bina.config import Settings

# PostgreSQL's JIT compiles the plan of every statement its cost model calls expensive:
# 70-140 ms spent compiling for a stats query that then runs in ~50 ms (bench/stats.py).
_PG_SERVER_SETTINGS = {"jit": "off"}
# A statement's error message (logged with the 500 it causes) would otherwise carry its bound
# values: NIKs, names, addresses. Logs never hold personal data.
_HIDE_PARAMETERS = True


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # WAL lets readers run beside the single writer; busy_timeout makes writers queue instead of
    # failing at once; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # A writing transaction takes SQLite's write lock at BEGIN, so two read-then-write
    # transactions can never interleave: the single writer is our serialisation guarantee
    # (PostgreSQL uses row locks instead). Reads run in autocommit, in parallel under WAL.
    # A session that only reads in a transaction says `sqlite_immediate=False` (a matching run
    # reading its city, a test's own session checking results between requests): it never takes
    # the lock at BEGIN, where it would hold it until it ends.
    options = conn.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return
    immediate = options.get("sqlite_immediate", True)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_engine(settings: Settings) -> AsyncEngine:
    url = settings.database_url
    if url.startswith("sqlite"):
        engine = create_async_engine(
            url,
            echo=settings.db_echo,
            hide_parameters=_HIDE_PARAMETERS,
            json_deserializer=orjson.loads,
            connect_args={"timeout": 30, "isolation_level": None},
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    return create_async_engine(
        url,
        echo=settings.db_echo,
        hide_parameters=_HIDE_PARAMETERS,
        # JSON columns read with orjson, as the API writes its answers (a sixth of json.loads).
        json_deserializer=orjson.loads,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_s,
        # No pre-ping: it costs a round trip on every request. A connection the server dropped
        # fails one request and is replaced; pool_recycle bounds how old a connection gets.
        pool_pre_ping=False,
        pool_recycle=1800,
        connect_args={"server_settings": _PG_SERVER_SETTINGS},
    )


def sqlite_writers(engine: AsyncEngine) -> asyncio.Lock | None:
    """On SQLite, the queue writing requests of this process wait in, first come first served.
    SQLite has one writer, and a writer that finds it busy polls with growing sleeps (up to
    100 ms each): eight mentors syncing at once (each page an audited read) left some waiting
    2 s while later ones went first. Reads run beside it, in autocommit. None on PostgreSQL."""
    return asyncio.Lock() if engine.dialect.name == "sqlite" else None


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def create_read_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for requests that only read: autocommit, so no BEGIN/COMMIT round trips."""
    return create_sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"))


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
F = TypeVar("F", bound=Callable[..., Any])


def audited_read(endpoint: F) -> F:
    """Mark a GET endpoint that always writes audit events (it reveals personal data): it runs
    in a writing transaction like a POST (on SQLite, BEGIN IMMEDIATE), and its events commit
    with it before the answer is sent."""
    endpoint.bina_audited_read = True  # type: ignore[attr-defined]
    return endpoint


# `session.info` flag set by `bina.jobs.service.enqueue`: the request queued a job.
WAKE_WORKERS = "bina.wake_workers"


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request; the request owns the transaction and commits before responding."""
    # A GET that reveals personal data writes an audit event, so it is a writer too.
    writes = (
        request.method not in SAFE_METHODS
        or "reveal" in request.query_params
        or getattr(
            getattr(request.scope.get("route"), "endpoint", None), "bina_audited_read", False
        )
    )
    state = request.app.state
    maker: async_sessionmaker[AsyncSession] = (
        state.sessionmaker if writes else state.read_sessionmaker
    )
    gate = state.sqlite_writers if writes else None
    async with gate or contextlib.nullcontext(), maker() as session:
        try:
            yield session
            # A read session runs in autocommit: each statement is already committed. Anything
            # it added (an audit event of a refusal, say) still gets flushed and committed.
            if writes or session.new or session.dirty or session.deleted:
                await session.commit()
            if session.info.pop(WAKE_WORKERS, False) and state.wake_workers is not None:
                state.wake_workers()  # a job was queued: this process's worker looks now
        except BaseException:
            await session.rollback()
            raise


# scope="function": commit (and any commit error) happens before the response is sent, so a client
# never sees 201 for a transaction that then failed.
Session = Annotated[AsyncSession, Depends(get_session, scope="function")]
