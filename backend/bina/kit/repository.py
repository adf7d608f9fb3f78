"""What every domain's repository does alike (as Polar's kit/repository gathers it): rows by a
list of ids, and row locks taken in one order.

Locks are taken in ascending id order, a chunk at a time, so two transactions that lock
overlapping sets of rows of one table wait for each other instead of deadlocking; a transaction
that locks rows of several tables takes them in the system-wide order (mentors, households,
assignments, then what hangs off them; design §4).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Result, RowMapping, Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

CHUNK = 2000  # ids per statement: well under both drivers' bound-parameter limits


def id_chunks(ids: Iterable[uuid.UUID], size: int = CHUNK) -> Iterator[list[uuid.UUID]]:
    """Distinct ids in ascending order (the lock order), a statement's worth at a time."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]


def plain_rows(result: Result[Any]) -> list[dict[str, Any]]:
    """A result's rows as plain {column name: value} dicts: what read models are validated from,
    at a fifth of the cost of copying each row's `RowMapping`."""
    names = tuple(result.keys())
    return [dict(zip(names, row, strict=True)) for row in result]


@functools.cache
def _among(table: FromClause) -> Select[Any]:
    # Built once per table; the ids are one expanding parameter.
    return select(*table.c).where(table.c.id.in_(bindparam("ids", expanding=True)))


async def get_many(
    session: AsyncSession, table: FromClause, ids: Sequence[uuid.UUID]
) -> list[dict[str, Any]]:
    """The rows of `table` among `ids` (in no particular order) as plain {column: value} dicts.
    The caller has checked that the ids are in the principal's scope."""
    if not ids:
        return []
    out: list[dict[str, Any]] = []
    for chunk in id_chunks(ids):
        out.extend(plain_rows(await session.execute(_among(table), {"ids": chunk})))
    return out


async def lock_many(
    session: AsyncSession, columns: Sequence[ColumnElement[Any]], ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, RowMapping]:
    """Lock the rows among `ids` of the table `columns` belong to (FOR UPDATE, in id order, a
    chunk at a time) and return `columns` of each, by id, as they are now that they are locked.
    On SQLite, where a writing transaction holds the database's one write lock from BEGIN, this
    only reads."""
    table = columns[0].table
    id_column = table.c.id
    wanted = [id_column, *(c for c in columns if c is not id_column)]
    out: dict[uuid.UUID, RowMapping] = {}
    for chunk in id_chunks(ids):
        stmt = select(*wanted).where(id_column.in_(chunk)).order_by(id_column).with_for_update()
        out.update({row["id"]: row for row in (await session.execute(stmt)).mappings()})
    return out
