"""Agency look-ups used by other domains."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bina.agencies import repository
from bina.errors import NotFound
from bina.models import Agency


async def list_agencies(session: AsyncSession, kind: str | None) -> Sequence[Agency]:
    return await repository.list_agencies(session, kind)


async def get(session: AsyncSession, code: str) -> Agency:
    agency = await repository.get(session, code)
    if agency is None:
        raise NotFound(f"No agency with code {code}.")
    return agency


async def exists(session: AsyncSession, code: str) -> bool:
    return await repository.get(session, code) is not None
