"""Database side of the demo seed: is data there already, wipe it, bulk-insert rows in chunks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, delete, exists, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from bina.models import Base

CHUNK_ROWS = 2_000
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
    """Core executemany in chunks: no ORM unit of work, one round trip per chunk."""
    statement = insert(table(name))
    for start in range(0, len(rows), CHUNK_ROWS):
        await conn.execute(statement, list(rows[start : start + CHUNK_ROWS]))


async def demo_logins_present(conn: AsyncConnection, emails: Iterable[str]) -> set[str]:
    users = table("users")
    rows = await conn.scalars(select(users.c.email).where(users.c.email.in_(list(emails))))
    return set(rows)
