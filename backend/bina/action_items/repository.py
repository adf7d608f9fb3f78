"""SQL for action items. The household's scope is checked by the caller (through the households
service) before any of these run; each statement names its household or session ids."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit import repository as kit_repository
from bina.kit.pagination import PageParams, SortKey, counted_page
from bina.kit.repository import plain_rows
from bina.models import ActionItem

_ai = ActionItem.__table__.c
SORT_KEYS = {"due_date": SortKey("due_date", _ai.due_date, date)}


def _status_clause(status: str | None, today: date) -> list[ColumnElement[bool]]:
    if status is None:
        return []
    if status == "overdue":
        return [_ai.status == "open", _ai.due_date < today]
    return [_ai.status == status]


async def list_page(
    session: AsyncSession,
    household_id: uuid.UUID,
    status: str | None,
    today: date,
    page: PageParams,
) -> tuple[Sequence[dict[str, Any]], str | None, int | None]:
    stmt = select(*_ai).where(_ai.household_id == household_id, *_status_clause(status, today))
    return await counted_page(
        session, stmt, keys=SORT_KEYS, sort="due_date", id_column=_ai.id, page=page
    )


# Built once; the ids are one expanding parameter.
_OF_SESSIONS = (
    select(*_ai)
    .where(_ai.session_id.in_(bindparam("ids", expanding=True)))
    .order_by(_ai.session_id, _ai.position)
)


async def of_sessions(
    session: AsyncSession, session_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    out: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    if not session_ids:
        return out
    for row in plain_rows(await session.execute(_OF_SESSIONS, {"ids": list(session_ids)})):
        out[row["session_id"]].append(row)
    return out


async def get_many(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    """The action items among `ids`, as plain values."""
    return await kit_repository.get_many(session, ActionItem.__table__, ids)


async def household_of(session: AsyncSession, item_id: uuid.UUID) -> uuid.UUID | None:
    found: uuid.UUID | None = await session.scalar(
        select(_ai.household_id).where(_ai.id == item_id)
    )
    return found


async def lock(session: AsyncSession, item_id: uuid.UUID) -> ActionItem | None:
    stmt = select(ActionItem).where(ActionItem.id == item_id).with_for_update()
    found: ActionItem | None = await session.scalar(stmt.execution_options(populate_existing=True))
    return found


async def insert_many(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """New rows given whole (ids, version, timestamps): one statement, no read back."""
    if rows:
        await session.execute(_INSERT, list(rows))


_INSERT = insert(cast(Table, ActionItem.__table__))
