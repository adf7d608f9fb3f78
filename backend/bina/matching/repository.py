"""SQL for matching runs: the solver's input read in a few set-based queries, proposals and
unmatched households written in bulk, scoped reads."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    RowMapping,
    Table,
    and_,
    bindparam,
    false,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit.pagination import PageParams, SortKey, mapping_page
from bina.kit.regionsql import in_region
from bina.kit.repository import CHUNK, get_many, id_chunks, lock_many
from bina.matching.schemas import ProposalFilters
from bina.models import (
    Assignment,
    Household,
    HouseholdNeed,
    MatchingProposal,
    MatchingRun,
    MatchingUnmatched,
    Mentor,
    MentorCompetency,
    Region,
)
from bina.models.base import utcnow
from bina.security.principal import Principal, Role

RUNS = cast(Table, MatchingRun.__table__)
PROPOSALS = cast(Table, MatchingProposal.__table__)
UNMATCHED = cast(Table, MatchingUnmatched.__table__)
ASSIGNMENTS = cast(Table, Assignment.__table__)
HOUSEHOLDS = cast(Table, Household.__table__)
_r, _p, _u, _a, _h = RUNS.c, PROPOSALS.c, UNMATCHED.c, ASSIGNMENTS.c, HOUSEHOLDS.c
_m = Mentor.__table__.c

# Households that can get a mentor (graduated, monitoring, exited and moved ones cannot).
OPEN_HOUSEHOLD_STATUSES = ("identified", "verified", "assigned", "mentoring")

RUN_SORT = {"created_at": SortKey("created_at", _r.created_at, datetime)}
PROPOSAL_SORT = {
    "score": SortKey("score", _p.score, float),
    "distance_km": SortKey("distance_km", _p.distance_km, float),
}
UNMATCHED_SORT = {"household_id": SortKey("household_id", _u.household_id, uuid.UUID)}


async def get_run(session: AsyncSession, run_id: uuid.UUID) -> MatchingRun | None:
    run: MatchingRun | None = await session.get(MatchingRun, run_id, populate_existing=True)
    return run


async def lock_run(session: AsyncSession, run_id: uuid.UUID) -> MatchingRun | None:
    stmt = select(MatchingRun).where(_r.id == run_id).with_for_update()
    run: MatchingRun | None = await session.scalar(stmt.execution_options(populate_existing=True))
    return run


async def runs(session: AsyncSession, run_ids: Sequence[uuid.UUID]) -> list[dict[str, Any]]:
    return await get_many(session, RUNS, run_ids)


def add_run(session: AsyncSession, run: MatchingRun) -> None:
    session.add(run)


# ----------------------------------------------------------------------------- solver input


@dataclass
class HouseholdInput:
    id: uuid.UUID
    kecamatan_code: str
    lat: float | None
    lon: float | None
    needs: list[str] = field(default_factory=list)
    assignment_id: uuid.UUID | None = None
    mentor_id: uuid.UUID | None = None


@dataclass
class MentorInput:
    id: uuid.UUID
    agency_code: str
    kecamatan_code: str
    lat: float | None
    lon: float | None
    work_lat: float | None
    work_lon: float | None
    capacity: int
    active: int = 0
    competencies: dict[str, int] = field(default_factory=dict)


async def kecamatan_centres(session: AsyncSession) -> dict[str, tuple[float, float]]:
    rows = await session.execute(
        select(Region.code, Region.lat, Region.lon).where(
            Region.level == "kecamatan", Region.lat.is_not(None), Region.lon.is_not(None)
        )
    )
    return {
        code: (lat, lon) for code, lat, lon in rows.all() if lat is not None and lon is not None
    }


def _household_scope(kecamatan_codes: Sequence[str] | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [_h.status.in_(OPEN_HOUSEHOLD_STATUSES)]
    if kecamatan_codes:
        where.append(_h.kecamatan_code.in_(list(kecamatan_codes)))
    return where


async def load_households(
    session: AsyncSession, kecamatan_codes: Sequence[str] | None, only_unassigned: bool
) -> list[HouseholdInput]:
    """Open households in scope with their needs and active assignment, in id order."""
    active = Assignment.__table__.alias("active")
    stmt = (
        select(
            _h.id,
            _h.kecamatan_code,
            _h.lat,
            _h.lon,
            active.c.id.label("assignment_id"),
            active.c.mentor_id,
        )
        .select_from(
            Household.__table__.outerjoin(
                active, and_(active.c.household_id == _h.id, active.c.status == "active")
            )
        )
        .where(*_household_scope(kecamatan_codes))
        .order_by(_h.id)
    )
    if only_unassigned:
        stmt = stmt.where(active.c.id.is_(None))
    out = {
        row.id: HouseholdInput(
            row.id, row.kecamatan_code, row.lat, row.lon, [], row.assignment_id, row.mentor_id
        )
        for row in (await session.execute(stmt)).all()
    }
    needs = select(HouseholdNeed.household_id, HouseholdNeed.code).join(
        Household, Household.id == HouseholdNeed.household_id
    )
    needs = needs.where(*_household_scope(kecamatan_codes)).order_by(HouseholdNeed.code)
    for household_id, code in (await session.execute(needs)).all():
        hh = out.get(household_id)
        if hh is not None:
            hh.needs.append(code)
    return list(out.values())


async def load_mentors(session: AsyncSession) -> list[MentorInput]:
    """Active, available mentors with their competencies and active load, in id order."""
    eligible = and_(_m.status == "active", _m.available.is_(True))
    load = (
        select(_a.mentor_id, func.count().label("n"))
        .where(_a.status == "active")
        .group_by(_a.mentor_id)
        .subquery()
    )
    stmt = (
        select(
            _m.id,
            _m.agency_code,
            _m.kecamatan_code,
            _m.lat,
            _m.lon,
            _m.work_lat,
            _m.work_lon,
            _m.capacity,
            func.coalesce(load.c.n, 0).label("active"),
        )
        .select_from(Mentor.__table__.outerjoin(load, load.c.mentor_id == _m.id))
        .where(eligible)
        .order_by(_m.id)
    )
    out = {row.id: MentorInput(*row) for row in (await session.execute(stmt)).all()}
    comps = (
        select(MentorCompetency.mentor_id, MentorCompetency.code, MentorCompetency.level)
        .join(Mentor, Mentor.id == MentorCompetency.mentor_id)
        .where(eligible)
    )
    for mentor_id, code, level in (await session.execute(comps)).all():
        mentor = out.get(mentor_id)
        if mentor is not None:
            mentor.competencies[code] = int(level)
    return list(out.values())


async def active_by_agency(session: AsyncSession) -> dict[str, int]:
    """Active assignments per agency of the mentor."""
    stmt = (
        select(_m.agency_code, func.count())
        .select_from(Assignment.__table__.join(Mentor.__table__, _m.id == _a.mentor_id))
        .where(_a.status == "active")
        .group_by(_m.agency_code)
    )
    return {code: int(n) for code, n in (await session.execute(stmt)).all()}


# --------------------------------------------------------------------------- results (write)


async def insert_proposals(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        await session.execute(insert(PROPOSALS), chunk)


async def insert_unmatched(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        await session.execute(insert(UNMATCHED), chunk)


def _chunks(rows: Sequence[dict[str, Any]], size: int = CHUNK) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield list(rows[start : start + size])


async def pending_proposals(session: AsyncSession, run_id: uuid.UUID) -> Sequence[RowMapping]:
    stmt = select(*_p).where(_p.run_id == run_id, _p.outcome == "pending").order_by(_p.household_id)
    return (await session.execute(stmt)).mappings().all()


async def unmatched_with_mentor(session: AsyncSession, run_id: uuid.UUID) -> Sequence[RowMapping]:
    stmt = (
        select(*_u)
        .where(_u.run_id == run_id, _u.current_assignment_id.is_not(None))
        .order_by(_u.household_id)
    )
    return (await session.execute(stmt)).mappings().all()


async def lock_mentors(
    session: AsyncSession, mentor_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, RowMapping]:
    """Lock mentor rows (first in the system-wide lock order); their state now."""
    return await lock_many(session, (_m.status, _m.available, _m.capacity), mentor_ids)


async def lock_households(
    session: AsyncSession, household_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, RowMapping]:
    """Lock household rows (second in the lock order); their status now."""
    return await lock_many(session, (_h.status,), household_ids)


async def active_assignments(
    session: AsyncSession, household_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, RowMapping]:
    """Active assignment (id, mentor) of each household that has one."""
    out: dict[uuid.UUID, RowMapping] = {}
    for chunk in id_chunks(household_ids):
        stmt = select(_a.id, _a.household_id, _a.mentor_id).where(
            _a.household_id.in_(chunk), _a.status == "active"
        )
        out.update({row["household_id"]: row for row in (await session.execute(stmt)).mappings()})
    return out


async def active_load(
    session: AsyncSession, mentor_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    out: dict[uuid.UUID, int] = {}
    for chunk in id_chunks(mentor_ids):
        stmt = (
            select(_a.mentor_id, func.count())
            .where(_a.mentor_id.in_(chunk), _a.status == "active")
            .group_by(_a.mentor_id)
        )
        out.update({m: int(n) for m, n in (await session.execute(stmt)).all()})
    return out


async def insert_assignments(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    for chunk in _chunks(rows):
        await session.execute(insert(ASSIGNMENTS), chunk)


async def set_household_status(
    session: AsyncSession, household_ids: Sequence[uuid.UUID], status: str, only_from: Sequence[str]
) -> None:
    """Move these households to `status`, those whose status is one of `only_from`."""
    now = utcnow()
    for chunk in id_chunks(household_ids):
        await session.execute(
            update(HOUSEHOLDS)
            .where(_h.id.in_(chunk), _h.status.in_(list(only_from)))
            .values(
                status=status,
                status_changed_at=now,
                version=_h.version + 1,
                updated_at=now,
            )
        )


async def set_outcomes(
    session: AsyncSession, run_id: uuid.UUID, outcomes: Sequence[dict[str, Any]]
) -> None:
    """Record each proposal's outcome (`household_id`, `outcome`, `conflict`, `assignment_id`)."""
    now = utcnow()
    stmt = (
        update(PROPOSALS)
        .where(_p.run_id == run_id, _p.household_id == bindparam("b_household_id"))
        .values(
            outcome=bindparam("b_outcome"),
            conflict=bindparam("b_conflict"),
            assignment_id=bindparam("b_assignment_id"),
            updated_at=now,
        )
    )
    for chunk in _chunks(outcomes):
        await session.execute(stmt, [{f"b_{k}": v for k, v in row.items()} for row in chunk])


async def discard_proposals(session: AsyncSession, run_id: uuid.UUID) -> None:
    await session.execute(
        update(PROPOSALS)
        .where(_p.run_id == run_id, _p.outcome == "pending")
        .values(outcome="discarded", updated_at=utcnow())
    )


# ------------------------------------------------------------------------------ scoped reads


def proposal_scope(principal: Principal) -> ColumnElement[bool] | None:
    """Proposals (and unmatched households) the principal may see; None means all."""
    match principal.role:
        case Role.ADMIN:
            return None
        case Role.COORDINATOR if principal.region_code:
            return in_region(_h.kelurahan_code, principal.region_code)
        case Role.AGENCY_ADMIN if principal.agency_code:
            return _m.agency_code == principal.agency_code
    return false()


async def list_runs(
    session: AsyncSession, sort: str, page: PageParams, status: str | None
) -> tuple[Sequence[dict[str, Any]], str | None, int | None]:
    where = [] if status is None else [_r.status == status]
    total = None
    if page.include_total:
        total = await session.scalar(select(func.count()).select_from(MatchingRun).where(*where))
    rows, cursor = await mapping_page(
        session, select(*_r).where(*where), keys=RUN_SORT, sort=sort, id_column=_r.id, page=page
    )
    return rows, cursor, total


_HOUSEHOLD_NEEDS = (
    select(func.count())
    .where(HouseholdNeed.household_id == _p.household_id)
    .correlate(MatchingProposal.__table__)
    .scalar_subquery()
)


async def list_proposals(
    session: AsyncSession,
    principal: Principal,
    run_id: uuid.UUID,
    filters: ProposalFilters,
    sort: str,
    page: PageParams,
) -> tuple[Sequence[dict[str, Any]], str | None, int | None]:
    scope = proposal_scope(principal)
    where: list[ColumnElement[bool]] = [_p.run_id == run_id]
    if scope is not None:
        where.append(scope)
    if filters.kecamatan_code:
        where.append(_h.kecamatan_code == filters.kecamatan_code)
    if filters.agency_code:
        where.append(_m.agency_code == filters.agency_code)
    if filters.change:
        where.append(_p.change == filters.change)
    if filters.outcome:
        where.append(_p.outcome == filters.outcome)
    if filters.mentor_id:
        where.append(_p.mentor_id == filters.mentor_id)
    joined = MatchingProposal.__table__.join(Household.__table__, _h.id == _p.household_id).join(
        Mentor.__table__, _m.id == _p.mentor_id
    )
    stmt = (
        select(
            *(c for c in _p if c.key not in ("created_at", "updated_at")),
            _p.household_id.label("id"),
            _h.head_name.label("household_head_name"),
            _h.kecamatan_code,
            _h.kelurahan_code,
            _m.name.label("mentor_name"),
            _m.agency_code,
        )
        .select_from(joined)
        .where(*where)
    )
    total = None
    if page.include_total:
        total = await session.scalar(select(func.count()).select_from(joined).where(*where))
    rows, cursor = await mapping_page(
        session, stmt, keys=PROPOSAL_SORT, sort=sort, id_column=_p.household_id, page=page
    )
    return rows, cursor, total


async def needs_of(
    session: AsyncSession, household_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    out: dict[uuid.UUID, list[str]] = {h: [] for h in household_ids}
    if not household_ids:
        return out
    stmt = (
        select(HouseholdNeed.household_id, HouseholdNeed.code)
        .where(HouseholdNeed.household_id.in_(list(household_ids)))
        .order_by(HouseholdNeed.code)
    )
    for household_id, code in (await session.execute(stmt)).all():
        out[household_id].append(code)
    return out


async def list_unmatched(
    session: AsyncSession,
    principal: Principal,
    run_id: uuid.UUID,
    reason: str | None,
    kecamatan_code: str | None,
    page: PageParams,
) -> tuple[Sequence[dict[str, Any]], str | None, int | None]:
    scope = proposal_scope(principal)
    if principal.role == Role.AGENCY_ADMIN:
        scope = false()  # an unmatched household has no mentor, so no agency of its own
    where: list[ColumnElement[bool]] = [_u.run_id == run_id]
    if scope is not None:
        where.append(scope)
    if reason:
        where.append(_u.reason == reason)
    if kecamatan_code:
        where.append(_h.kecamatan_code == kecamatan_code)
    joined = MatchingUnmatched.__table__.join(Household.__table__, _h.id == _u.household_id)
    stmt = (
        select(
            _u.household_id,
            _u.household_id.label("id"),
            _u.reason,
            _u.current_assignment_id,
            _h.head_name.label("household_head_name"),
            _h.kecamatan_code,
            _h.kelurahan_code,
        )
        .select_from(joined)
        .where(*where)
    )
    total = None
    if page.include_total:
        total = await session.scalar(select(func.count()).select_from(joined).where(*where))
    rows, cursor = await mapping_page(
        session,
        stmt,
        keys=UNMATCHED_SORT,
        sort="household_id",
        id_column=_u.household_id,
        page=page,
    )
    return rows, cursor, total
