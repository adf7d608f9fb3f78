"""Run a SQLAlchemy SELECT straight on the driver connection, for the few statements on every
request's hot path.

SQLAlchemy's execution path (cache-key lookup, execution context, cursor adapter, Result,
Row) costs as much as the driver's own work on a 50-row page. Here the statement is still built
with SQLAlchemy (scope, filters, keyset) and compiled by SQLAlchemy's dialect, once per shape;
each request only extracts its bound values, converts them and the result with the same type
processors SQLAlchemy would use, and calls asyncpg / aiosqlite directly. The SQL and the values
on the wire are the ones SQLAlchemy would send.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Select, any_, bindparam
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession

# Any SELECT, whatever its columns.
AnySelect = Select[*tuple[Any, ...]]
Processor = Callable[[Any], Any] | None


@dataclass(frozen=True, slots=True)
class _Param:
    index: int  # among the statement's extracted bound values; -1: the compiler's own constant
    constant: Any
    processor: Processor  # the type's bind processor; None when the driver takes the value as is


@dataclass(slots=True)
class _Compiled:
    sql: str
    params: tuple[_Param, ...]
    result_types: tuple[Any, ...]  # each column's type as implemented by the dialect
    # Each column's result processor, None where the driver's value is final. On PostgreSQL
    # they depend on the column's type OID, known once the statement is prepared.
    results: tuple[Processor, ...] | None = None


# Keyed by dialect and the statement's SQLAlchemy cache key (its structure without the bound
# values). The keys are bounded by the number of statement shapes the code can build.
_compiled: dict[tuple[str, Any], _Compiled] = {}
MAX_SHAPES = 2000


def _compile(stmt: AnySelect, dialect: Dialect, bindparams: Sequence[Any]) -> _Compiled:
    # render_postcompile writes "literal execute" values (such as aggregate_strings' separator)
    # into the SQL; they are part of the cache key below, so a memoised string stays right.
    compiled = stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    position = {bp.key: i for i, bp in enumerate(bindparams)}
    params = []
    for name in compiled.positiontup or ():
        bind = compiled.binds[name]
        processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
        # A bind the compiler made itself (SQLite's "OFFSET ?" after a LIMIT) is not among
        # the statement's values and never varies.
        index = position.get(bind.key, -1)
        params.append(_Param(index, bind.effective_value if index < 0 else None, processor))
    types = tuple(col.type.dialect_impl(dialect) for col in stmt.selected_columns)
    return _Compiled(compiled.string, tuple(params), types)


def _result_processors(compiled: _Compiled, dialect: Dialect, coltypes: Sequence[Any]) -> None:
    processors = tuple(
        t.result_processor(dialect, coltype)
        for t, coltype in zip(compiled.result_types, coltypes, strict=True)
    )
    compiled.results = processors


def _shape(
    stmt: AnySelect, dialect: Dialect, params: dict[str, Any] | None
) -> tuple[_Compiled, list[Any]]:
    cache_key = stmt._generate_cache_key()
    assert cache_key is not None, "only cacheable statements run on the driver"
    bindparams = cache_key.bindparams
    # Literal-execute values are rendered into the SQL, so they belong to the shape.
    literal = tuple(bp.value for bp in bindparams if bp.literal_execute)
    key = (dialect.name, (cache_key.key, literal))
    found = _compiled.get(key)
    if found is None:
        if any(bp.expanding for bp in bindparams):
            # An IN (list) is rendered with one placeholder per item, but the list's length is
            # not in the cache key: a memoised SQL string would be wrong for the next list.
            raise TypeError("driversql cannot run IN (...) with a bound list; use session.execute")
        if len(_compiled) >= MAX_SHAPES:
            _compiled.clear()
        found = _compiled[key] = _compile(stmt, dialect, bindparams)
    if params:
        return found, [params.get(bp.key, bp.effective_value) for bp in bindparams]
    return found, [bp.effective_value for bp in bindparams]


# Where a read-only request's session keeps its lease (AsyncSession.info).
LEASE = "bina.driver_lease"


class Lease:
    """A pooled asyncpg connection for one read-only request (autocommit), taken from
    `pool` at the request's first statement here and given back at its end.

    SQLAlchemy's checkout and check-in through the AsyncSession (session transaction,
    Connection, greenlet hops, reset on return) cost about a fifth of a small list request's
    CPU; asyncpg's own pool costs a small part of that. The pool's connections carry the same
    codecs and server settings as the engine's (see bina.db.create_read_pool)."""

    __slots__ = ("_connection", "_pool", "_timeout", "dialect")

    def __init__(self, pool: Any, dialect: Dialect, timeout: float) -> None:
        self._pool, self.dialect, self._timeout = pool, dialect, timeout
        self._connection: Any = None

    async def connection(self) -> Any:
        if self._connection is None:
            # asyncio.timeout rather than acquire(timeout=): asyncpg's wait_for runs the
            # acquisition as a task of its own.
            async with asyncio.timeout(self._timeout):
                self._connection = await self._pool.acquire()
        return self._connection

    async def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await self._pool.release(connection)

    async def drop_if_closed(self) -> bool:
        """After a failed statement: True when the connection was dead (now given back, so
        the pool replaces it and the next `connection()` is a fresh one)."""
        if self._connection is None or not self._connection.is_closed():
            return False
        await self.release()
        return True


async def fetch_all(
    session: AsyncSession, stmt: AnySelect, params: dict[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """Rows of `stmt` as plain tuples, in the session's connection and transaction (a
    read-only request's: on its leased driver connection, see `Lease`).

    `params` gives values for named `bindparam()`s, so one module-level statement serves
    every call."""
    lease: Lease | None = session.info.get(LEASE)
    connection = None
    if lease is not None:
        dialect = lease.dialect
    else:
        connection = await session.connection()
        dialect = connection.dialect
    compiled, values = _shape(stmt, dialect, params)
    args = []
    for p in compiled.params:
        value = p.constant if p.index < 0 else values[p.index]
        args.append(value if p.processor is None else p.processor(value))
    rows: Sequence[Sequence[Any]]
    if connection is None:
        assert lease is not None
        try:
            rows = await _pg_fetch(await lease.connection(), compiled, dialect, args)
        except Exception:
            if not await lease.drop_if_closed():
                raise
            # The server had closed it (restart, idle timeout): a read runs again on a fresh
            # connection, so the caller never sees it.
            rows = await _pg_fetch(await lease.connection(), compiled, dialect, args)
    elif dialect.name == "postgresql":
        driver: Any = (await connection.get_raw_connection()).driver_connection
        try:
            rows = await _pg_fetch(driver, compiled, dialect, args)
        except Exception:
            # SQLAlchemy never saw this error: tell its pool to drop a connection that the
            # server closed, instead of handing it to the next request.
            if driver.is_closed():
                await connection.invalidate()
            raise
    else:
        if compiled.results is None:
            _result_processors(compiled, dialect, [None] * len(compiled.result_types))
        driver = (await connection.get_raw_connection()).driver_connection
        # aiosqlite: execute and fetch in one hop to its thread.
        rows = await driver.execute_fetchall(compiled.sql, args)
    # Convert only the columns that need it (on PostgreSQL: the two UTC datetimes of a page).
    convert = [(i, proc) for i, proc in enumerate(compiled.results or ()) if proc is not None]
    if not convert:
        return [tuple(row) for row in rows]
    out = []
    for row in rows:
        fields = list(row)
        for i, proc in convert:
            fields[i] = proc(fields[i])
        out.append(tuple(fields))
    return out


async def _pg_fetch(
    driver: Any, compiled: _Compiled, dialect: Dialect, args: list[Any]
) -> Sequence[Sequence[Any]]:
    # Outside SQLAlchemy's adapter, which opens a transaction lazily at its first statement:
    # run first in a request, this read is then outside the (READ COMMITTED) transaction,
    # which sees the same data.
    if compiled.results is None:
        prepared = await driver.prepare(compiled.sql)
        oids = [a.type.oid for a in prepared.get_attributes()]
        _result_processors(compiled, dialect, oids)
    # asyncpg keeps a prepared statement per SQL text on the connection.
    rows: Sequence[Sequence[Any]] = await driver.fetch(compiled.sql, *args)
    return rows


def in_list(column: Any, name: str, postgresql: bool) -> ColumnElement[bool]:
    """`column` among the list given as the value `name`, for statements built once per shape.

    On PostgreSQL `= ANY(:name)`: one array value whatever the list's length, so `fetch_all` can
    run it; elsewhere an expanding IN, which only SQLAlchemy renders (see `fetch_rows`)."""
    found: ColumnElement[bool]
    if postgresql:
        found = column == any_(bindparam(name, type_=ARRAY(column.type), required=False))
    else:
        found = column.in_(bindparam(name, expanding=True, required=False))
    return found


async def fetch_rows(
    session: AsyncSession, stmt: AnySelect, params: dict[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """`fetch_all` on PostgreSQL; SQLAlchemy's own execution elsewhere, for statements with an
    `in_list` (SQLite is not where the hot paths are measured)."""
    if session.get_bind().dialect.name == "postgresql":
        return await fetch_all(session, stmt, params)
    return [tuple(row) for row in await session.execute(stmt, params or {})]
