"""SQL for statistics: every number is an aggregate computed by the database (COUNT ... FILTER,
GROUP BY, NOT EXISTS on indexed columns), never rows loaded into Python."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Interval,
    Select,
    Subquery,
    Table,
    and_,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit.regionsql import in_region
from bina.models import (
    Agency,
    Assessment,
    Assignment,
    Household,
    HouseholdStatusChange,
    Mentor,
    MentoringSession,
    Region,
)

_h = cast(Table, Household.__table__).c
_a = cast(Table, Assignment.__table__).c
_m = cast(Table, Mentor.__table__).c
_s = cast(Table, MentoringSession.__table__).c
_x = cast(Table, Assessment.__table__).c
_c = cast(Table, HouseholdStatusChange.__table__).c

OPEN = ("identified", "verified", "assigned", "mentoring")
GRADUATED = ("graduated", "monitoring", "exited")
# The lifecycle in order; a household has reached every stage up to its current one.
FUNNEL = ("identified", "verified", "assigned", "mentoring", "graduated", "monitoring", "exited")
STATUSES = (*FUNNEL, "moved")


@dataclass(frozen=True, slots=True)
class Scope:
    """Resolved scope: region (a kecamatan or kelurahan code prefix), kecamatan, agency."""

    region_code: str | None
    kecamatan_code: str | None
    agency_code: str | None


def _household_where(scope: Scope) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if scope.region_code:
        where.append(in_region(_h.kelurahan_code, scope.region_code))
    if scope.kecamatan_code:
        where.append(_h.kecamatan_code == scope.kecamatan_code)
    return where


# The longest "not visited in N days" the statistics count.
NOT_VISITED_DAYS = (30, 60)


def _last_visits(since: datetime) -> Subquery:
    """Each household's latest visit since `since` (sessions not rejected), in one pass over the
    visits index: cheaper on both databases than asking per household."""
    return (
        select(_s.household_id, func.max(_s.occurred_at).label("last_visit"))
        .where(_s.occurred_at >= since, _s.status != "rejected")
        .group_by(_s.household_id)
        .subquery("visits")
    )


def households_in_scope(scope: Scope, now: datetime | None = None) -> Subquery:
    """Households in scope with their active assignment (if any), its mentor's agency and, with
    `now`, their latest visit in the last 60 days."""
    active = cast(Table, Assignment.__table__).alias("active")
    mentor = cast(Table, Mentor.__table__).alias("active_mentor")
    source = Household.__table__.outerjoin(
        active, and_(active.c.household_id == _h.id, active.c.status == "active")
    ).outerjoin(mentor, mentor.c.id == active.c.mentor_id)
    columns: list[ColumnElement[Any]] = [
        _h.id,
        _h.kecamatan_code,
        _h.status,
        active.c.id.label("assignment_id"),
        active.c.started_at,
        mentor.c.agency_code,
    ]
    if now is not None:
        visits = _last_visits(now - timedelta(days=max(NOT_VISITED_DAYS)))
        source = source.outerjoin(visits, visits.c.household_id == _h.id)
        columns.append(visits.c.last_visit)
    stmt = select(*columns).select_from(source).where(*_household_where(scope))
    if scope.agency_code:
        stmt = stmt.where(mentor.c.agency_code == scope.agency_code)
    return stmt.subquery("hh")


def _not_visited(hh: Subquery, now: datetime, days: int) -> ColumnElement[bool]:
    """Mentored (since before then), still open, and no visit in the last `days`."""
    since = now - timedelta(days=days)
    return and_(
        hh.c.assignment_id.is_not(None),
        hh.c.status.in_(OPEN),
        hh.c.started_at <= since,
        or_(hh.c.last_visit.is_(None), hh.c.last_visit < since),
    )


def _kinds(hh: Subquery, now: datetime, *keys: Any) -> Subquery:
    """Households counted per `keys` and kind (status, mentored, not visited in 30 / 60 days):
    a few dozen rows, which `_household_counts` adds up. Cheaper than evaluating its twenty
    FILTERs on every household."""
    kind = [
        hh.c.status.label("status"),
        hh.c.assignment_id.is_not(None).label("mentored"),
        *(_not_visited(hh, now, d).label(f"not_visited_{d}") for d in NOT_VISITED_DAYS),
    ]
    return select(*keys, *kind, func.count().label("n")).group_by(*keys, *kind).subquery("kinds")


def _household_counts(kinds: Subquery) -> list[Any]:
    status, n = kinds.c.status, kinds.c.n
    rank = {s: k for k, s in enumerate(FUNNEL)}

    def total(*where: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(n).filter(*where), 0)

    columns: list[Any] = [
        total(status != "moved").label("households"),
        total(status.in_(OPEN)).label("households_open"),
        total(status.in_(OPEN), kinds.c.mentored.is_(True)).label("households_with_mentor"),
        *(
            total(kinds.c[f"not_visited_{d}"].is_(True)).label(f"not_visited_{d}")
            for d in NOT_VISITED_DAYS
        ),
        total(status.in_(GRADUATED)).label("graduated"),
    ]
    columns += [total(status == s).label(f"status_{s}") for s in STATUSES]
    columns += [total(status.in_(FUNNEL[rank[s] :])).label(f"reached_{s}") for s in FUNNEL]
    return columns


async def household_overview(session: AsyncSession, scope: Scope, now: datetime) -> dict[str, int]:
    kinds = _kinds(households_in_scope(scope, now), now)
    row = (await session.execute(select(*_household_counts(kinds)))).mappings().one()
    return {k: int(v or 0) for k, v in row.items()}


def _sessions_where(
    scope: Scope, since: datetime, *, households: bool = False
) -> tuple[Any, list[ColumnElement[bool]]]:
    """Sessions (not rejected) since `since`, by households in region/kecamatan and, with an
    agency, by that agency's mentors. Households are joined only when a filter (or the caller,
    `households`) needs them: the whole city's numbers read the sessions alone."""
    source: Any = MentoringSession.__table__
    where = [_s.occurred_at >= since, _s.status != "rejected", *_household_where(scope)]
    if households or len(where) > 2:
        source = source.join(Household.__table__, _h.id == _s.household_id)
    if scope.agency_code:
        source = source.join(Mentor.__table__, _m.id == _s.mentor_id)
        where.append(_m.agency_code == scope.agency_code)
    return source, where


async def session_overview(session: AsyncSession, scope: Scope, now: datetime) -> dict[str, int]:
    source, where = _sessions_where(scope, now - timedelta(days=30))
    recent = select(func.count(), func.count(distinct(_s.mentor_id))).select_from(source)
    sessions, mentors = (await session.execute(recent.where(*where))).one()
    source, where = _with_households(MentoringSession.__table__, _s.household_id, scope)
    pending = select(func.count()).select_from(source)
    pending = pending.where(_s.flagged.is_(True), _s.status == "submitted", *where)
    if scope.agency_code:
        pending = pending.where(
            _s.mentor_id.in_(select(_m.id).where(_m.agency_code == scope.agency_code))
        )
    flagged = await session.scalar(pending)
    return {
        "sessions": int(sessions),
        "visiting_mentors": int(mentors),
        "flagged": int(flagged or 0),
    }


def _with_households(table: Any, household_id: Any, scope: Scope) -> tuple[Any, list[Any]]:
    """`table` joined to its households when the scope filters by region or kecamatan."""
    where = _household_where(scope)
    if not where:
        return table, []
    return table.join(Household.__table__, _h.id == household_id), where


def _mentor_where(scope: Scope) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [_m.status == "active"]
    if scope.region_code:
        where.append(in_region(_m.kelurahan_code, scope.region_code))
    if scope.kecamatan_code:
        where.append(_m.kecamatan_code == scope.kecamatan_code)
    if scope.agency_code:
        where.append(_m.agency_code == scope.agency_code)
    return where


def _has_household() -> ColumnElement[bool]:
    # A set read once (see _not_visited), not a probe per mentor.
    return _m.id.in_(select(_a.mentor_id).where(_a.status == "active"))


async def mentor_overview(session: AsyncSession, scope: Scope) -> dict[str, int]:
    stmt = select(
        func.count().label("mentors"),
        func.count().filter(_has_household()).label("mentors_with_household"),
    ).where(*_mentor_where(scope))
    row = (await session.execute(stmt)).mappings().one()
    return {k: int(v or 0) for k, v in row.items()}


async def by_kecamatan(session: AsyncSession, scope: Scope, now: datetime) -> Sequence[Any]:
    hh = households_in_scope(scope, now)
    kinds = _kinds(hh, now, hh.c.kecamatan_code)
    counts = (
        select(kinds.c.kecamatan_code, *_household_counts(kinds))
        .group_by(kinds.c.kecamatan_code)
        .subquery("counts")
    )
    source, where = _sessions_where(scope, now - timedelta(days=30), households=True)
    visits = (
        select(_h.kecamatan_code, func.count().label("sessions"))
        .select_from(source)
        .where(*where)
        .group_by(_h.kecamatan_code)
        .subquery("visits")
    )
    regions = cast(Table, Region.__table__).c
    kec_where: list[ColumnElement[bool]] = [regions.level == "kecamatan"]
    if scope.region_code:
        # a kelurahan coordinator sees its kecamatan row (with its own households only)
        kec_where.append(
            or_(
                in_region(regions.code, scope.region_code),
                literal(scope.region_code).startswith(regions.code + "."),
            )
        )
    if scope.kecamatan_code:
        kec_where.append(regions.code == scope.kecamatan_code)
    stmt = (
        select(
            regions.code.label("kecamatan_code"),
            regions.name,
            regions.lat,
            regions.lon,
            counts,
            func.coalesce(visits.c.sessions, 0).label("sessions_last_30_days"),
        )
        .select_from(
            Region.__table__.outerjoin(counts, counts.c.kecamatan_code == regions.code).outerjoin(
                visits, visits.c.kecamatan_code == regions.code
            )
        )
        .where(*kec_where)
        .order_by(regions.code)
    )
    return (await session.execute(stmt)).mappings().all()


async def by_agency(session: AsyncSession, scope: Scope, now: datetime) -> Sequence[Any]:
    mentors = (
        select(
            _m.agency_code,
            func.count().label("mentors"),
            func.count().filter(_has_household()).label("mentors_with_household"),
        )
        .where(*_mentor_where(scope))
        .group_by(_m.agency_code)
        .subquery("m")
    )
    hh = households_in_scope(scope)
    held = (
        select(hh.c.agency_code, func.count().label("households_mentored"))
        .where(hh.c.assignment_id.is_not(None))
        .group_by(hh.c.agency_code)
        .subquery("held")
    )
    source, where = _sessions_where(scope, now - timedelta(days=30))
    if not scope.agency_code:
        source = source.join(Mentor.__table__, _m.id == _s.mentor_id)
    visits = (
        select(_m.agency_code, func.count().label("sessions"))
        .select_from(source)
        .where(*where)
        .group_by(_m.agency_code)
        .subquery("visits")
    )
    agencies = cast(Table, Agency.__table__).c
    stmt = (
        select(
            agencies.code.label("agency_code"),
            agencies.name,
            mentors.c.mentors,
            mentors.c.mentors_with_household,
            func.coalesce(held.c.households_mentored, 0).label("households_mentored"),
            func.coalesce(visits.c.sessions, 0).label("sessions_last_30_days"),
        )
        .select_from(
            Agency.__table__.join(mentors, mentors.c.agency_code == agencies.code)
            .outerjoin(held, held.c.agency_code == agencies.code)
            .outerjoin(visits, visits.c.agency_code == agencies.code)
        )
        .order_by(agencies.code)
    )
    return (await session.execute(stmt)).mappings().all()


def _month(column: Any, dialect: str, offset_hours: int | None) -> ColumnElement[Any]:
    """The month (city time) of a UTC timestamp, or of a date with `offset_hours` None, as a
    value to group by: on PostgreSQL the month's first instant (formatting every row as text
    cost more than counting it), on SQLite its text. Indonesia keeps no daylight saving, so a
    fixed offset is exact."""
    if dialect == "postgresql":
        # Both as timestamps without a time zone: the session's zone never shifts a month.
        if offset_hours is None:
            column = sql_cast(column, DateTime())
        else:
            column = func.timezone("UTC", column) + literal(
                timedelta(hours=offset_hours), Interval()
            )
        return func.date_trunc("month", column)
    if offset_hours is None:
        return func.strftime("%Y-%m", column)
    return func.strftime("%Y-%m", column, f"{offset_hours:+d} hours")


def _label(month: datetime | str) -> str:
    return month if isinstance(month, str) else f"{month:%Y-%m}"


async def monthly(
    session: AsyncSession, scope: Scope, since: datetime, offset_hours: int
) -> dict[str, dict[str, int]]:
    """Per month since `since`: sessions, households visited, assessments, graduations,
    assignments started."""
    dialect = session.get_bind().dialect.name
    out: dict[str, dict[str, int]] = {}

    async def add(stmt: Select[*tuple[Any, ...]], *names: str) -> None:
        for row in await session.execute(stmt):
            bucket = out.setdefault(_label(row[0]), {})
            for k, name in enumerate(names, start=1):
                bucket[name] = int(row[k])

    source, where = _sessions_where(scope, since)
    month = _month(_s.occurred_at, dialect, offset_hours)
    # Visits per household and month first: households visited is then a plain count (one hash
    # aggregate instead of sorting every session for COUNT(DISTINCT)).
    per_household = (
        select(month.label("month"), func.count().label("sessions"))
        .select_from(source)
        .where(*where)
        .group_by(month, _s.household_id)
        .subquery("per_household")
    )
    m = per_household.c.month
    await add(
        select(m, func.sum(per_household.c.sessions), func.count()).group_by(m),
        "sessions",
        "households_visited",
    )

    month = _month(_x.assessed_on, dialect, None)
    source, where = _with_households(Assessment.__table__, _x.household_id, scope)
    stmt = select(month, func.count()).select_from(source)
    stmt = stmt.where(_x.assessed_on >= since.date(), *where).group_by(month)
    if scope.agency_code:
        stmt = stmt.where(
            _x.mentor_id.in_(select(_m.id).where(_m.agency_code == scope.agency_code))
        )
    await add(stmt, "assessments")

    month = _month(_c.changed_at, dialect, offset_hours)
    source, where = _with_households(HouseholdStatusChange.__table__, _c.household_id, scope)
    stmt = select(month, func.count()).select_from(source)
    stmt = stmt.where(_c.to_status == "graduated", _c.changed_at >= since, *where)
    if scope.agency_code:
        stmt = stmt.where(
            exists().where(
                _a.household_id == _c.household_id,
                _a.mentor_id.in_(select(_m.id).where(_m.agency_code == scope.agency_code)),
            )
        )
    await add(stmt.group_by(month), "graduations")

    month = _month(_a.started_at, dialect, offset_hours)
    source, where = _with_households(Assignment.__table__, _a.household_id, scope)
    where.append(_a.started_at >= since)
    if scope.agency_code:
        source = source.join(Mentor.__table__, _m.id == _a.mentor_id)
        where.append(_m.agency_code == scope.agency_code)
    stmt = select(month, func.count()).select_from(source).where(*where).group_by(month)
    await add(stmt, "assignments_started")
    return out
