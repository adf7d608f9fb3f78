"""The statistics rollups stay equal to a recount: after every kind of write the triggers handle
(new visits, a rejected visit, a visit moved to another month, a deleted visit, an assignment
ended and another started, a household moved or graduated, a mentor moved to another agency, a
household deleted) the rollup tables hold exactly what the test recounts itself from the base
tables, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import delete, select, update
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
from tests.assessments.factories import assessed
from tests.assignments.factories import assigned, mentor
from tests.households.factories import GANDUS, GANDUS_KECAMATAN
from tests.mentoring_sessions.factories import recently, recorded
from tests.stats.factories import City

WIB = ZoneInfo("Asia/Jakarta")


def _at(value: datetime | None) -> datetime | None:
    # SQLite hands back naive UTC; compare instants.
    return None if value is None else value.astimezone(UTC)


async def _recount(
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


async def _rollups(
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
    facts, months = await _rollups(db)
    expected_facts, expected_months = await _recount(db)
    await db.rollback()  # end the read: on SQLite it holds the write lock the API needs
    assert facts == expected_facts
    assert months == expected_months


async def test_the_city_as_built_is_rolled_up_exactly(city: City, db: AsyncSession) -> None:
    facts, months = await _rollups(db)
    await db.rollback()
    assert len(facts) == 4
    assert sum(v[2] for v in months.values()) == 3  # visits
    assert sum(v[5] for v in months.values()) == 3  # assignments started
    await assert_rollups_exact(db)


async def test_visits_recorded_rejected_moved_and_deleted(
    client: httpx.AsyncClient, city: City, db: AsyncSession
) -> None:
    fresh = await recorded(client, city.neglected, occurred_at=recently(5))
    await assert_rollups_exact(db)

    rejected = await client.post(
        f"/api/v1/mentoring-sessions/{fresh['id']}/reject",
        json={"reason": "Lokasi tidak sesuai."},
        headers={**city.who.admin, "If-Match": '"1"'},
    )
    assert rejected.status_code == 200, rejected.text
    await assert_rollups_exact(db)

    # a visit moved into last month (another month row), then removed altogether
    visit = await recorded(client, city.neglected, occurred_at=recently(3))
    await db.execute(
        update(MentoringSession)
        .where(MentoringSession.id == uuid.UUID(visit["id"]))
        .values(occurred_at=datetime.now(UTC) - timedelta(days=35))
    )
    await db.commit()
    await assert_rollups_exact(db)
    await db.execute(delete(MentoringSession).where(MentoringSession.id == uuid.UUID(visit["id"])))
    await db.commit()
    await assert_rollups_exact(db)


async def test_a_household_with_two_agencies_in_one_month_is_one_household_visited(
    client: httpx.AsyncClient, city: City, db: AsyncSession
) -> None:
    """The visited household changes mentor (DINSOS to DINKES) and is visited again this month:
    two month rows for two agencies, one of them marks the household."""
    r = await client.post(
        f"/api/v1/assignments/{city.visited.assignment_id}/end",
        json={"reason": "Pendamping pindah tugas."},
        headers={**city.who.admin, "If-Match": '"1"'},
    )
    assert r.status_code == 200, r.text
    await assert_rollups_exact(db)
    other = (await mentor(db, agency_code="DINKES")).id
    a = await assigned(client, city.who.admin, city.visited.household.id, other)
    await assert_rollups_exact(db)
    session = MentoringSession(
        assignment_id=uuid.UUID(a["id"]),
        household_id=uuid.UUID(str(city.visited.household.id)),
        mentor_id=other,
        occurred_at=datetime.now(UTC) - timedelta(minutes=5),
        kind="phone",
        duration_minutes=10,
        flagged=False,
        topics=[],
        status="submitted",
        request_hash="0" * 64,
        version=1,
    )
    db.add(session)
    household_id = session.household_id
    await db.commit()
    await assert_rollups_exact(db)
    _facts, months = await _rollups(db)
    await db.rollback()
    this_month = f"{datetime.now(WIB):%Y-%m}"
    mine = [v for k, v in months.items() if k[0] == this_month and k[1] == household_id]
    assert sum(v[3] for v in mine) == 1


async def test_households_moved_graduated_deleted_and_a_mentor_changing_agency(
    city: City, db: AsyncSession
) -> None:
    household_id = uuid.UUID(str(city.visited.household.id))
    lapsed_mentor = city.lapsed.mentor.id
    await db.execute(
        update(Household)
        .where(Household.id == household_id)
        .values(kelurahan_code=GANDUS, kecamatan_code=GANDUS_KECAMATAN)
    )
    await db.commit()
    await assert_rollups_exact(db)

    await db.execute(
        update(Household).where(Household.id == household_id).values(status="graduated")
    )
    await db.commit()
    await assert_rollups_exact(db)

    await db.execute(update(Mentor).where(Mentor.id == lapsed_mentor).values(agency_code="DINKES"))
    await db.commit()
    await assert_rollups_exact(db)

    await db.execute(delete(Household).where(Household.id == household_id))
    await db.commit()
    facts, _months = await _rollups(db)
    await db.rollback()
    assert household_id not in facts
    await assert_rollups_exact(db)


async def test_assessments_by_a_mentor_and_by_the_office(
    client: httpx.AsyncClient, city: City, db: AsyncSession
) -> None:
    """An assessment counts in its month for its mentor's agency, or for no agency when it has
    no mentor; moved to another date and deleted, the rollup follows."""
    by_mentor = await assessed(client, city.neglected.household, city.neglected.mentor_headers)
    by_office = await assessed(client, city.visited.household, city.who.admin)
    await assert_rollups_exact(db)
    # recorded for a household without a mentor at the time: no agency's
    await db.execute(
        update(Assessment).where(Assessment.id == uuid.UUID(by_office["id"])).values(mentor_id=None)
    )
    await db.commit()
    await assert_rollups_exact(db)
    _facts, months = await _rollups(db)
    await db.rollback()
    assert sum(v[4] for v in months.values()) == 2
    assert any(k[2] == "" and v[4] == 1 for k, v in months.items())

    assessment_id = uuid.UUID(by_mentor["id"])
    await db.execute(
        update(Assessment)
        .where(Assessment.id == assessment_id)
        .values(assessed_on=(datetime.now(WIB) - timedelta(days=62)).date())
    )
    await db.commit()
    await assert_rollups_exact(db)
    await db.execute(delete(Assessment).where(Assessment.id == assessment_id))
    await db.commit()
    await assert_rollups_exact(db)
