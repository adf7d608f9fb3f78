"""Database engine and the request-scoped session: commit after the request, roll back on error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from types import SimpleNamespace
from typing import Annotated, Any, TypeVar

import asyncpg
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
from bina.kit import driversql

# PostgreSQL's JIT compiles the plan of every statement its cost model calls expensive:
# 70-140 ms spent compiling for a stats query that then runs in ~50 ms (bench/stats.py).
_PG_SERVER_SETTINGS = {"jit": "off"}
LISTENER_NAME = "bina-callers-listener"


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # WAL lets readers run beside the single writer; busy_timeout makes writers queue instead of
    # failing at once; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


# True while serving a request that may write. Set by the session dependency.
write_intent: ContextVar[bool] = ContextVar("bina_write_intent", default=True)


def _sqlite_begin(conn: Any) -> None:
    # A writing transaction takes SQLite's write lock at BEGIN, so two read-then-write
    # transactions can never interleave: the single writer is our serialisation guarantee
    # (PostgreSQL uses row locks instead). Reads run in autocommit, in parallel under WAL.
    if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")


def create_engine(settings: Settings) -> AsyncEngine:
    url = settings.database_url
    if url.startswith("sqlite"):
        engine = create_async_engine(
            url,
            echo=settings.db_echo,
            connect_args={"timeout": 30, "isolation_level": None},
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    return create_async_engine(
        url,
        echo=settings.db_echo,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_s,
        # No pre-ping: it costs a round trip on every request. A connection the server dropped
        # fails one request and is replaced; pool_recycle bounds how old a connection gets.
        pool_pre_ping=False,
        pool_recycle=1800,
        connect_args={"server_settings": _PG_SERVER_SETTINGS},
    )


def _pg_connect_kwargs(engine: AsyncEngine) -> tuple[list[Any], dict[str, Any]]:
    """asyncpg's arguments for a connection made as the engine makes its connections."""
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    for adapter_only in ("prepared_statement_cache_size", "prepared_statement_name_func"):
        kwargs.pop(adapter_only, None)
    return list(args), {**kwargs, "server_settings": _PG_SERVER_SETTINGS}


def listener_connector(engine: AsyncEngine) -> Callable[[], Awaitable[Any]] | None:
    """PostgreSQL: opens a connection of its own for LISTEN (see bina.security.callers)."""
    if engine.dialect.name != "postgresql":
        return None
    args, kwargs = _pg_connect_kwargs(engine)

    # Named, so an operator (or a test) can tell it from the pools' connections.
    settings = {**kwargs.pop("server_settings"), "application_name": LISTENER_NAME}

    async def connect() -> Any:
        return await asyncpg.connect(*args, server_settings=settings, **kwargs)

    return connect


async def create_read_pool(engine: AsyncEngine, settings: Settings) -> asyncpg.Pool | None:
    """PostgreSQL: asyncpg's own pool for read-only requests' hot statements (see
    `driversql.Lease`), connected as the engine connects, with the engine's codecs and server
    settings, so a statement answers the same on either. None on SQLite."""
    dialect: Any = engine.dialect
    if dialect.name != "postgresql":
        return None
    args, kwargs = _pg_connect_kwargs(engine)

    async def codecs(connection: asyncpg.Connection) -> None:
        adapted = SimpleNamespace(_connection=connection)  # what the dialect's setup reads
        await dialect.setup_asyncpg_json_codec(adapted)
        await dialect.setup_asyncpg_jsonb_codec(adapted)

    async def keep(_connection: asyncpg.Connection) -> None:
        # Instead of RESET ALL & co. (a round trip per request): a read-only request changes
        # no session state; asyncpg still rolls back a transaction left open.
        return None

    pool: asyncpg.Pool = await asyncpg.create_pool(
        *args,
        min_size=0,
        max_size=settings.db_pool_size,
        init=codecs,
        reset=keep,
        **kwargs,
    )
    return pool


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
    write_intent.set(writes)
    state = request.app.state
    maker: async_sessionmaker[AsyncSession] = (
        state.sessionmaker if writes else state.read_sessionmaker
    )
    lease = None
    if not writes and (pool := state.read_pool) is not None:
        lease = driversql.Lease(pool, state.engine.dialect, state.settings.db_pool_timeout_s)
    session = maker()
    if lease is not None:
        session.info[driversql.LEASE] = lease
    try:
        yield session
        # A read session runs in autocommit: each statement is already committed, so a
        # COMMIT would only cost a trip through SQLAlchemy's greenlet bridge (~5% of a list
        # request's CPU). Anything pending in its unit of work still gets flushed.
        if writes or session.new or session.dirty or session.deleted:
            await session.commit()
    except BaseException:
        await session.rollback()
        raise
    finally:
        if lease is not None:
            await lease.release()
        # A session that never began (a read served on the lease alone) holds no connection
        # and no objects: closing it would be another greenlet hop for nothing.
        if session.in_transaction() or session.identity_map:
            await asyncio.shield(session.close())  # as AsyncSession's own __aexit__ does


# scope="function": commit (and any commit error) happens before the response is sent, so a client
# never sees 201 for a transaction that then failed.
Session = Annotated[AsyncSession, Depends(get_session, scope="function")]
