"""SQL for assessments; the household's scope is checked by the caller (households service) and
every statement names the household."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit import driversql
from bina.kit.driversql import AnySelect
from bina.kit.pagination import PageParams, SortKey, counted_page
from bina.models import Assessment

_c = Assessment.__table__.c
SORT_KEYS = {"assessed_on": SortKey("assessed_on", _c.assessed_on, date)}


async def list_page(
    session: AsyncSession, household_id: uuid.UUID, sort: str, page: PageParams
) -> tuple[Sequence[RowMapping], str | None, int | None]:
    stmt = select(*_c).where(_c.household_id == household_id)
    return await counted_page(session, stmt, keys=SORT_KEYS, sort=sort, id_column=_c.id, page=page)


async def get(
    session: AsyncSession, household_id: uuid.UUID, assessment_id: uuid.UUID
) -> RowMapping | None:
    stmt = select(*_c).where(_c.household_id == household_id, _c.id == assessment_id)
    return (await session.execute(stmt)).mappings().one_or_none()


FIELDS = tuple(c.key for c in _c)


@functools.lru_cache(maxsize=2)
def _many_statement(postgresql: bool) -> AnySelect:
    return select(*_c).where(driversql.in_list(_c.id, "ids", postgresql))


async def get_many(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """The assessments among `ids`, as plain values (one statement, built once)."""
    if not ids:
        return []
    stmt = _many_statement(session.get_bind().dialect.name == "postgresql")
    rows = await driversql.fetch_rows(session, stmt, {"ids": list(ids)})
    return [dict(zip(FIELDS, row, strict=True)) for row in rows]


async def latest(session: AsyncSession, household_id: uuid.UUID) -> Assessment | None:
    """The most recent assessment: latest day, then latest recorded that day."""
    stmt = (
        select(Assessment)
        .where(Assessment.household_id == household_id)
        .order_by(Assessment.assessed_on.desc(), Assessment.created_at.desc())
        .limit(1)
    )
    found: Assessment | None = await session.scalar(stmt)
    return found


def add(session: AsyncSession, assessment: Assessment) -> None:
    session.add(assessment)
