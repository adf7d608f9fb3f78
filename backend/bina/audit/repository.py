"""SQL for the audit trail (newest first, keyset on the event id)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.audit.schemas import AuditEventFilters
from bina.errors import InvalidCursor
from bina.kit.pagination import PageParams, decode_cursor, encode_cursor
from bina.models import AuditEvent, User

SORT = "-id"


async def list_events(
    session: AsyncSession, filters: AuditEventFilters, page: PageParams
) -> tuple[Sequence[Any], str | None, int | None]:
    """Pages of (event, actor's name, actor's e-mail), newest first."""
    stmt = select(AuditEvent)
    if filters.actor_id:
        stmt = stmt.where(AuditEvent.actor_id == filters.actor_id)
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if filters.object_type:
        stmt = stmt.where(AuditEvent.object_type == filters.object_type)
    if filters.object_id:
        stmt = stmt.where(AuditEvent.object_id == filters.object_id)
    if filters.since:
        stmt = stmt.where(AuditEvent.occurred_at >= filters.since)
    if filters.until:
        stmt = stmt.where(AuditEvent.occurred_at < filters.until)
    total = None
    if page.include_total:
        total = await session.scalar(select(func.count()).select_from(stmt.subquery()))
    if page.cursor:
        keys = decode_cursor(page.cursor, sort=SORT)
        if len(keys) != 1 or not isinstance(keys[0], int):
            raise InvalidCursor("The cursor is damaged; start again without `cursor`.")
        stmt = stmt.where(AuditEvent.id < keys[0])
    named = (
        stmt.add_columns(User.name, User.email)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .order_by(AuditEvent.id.desc())
        .limit(page.limit + 1)
    )
    rows = (await session.execute(named)).all()
    cursor = None
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        cursor = encode_cursor({"s": SORT, "k": [rows[-1][0].id]})
    return rows, cursor, total


async def events_about(session: AsyncSession, object_ids: Sequence[str]) -> Sequence[Any]:
    """Every (event, actor's name, actor's e-mail) about any of `object_ids`, oldest first."""
    if not object_ids:
        return []
    stmt = (
        select(AuditEvent, User.name, User.email)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.object_id.in_(object_ids))
        .order_by(AuditEvent.id)
    )
    return (await session.execute(stmt)).all()
