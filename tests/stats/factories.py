"""A small city for the statistics tests: three mentored households (one visited this week, one
never visited in 70 days, one last visited 40 days ago), one without a mentor, one idle mentor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Assignment
from tests.assignments.factories import Callers, callers, household, mentor
from tests.households.factories import GANDUS
from tests.mentoring_sessions.factories import FAR, Mentoring, mentoring, recently, recorded


@dataclass
class City:
    who: Callers
    visited: Mentoring  # Kertapati, DINSOS mentor, two visits this week (one far away)
    neglected: Mentoring  # Kertapati, DINKES mentor for 70 days, never visited
    lapsed: Mentoring  # Gandus, DINSOS mentor living in Gandus, last visit 40 days ago
    visits: list[datetime]
    starts: list[datetime]


async def _backdate(db: AsyncSession, m: Mentoring, days: int) -> datetime:
    started = datetime.now(UTC) - timedelta(days=days)
    await db.execute(
        update(Assignment)
        .where(Assignment.id == uuid.UUID(m.assignment_id))
        .values(started_at=started)
    )
    await db.commit()
    return started


async def build_city(client: httpx.AsyncClient, db: AsyncSession) -> City:
    who = await callers(db)
    visited = await mentoring(client, db, who, agency_code="DINSOS")
    neglected = await mentoring(client, db, who, agency_code="DINKES")
    lapsed = await mentoring(
        client, db, who, gandus=True, agency_code="DINSOS", kelurahan_code=GANDUS
    )
    await household(client, who.admin)  # Kertapati, no mentor yet
    await mentor(db, agency_code="DINKES")  # in service, no household yet
    starts = [
        await _backdate(db, visited, 31),
        await _backdate(db, neglected, 70),
        await _backdate(db, lapsed, 70),
    ]
    visits = []
    for when, where in ((recently(30), None), (recently(2), FAR)):
        extra = {"lat": where[0], "lon": where[1]} if where else {}
        visits.append(
            datetime.fromisoformat(
                (await recorded(client, visited, occurred_at=when, **extra))["occurred_at"]
            )
        )
    old = (datetime.now(UTC) - timedelta(days=40)).isoformat()
    visits.append(
        datetime.fromisoformat((await recorded(client, lapsed, occurred_at=old))["occurred_at"])
    )
    return City(who, visited, neglected, lapsed, visits, starts)
