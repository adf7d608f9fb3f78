"""Region look-ups used by other domains (validation of kelurahan codes, scope checks)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bina.errors import NotFound
from bina.models import Region
from bina.regions import repository


async def list_regions(
    session: AsyncSession, level: str | None, parent_code: str | None
) -> Sequence[Region]:
    return await repository.list_regions(session, level, parent_code)


async def get(session: AsyncSession, code: str) -> Region:
    region = await repository.get(session, code)
    if region is None:
        raise NotFound(f"No region with code {code}.")
    return region


async def kelurahan(session: AsyncSession, code: str) -> Region | None:
    """The kelurahan with this code, or None (validate by look-up: numbering has gaps)."""
    region = await repository.get(session, code)
    return region if region is not None and region.level == "kelurahan" else None
