"""Pausing the statistics rollup triggers for a bulk load, and rebuilding the rollups once after.

The triggers (see the stats_rollups migrations) keep `stats_households` and `stats_visit_months`
exact by recomputing the households each write touched: right for the API's few rows per request,
ruinous for a load of six months of history (per statement on PostgreSQL, per row on SQLite).
Everything here happens inside the caller's transaction: the triggers come back, and the rollups
are rebuilt, in the same commit as the load — or none of it happens.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, asynccontextmanager, nullcontext

from sqlalchemy import bindparam, text
from sqlalchemy.ext.asyncio import AsyncConnection

# The rollup triggers are named stats_<table>_<event>; the rebuild's own trigger sits on a view.
_WATCHED_TABLES = ("households", "assignments", "mentoring_sessions", "assessments", "mentors")


@asynccontextmanager
async def paused(
    conn: AsyncConnection,
    timed: Callable[[str], AbstractContextManager[None]] = lambda _step: nullcontext(),
) -> AsyncIterator[None]:
    """Within `conn`'s transaction: no rollup trigger fires inside the block; at its end they are
    back and the rollups are rebuilt from the base tables (inside `timed("rebuild statistics")`).
    Takes exclusive locks on the watched tables until the transaction ends (PostgreSQL's ALTER
    TABLE; SQLite holds the write lock anyway). If the block raises, nothing is rebuilt: the
    transaction is to be rolled back, and the triggers' absence with it."""
    pause = _paused_postgresql if conn.dialect.name == "postgresql" else _paused_sqlite
    async with pause(conn):
        yield
    with timed("rebuild statistics"):
        await rebuild(conn)


async def rebuild(conn: AsyncConnection) -> None:
    """Recompute both rollups of every household from the base tables, in one statement."""
    if conn.dialect.name == "postgresql":
        await conn.execute(text("SELECT stats_rebuild()"))
    else:
        await conn.execute(text("INSERT INTO stats_rebuild (everything) VALUES (1)"))


@asynccontextmanager
async def _paused_postgresql(conn: AsyncConnection) -> AsyncIterator[None]:
    triggers = (
        await conn.execute(
            text(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE 'stats\\_%' "
                "AND c.relname = ANY(:tables) AND c.relnamespace = current_schema()::regnamespace"
            ),
            {"tables": list(_WATCHED_TABLES)},
        )
    ).all()
    quote = conn.dialect.identifier_preparer.quote
    for name, table in triggers:
        await conn.execute(text(f"ALTER TABLE {quote(table)} DISABLE TRIGGER {quote(name)}"))
    yield
    for name, table in triggers:
        await conn.execute(text(f"ALTER TABLE {quote(table)} ENABLE TRIGGER {quote(name)}"))


@asynccontextmanager
async def _paused_sqlite(conn: AsyncConnection) -> AsyncIterator[None]:
    # SQLite cannot disable a trigger: drop each and create it again from its stored definition.
    triggers = (
        await conn.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'stats\\_%' ESCAPE '\\' AND tbl_name IN :tables"
            ).bindparams(bindparam("tables", expanding=True)),
            {"tables": list(_WATCHED_TABLES)},
        )
    ).all()
    quote = conn.dialect.identifier_preparer.quote
    for name, _sql in triggers:
        await conn.execute(text(f"DROP TRIGGER {quote(name)}"))
    yield
    for _name, sql in triggers:
        await conn.exec_driver_sql(sql)
