"""SQL for graduation's worker side: households whose monitoring has ended. (Request paths
reach households through the households service, scoped by the caller.)"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Household


async def lock_monitoring_ended(
    session: AsyncSession, today: date, limit: int
) -> Sequence[Household]:
    """Monitored households whose last monitored day is before `today`, locked; rows another
    worker holds are skipped (PostgreSQL SKIP LOCKED; SQLite has one writer anyway)."""
    stmt = (
        select(Household)
        .where(Household.status == "monitoring", Household.monitoring_until < today)
        .order_by(Household.monitoring_until, Household.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.scalars(stmt)).all()


async def households(session: AsyncSession, ids: Sequence[uuid.UUID]) -> Sequence[Household]:
    """These households (their scope checked by the caller)."""
    if not ids:
        return []
    return (await session.scalars(select(Household).where(Household.id.in_(ids)))).all()
