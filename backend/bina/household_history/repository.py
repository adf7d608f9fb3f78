"""SQL for the household status history; the household's scope is checked by the caller."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit import repository as kit
from bina.kit.pagination import PageParams, SortKey, counted_page
from bina.models import HouseholdStatusChange

_c = HouseholdStatusChange.__table__.c
SORT_KEYS = {"changed_at": SortKey("changed_at", _c.changed_at, datetime)}


def add(session: AsyncSession, change: HouseholdStatusChange) -> None:
    session.add(change)


async def add_many(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many history rows in one statement (bulk status changes, e.g. a matching run)."""
    if rows:
        await session.execute(insert(HouseholdStatusChange), list(rows))


async def list_page(
    session: AsyncSession, household_id: uuid.UUID, sort: str, page: PageParams
) -> tuple[Sequence[dict[str, Any]], str | None, int | None]:
    stmt = select(*_c).where(_c.household_id == household_id)
    return await counted_page(session, stmt, keys=SORT_KEYS, sort=sort, id_column=_c.id, page=page)


async def get_many(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """History rows by id (the households' scope is checked by the caller)."""
    return await kit.get_many(session, HouseholdStatusChange.__table__, ids)
