"""SQL for integration clients."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit.pagination import PageParams, SortKey, counted_page
from bina.models import IntegrationClient

CLIENTS = cast(Table, IntegrationClient.__table__)
_c = CLIENTS.c
SORT = {"created_at": SortKey("created_at", _c.created_at, datetime)}


async def get(session: AsyncSession, client_id: uuid.UUID) -> IntegrationClient | None:
    return await session.get(IntegrationClient, client_id, populate_existing=True)


async def by_client_id(session: AsyncSession, client_id: str) -> IntegrationClient | None:
    stmt = select(IntegrationClient).where(IntegrationClient.client_id == client_id)
    client: IntegrationClient | None = await session.scalar(stmt)
    return client


async def note_token(session: AsyncSession, client_id: uuid.UUID, now: datetime) -> None:
    """When it last took a token: a Core UPDATE, so the row's version (the admin's ETag) stays."""
    await session.execute(update(CLIENTS).where(_c.id == client_id).values(last_token_at=now))


async def list_clients(
    session: AsyncSession, agency_code: str | None, page: PageParams
) -> tuple[Sequence[dict[str, Any]], str | None, int | None]:
    stmt = select(*_c)
    if agency_code is not None:
        stmt = stmt.where(_c.agency_code == agency_code)
    return await counted_page(
        session, stmt, keys=SORT, sort="-created_at", id_column=_c.id, page=page
    )
