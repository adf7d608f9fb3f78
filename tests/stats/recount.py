"""The statistics rollups recounted in Python from the base tables, independently of the triggers'
SQL, and the assertion that the two agree (used by the rollup tests and the demo seed's)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import (
    Assessment,
    Assignment,
    Household,
    Mentor,
    MentoringSession,
    StatsHousehold,
    StatsVisitMonth,
)

WIB = ZoneInfo("Asia/Jakarta")


def _at(value: datetime | None) -> datetime | None:
    # SQLite hands back naive UTC; compare instants.
    return None if value is None else value.astimezone(UTC)


async def recount(
    db: AsyncSession,
) -> tuple[dict[Any, tuple[Any, ...]], dict[Any, tuple[int, int]]]:
    """What the rollups must hold, counted in Python from the base tables."""
    db.expire_all()
    households = (await db.scalars(select(Household))).all()
    agency = {m.id: m.agency_code for m in (await db.scalars(select(Mentor))).all()}
    active = {
        a.household_id: a
        for a in (await db.scalars(select(Assignment).where(Assignment.status == "active"))).all()
    }
    visits = [
        s for s in (await db.scalars(select(MentoringSession))).all() if s.status != "rejected"
    ]
    facts = {}
    for h in households:
        a = active.get(h.id)
        mine = [_at(s.occurred_at) for s in visits if s.household_id == h.id]
        facts[h.id] = (
            h.kelurahan_code,
            h.kecamatan_code,
            h.status,
            a.id if a else None,
            agency[a.mentor_id] if a else None,
            _at(a.started_at) if a else None,
            max(mine, default=None),
        )
    # (month, household, agency) -> [visits, assessments, assignments started]
    counted: dict[tuple[str, Any, str], list[int]] = {}

    def add(month: str, household_id: Any, agency_code: str, kind: int) -> None:
        counted.setdefault((month, household_id, agency_code), [0, 0, 0])[kind] += 1

    for s in visits:
        add(f"{s.occurred_at.astimezone(WIB):%Y-%m}", s.household_id, agency[s.mentor_id], 0)
    for x in (await db.scalars(select(Assessment))).all():
        add(f"{x.assessed_on:%Y-%m}", x.household_id, agency.get(x.mentor_id, ""), 1)
    for a in (await db.scalars(select(Assignment))).all():
        if a.started_at is not None:
            add(f"{a.started_at.astimezone(WIB):%Y-%m}", a.household_id, agency[a.mentor_id], 2)
    place = {h.id: (h.kelurahan_code, h.kecamatan_code) for h in households}
    months: dict[Any, tuple[Any, ...]] = {}
    marked: set[tuple[str, Any]] = set()
    for key, (n, assessments, started) in sorted(
        counted.items(), key=lambda kv: (kv[0][0], str(kv[0][1]), kv[0][2])
    ):
        month, household_id, _agency = key
        first = n > 0 and (month, household_id) not in marked
        if first:
            marked.add((month, household_id))
        months[key] = (*place[household_id], n, int(first), assessments, started)
    return facts, months


async def rollup_rows(
    db: AsyncSession,
) -> tuple[dict[Any, tuple[Any, ...]], dict[Any, tuple[Any, ...]]]:
    facts = {
        r.household_id: (
            r.kelurahan_code,
            r.kecamatan_code,
            r.status,
            r.assignment_id,
            r.agency_code,
            _at(r.mentored_since),
            _at(r.last_visit_at),
        )
        for r in (await db.scalars(select(StatsHousehold))).all()
    }
    months = {
        (r.month, r.household_id, r.agency_code): (
            r.kelurahan_code,
            r.kecamatan_code,
            r.sessions,
            r.is_first,
            r.assessments,
            r.assignments_started,
        )
        for r in (await db.scalars(select(StatsVisitMonth))).all()
    }
    return facts, months


async def assert_rollups_exact(db: AsyncSession) -> None:
    facts, months = await rollup_rows(db)
    expected_facts, expected_months = await recount(db)
    await db.rollback()  # end the read: on SQLite it would go on seeing its snapshot
    assert facts == expected_facts
    assert months == expected_months
