"""SQL for regions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Region


async def list_regions(
    session: AsyncSession, level: str | None, parent_code: str | None
) -> Sequence[Region]:
    stmt = select(Region).order_by(Region.code)
    if level:
        stmt = stmt.where(Region.level == level)
    if parent_code:
        stmt = stmt.where(Region.parent_code == parent_code)
    return (await session.scalars(stmt)).all()


async def get(session: AsyncSession, code: str) -> Region | None:
    return await session.get(Region, code)
