"""Database side of the demo seed: is data there already, wipe it, bulk-insert rows in chunks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, delete, exists, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bina.models import Base

CHUNK_ROWS = 20_000  # rows per driver call: bounded memory, few round trips
DEMO_EMAIL_DOMAIN = "@bina.demo"
_ROOTS = ("households", "mentors")
# Matching runs only make sense with the households and mentors they matched.
_WIPED_ROOTS = (*_ROOTS, "matching_runs")
# Users are people's accounts: only the demo ones go (their links to mentors are SET NULL).
_NOT_CASCADED = frozenset({"users"})


def table(name: str) -> Table:
    return Base.metadata.tables[name]


async def lock_for_seeding(conn: AsyncConnection) -> None:
    """Serialise concurrent seeders (several `make run` at once) until this transaction ends.

    SQLite already has the single write lock (the engine begins with BEGIN IMMEDIATE).
    """
    if conn.dialect.name == "postgresql":
        await conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('bina.seed.demo'))"))


async def data_present(conn: AsyncConnection) -> bool:
    """True when any household or mentor exists (demo or not): seeding then would duplicate."""
    for name in _ROOTS:
        if await conn.scalar(select(exists().select_from(table(name)))):
            return True
    return False


async def count_rows(conn: AsyncConnection, name: str) -> int:
    return int(await conn.scalar(select(func.count()).select_from(table(name))) or 0)


def _tables_to_wipe() -> list[Table]:
    """Households, mentors, matching runs and every table whose rows hang off them, children
    first (sessions before assignments before runs), so no foreign key is ever left dangling."""
    doomed = set(_WIPED_ROOTS)
    grew = True
    while grew:
        grew = False
        for t in Base.metadata.sorted_tables:
            if t.name in doomed or t.name in _NOT_CASCADED:
                continue
            if any(fk.column.table.name in doomed for fk in t.foreign_keys):
                doomed.add(t.name)
                grew = True
    return [t for t in reversed(Base.metadata.sorted_tables) if t.name in doomed]


async def delete_demo_data(conn: AsyncConnection) -> None:
    """Remove every household and mentor with what depends on them, and the demo logins."""
    users = table("users")
    await conn.execute(delete(users).where(users.c.email.like(f"%{DEMO_EMAIL_DOMAIN}")))
    for t in _tables_to_wipe():
        await conn.execute(delete(t))


async def insert_rows(conn: AsyncConnection, name: str, rows: Sequence[dict[str, Any]]) -> None:
    """Bulk insert on the driver: COPY on PostgreSQL, one executemany on SQLite.

    SQLAlchemy's executemany spends more time per row on its own bookkeeping than the database
    spends storing it; here each column's values go through the type's bind processor (the same
    conversion SQLAlchemy makes: UTC datetimes, UUIDs, JSON) in one pass, and the driver gets
    them all at once. Triggers fire as for any insert (the sync log stays complete). Runs inside
    the connection's transaction, which SQLAlchemy has begun with the seed's first statement.
    """
    if not rows:
        return
    t = table(name)
    dialect = conn.dialect
    given = list(rows[0])
    # Columns the rows leave out but SQLAlchemy would fill in (Python-side defaults).
    defaulted = [c for c in t.c if c.key not in rows[0] and c.default is not None]
    columns = [t.c[key] for key in given] + defaulted
    values: list[list[Any]] = [[row[key] for row in rows] for key in given]
    for column in defaulted:
        default: Any = column.default
        values.append(
            [default.arg(None) for _ in rows] if default.is_callable else [default.arg] * len(rows)
        )
    for i, column in enumerate(columns):
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            values[i] = [None if v is None else process(v) for v in values[i]]
    records = list(zip(*values, strict=True))
    driver: Any = (await conn.get_raw_connection()).driver_connection
    if dialect.name == "postgresql":
        await driver.copy_records_to_table(
            t.name, records=records, columns=[c.name for c in columns]
        )
        return
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c.name) for c in columns)
    marks = ", ".join("?" for _ in columns)
    # Built from the table's own metadata, never from input.
    sql = f"INSERT INTO {quote(t.name)} ({names}) VALUES ({marks})"  # noqa: S608
    for start in range(0, len(records), CHUNK_ROWS):
        await driver.executemany(sql, records[start : start + CHUNK_ROWS])


async def analyze(engine: AsyncEngine) -> None:
    """After the seed's commit: statistics for the query planner (PostgreSQL's autovacuum would
    gather them some time later, SQLite never; without them the first requests scan whole
    tables) and, on PostgreSQL, the visibility map a VACUUM sets, without which no index-only
    scan skips the table."""
    async with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM (ANALYZE)"))  # not allowed in a transaction
        else:
            await conn.execute(text("ANALYZE"))
            await conn.commit()


async def demo_logins_present(conn: AsyncConnection, emails: Iterable[str]) -> set[str]:
    users = table("users")
    rows = await conn.scalars(select(users.c.email).where(users.c.email.in_(list(emails))))
    return set(rows)
