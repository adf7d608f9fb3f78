"""SQL for assessments; the household's scope is checked by the caller (households service) and
every statement names the household."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import RowMapping, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit import repository as kit_repository
from bina.kit.pagination import PageParams, SortKey, counted_page
from bina.models import Assessment

_c = Assessment.__table__.c
SORT_KEYS = {"assessed_on": SortKey("assessed_on", _c.assessed_on, date)}


async def list_page(
    session: AsyncSession, household_id: uuid.UUID, sort: str, page: PageParams
) -> tuple[Sequence[dict[str, Any]], str | None, int | None]:
    stmt = select(*_c).where(_c.household_id == household_id)
    return await counted_page(session, stmt, keys=SORT_KEYS, sort=sort, id_column=_c.id, page=page)


async def get(
    session: AsyncSession, household_id: uuid.UUID, assessment_id: uuid.UUID
) -> RowMapping | None:
    stmt = select(*_c).where(_c.household_id == household_id, _c.id == assessment_id)
    return (await session.execute(stmt)).mappings().one_or_none()


async def get_many(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """The assessments among `ids`, as plain values."""
    return await kit_repository.get_many(session, Assessment.__table__, ids)


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
