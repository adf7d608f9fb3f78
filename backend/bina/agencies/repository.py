"""SQL for agencies."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Agency


async def list_agencies(session: AsyncSession, kind: str | None) -> Sequence[Agency]:
    stmt = select(Agency).order_by(Agency.code)
    if kind:
        stmt = stmt.where(Agency.kind == kind)
    return (await session.scalars(stmt)).all()


async def get(session: AsyncSession, code: str) -> Agency | None:
    return await session.get(Agency, code)
