"""The statistics rollups stay equal to a recount: after every kind of write the triggers handle
(new visits, a rejected visit, a visit moved to another month, a deleted visit, an assignment
ended and another started, a household moved or graduated, a mentor moved to another agency, a
household deleted) the rollup tables hold exactly what the test recounts itself from the base
tables, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import (
    Assessment,
    Household,
    Mentor,
    MentoringSession,
    StatsHousehold,
)
from bina.stats import rollups
from tests.assessments.factories import assessed
from tests.assignments.factories import assigned, mentor
from tests.households.factories import GANDUS, GANDUS_KECAMATAN
from tests.mentoring_sessions.factories import recently, recorded
from tests.stats.factories import City
from tests.stats.recount import WIB, assert_rollups_exact, rollup_rows


async def test_the_city_as_built_is_rolled_up_exactly(city: City, db: AsyncSession) -> None:
    facts, months = await rollup_rows(db)
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
    _facts, months = await rollup_rows(db)
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
    facts, _months = await rollup_rows(db)
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
    _facts, months = await rollup_rows(db)
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


async def test_a_bulk_load_pauses_the_triggers_and_rebuilds_once(
    app: Any, city: City, db: AsyncSession
) -> None:
    """What the demo seed does: inside one transaction the triggers are paused (a household
    graduated meanwhile leaves the rollup behind), and at the end the rollups are rebuilt exactly
    and the triggers fire again for the next write."""
    engine, home = app.state.engine, uuid.UUID(city.neglected.household.id)
    async with engine.begin() as conn, rollups.paused(conn):
        await conn.execute(update(Household).where(Household.id == home).values(status="exited"))
        status = await conn.scalar(
            select(StatsHousehold.status).where(StatsHousehold.household_id == home)
        )
        assert status != "exited"  # paused: the rollup was not touched
    await assert_rollups_exact(db)

    await db.execute(update(Household).where(Household.id == home).values(status="mentoring"))
    await db.commit()
    await assert_rollups_exact(db)  # the triggers are back


async def test_a_bulk_load_that_fails_leaves_the_triggers_in_place(
    app: Any, city: City, db: AsyncSession
) -> None:
    engine, home = app.state.engine, uuid.UUID(city.neglected.household.id)

    async def load() -> None:
        async with engine.begin() as conn, rollups.paused(conn):
            await conn.execute(
                update(Household).where(Household.id == home).values(status="exited")
            )
            raise RuntimeError("load failed")

    with pytest.raises(RuntimeError, match="load failed"):
        await load()
    await db.execute(update(Household).where(Household.id == home).values(status="exited"))
    await db.commit()
    await assert_rollups_exact(db)
    status = await db.scalar(
        select(StatsHousehold.status).where(StatsHousehold.household_id == home)
    )
    await db.rollback()
    assert status == "exited"


async def test_two_transactions_changing_one_households_visits_at_once(
    app: Any, city: City, db: AsyncSession, backend: str
) -> None:
    """One visit rejected and another moved a month back, for the same household, in two
    transactions at the same time: the second recount waits for the first's lock and sees its
    commit, so the rollup ends exact (PostgreSQL's READ COMMITTED; SQLite has one writer)."""
    if backend != "postgres":
        pytest.skip("SQLite serialises writers: the two cannot overlap")
    home = uuid.UUID(city.visited.household.id)
    first, second = (
        await db.scalars(
            select(MentoringSession.id)
            .where(MentoringSession.household_id == home)
            .order_by(MentoringSession.occurred_at)
        )
    ).all()
    await db.rollback()
    engine = app.state.engine
    async with engine.connect() as one, engine.connect() as two:
        await one.begin()
        await one.execute(
            update(MentoringSession)
            .where(MentoringSession.id == first)
            .values(status="rejected", review_reason="Lokasi tidak sesuai.")
        )
        await two.begin()

        async def move_back() -> None:
            await two.execute(
                update(MentoringSession)
                .where(MentoringSession.id == second)
                .values(occurred_at=datetime.now(UTC) - timedelta(days=45))
            )
            await two.commit()

        waiting = asyncio.create_task(move_back())
        await asyncio.sleep(0.3)
        assert not waiting.done()  # held by the first transaction's lock on the rollup row
        await one.commit()
        await asyncio.wait_for(waiting, 10)
    await assert_rollups_exact(db)
    facts, _months = await rollup_rows(db)
    await db.rollback()
    assert facts[home][6] is not None  # still visited: the moved visit counts
