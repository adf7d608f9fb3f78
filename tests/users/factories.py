"""Factories for the users tests: mentors to link accounts to; reading back what was written."""

from __future__ import annotations

import itertools
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import AuditEvent, Mentor, User

_nips = itertools.count(1)
KELURAHAN = "16.71.13.1004"
KECAMATAN = "16.71.13"


async def mentor(
    session: AsyncSession, *, agency_code: str = "DINSOS", name: str | None = None
) -> Mentor:
    n = next(_nips)
    row = Mentor(
        nip=f"19800101{n:010d}",
        name=name or f"Mentor Uji {n}",
        employment_type="PNS",
        agency_code=agency_code,
        sex="F",
        birth_date=date(1980, 1, 1),
        kelurahan_code=KELURAHAN,
        kecamatan_code=KECAMATAN,
    )
    session.add(row)
    await session.commit()
    return row


# Both readers end their transaction before and after: before, so the app's commits are visible
# (an open SQLite snapshot would hide them); after, so the test holds no lock the app waits for.


async def audit_events(session: AsyncSession, action: str) -> list[AuditEvent]:
    await session.commit()
    stmt = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    events = list(await session.scalars(stmt))
    await session.commit()
    return events


async def reload(session: AsyncSession, user: User) -> User:
    await session.commit()
    fresh = await session.get(User, user.id, populate_existing=True)
    await session.commit()
    assert fresh is not None
    return fresh
