"""SQL for statistics: every number is an aggregate computed by the database, never rows loaded
into Python. Household numbers and monthly visits read the rollups the triggers keep exact
(bina.models.stats_rollup); the rest reads indexed base tables. One statement per endpoint,
built once per scope shape (which filters apply) with the values bound at each call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Executable,
    FromClause,
    Interval,
    Select,
    Subquery,
    Table,
    and_,
    bindparam,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import (
    Agency,
    Assignment,
    HouseholdStatusChange,
    Mentor,
    MentoringSession,
    Region,
    StatsHousehold,
    StatsVisitMonth,
)
from bina.models.base import UTCDateTime

_a = cast(Table, Assignment.__table__).c
_m = cast(Table, Mentor.__table__).c
_s = cast(Table, MentoringSession.__table__).c
_c = cast(Table, HouseholdStatusChange.__table__).c
_sh = cast(Table, StatsHousehold.__table__).c
_vm = cast(Table, StatsVisitMonth.__table__).c

OPEN = ("identified", "verified", "assigned", "mentoring")
GRADUATED = ("graduated", "monitoring", "exited")
# The lifecycle in order; a household has reached every stage up to its current one.
FUNNEL = ("identified", "verified", "assigned", "mentoring", "graduated", "monitoring", "exited")
STATUSES = (*FUNNEL, "moved")
# The longest "not visited in N days" the statistics count.
NOT_VISITED_DAYS = (30, 60)
RECENT_DAYS = 30  # "sessions in the last 30 days"

# Written as literals, not bound: the planners use the partial indexes on sessions only when the
# query states their condition itself.
_NOT_REJECTED = _s.status != literal_column("'rejected'")
_PENDING = and_(_s.flagged, _s.status == literal_column("'submitted'"))


@dataclass(frozen=True, slots=True)
class Scope:
    """Resolved scope: region (a kecamatan or kelurahan code prefix), kecamatan, agency."""

    region_code: str | None
    kecamatan_code: str | None
    agency_code: str | None

    @property
    def shape(self) -> tuple[bool, bool, bool]:
        """Which filters apply: the statements differ by this, not by the values."""
        return (bool(self.region_code), bool(self.kecamatan_code), bool(self.agency_code))


Shape = tuple[bool, bool, bool]


def _scope_params(scope: Scope) -> dict[str, Any]:
    region = scope.region_code or ""
    escaped = region.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return {
        "region": region,
        "region_below": f"{escaped}.%",
        "kecamatan": scope.kecamatan_code,
        "agency": scope.agency_code,
    }


def _params(scope: Scope, now: datetime) -> dict[str, Any]:
    out = _scope_params(scope)
    out["recent"] = now - timedelta(days=RECENT_DAYS)
    for days in NOT_VISITED_DAYS:
        out[f"since_{days}"] = now - timedelta(days=days)
    return out


def _when(name: str) -> Any:
    return bindparam(name, type_=UTCDateTime())


def _place(shape: Shape, kelurahan: Any, kecamatan: Any) -> list[ColumnElement[bool]]:
    """Region (the code itself or below it) and kecamatan filters on a household's place."""
    region, kec, _agency = shape
    where: list[ColumnElement[bool]] = []
    if region:
        where.append(
            or_(
                kelurahan == bindparam("region"),
                kelurahan.like(bindparam("region_below"), escape="/"),
            )
        )
    if kec:
        where.append(kecamatan == bindparam("kecamatan"))
    return where


def _households_where(shape: Shape) -> list[ColumnElement[bool]]:
    where = _place(shape, _sh.kelurahan_code, _sh.kecamatan_code)
    if shape[2]:
        where.append(_sh.agency_code == bindparam("agency"))
    return where


def _not_visited(days: int) -> ColumnElement[bool]:
    """Mentored (since before then), still open, and no visit in the last `days`."""
    since = _when(f"since_{days}")
    return and_(
        _sh.assignment_id.is_not(None),
        _sh.status.in_(OPEN),
        _sh.mentored_since <= since,
        or_(_sh.last_visit_at.is_(None), _sh.last_visit_at < since),
    )


def _kinds(shape: Shape, *keys: Any) -> Subquery:
    """Households counted per `keys` and kind (status, mentored, not visited in 30 / 60 days):
    a few dozen rows, which `_household_counts` adds up. Cheaper than evaluating its twenty
    FILTERs on every household."""
    kind = [
        _sh.status.label("status"),
        _sh.assignment_id.is_not(None).label("mentored"),
        *(_not_visited(d).label(f"not_visited_{d}") for d in NOT_VISITED_DAYS),
    ]
    stmt = select(*keys, *kind, func.count().label("n")).where(*_households_where(shape))
    return stmt.group_by(*keys, *kind).subquery("kinds")


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


def _sessions(shape: Shape, *, by_place: bool = False, by_agency: bool = False) -> FromClause:
    """Sessions with the rollup row of their household when a place filter (or the caller)
    needs it, and their mentor when an agency filter (or the caller) needs it."""
    source: FromClause = cast(Table, MentoringSession.__table__)
    if by_place or shape[0] or shape[1]:
        source = source.join(StatsHousehold.__table__, _sh.household_id == _s.household_id)
    if by_agency or shape[2]:
        source = source.join(Mentor.__table__, _m.id == _s.mentor_id)
    return source


def _sessions_where(shape: Shape) -> list[ColumnElement[bool]]:
    where = _place(shape, _sh.kelurahan_code, _sh.kecamatan_code)
    if shape[2]:
        where.append(_m.agency_code == bindparam("agency"))
    return where


def _recent_visits(shape: Shape, *keys: Any, **joins: bool) -> Select[Any]:
    """Sessions (not rejected) in the last 30 days, counted per `keys`."""
    where = [_s.occurred_at >= _when("recent"), _NOT_REJECTED, *_sessions_where(shape)]
    stmt = select(*keys, func.count().label("sessions")).select_from(_sessions(shape, **joins))
    return stmt.where(*where).group_by(*keys) if keys else stmt.where(*where)


def _mentors_where(shape: Shape) -> list[ColumnElement[bool]]:
    where = [_m.status == "active", *_place(shape, _m.kelurahan_code, _m.kecamatan_code)]
    if shape[2]:
        where.append(_m.agency_code == bindparam("agency"))
    return where


def _has_household() -> ColumnElement[bool]:
    # A set read once from the unique index of active assignments, not a probe per mentor.
    return _m.id.in_(select(_a.mentor_id).where(_a.status == "active"))


@cache
def _overview(shape: Shape) -> Select[Any]:
    counts = select(*_household_counts(_kinds(shape))).subquery("counts")
    flagged = select(func.count()).select_from(_sessions(shape))
    flagged = flagged.where(_PENDING, *_sessions_where(shape))
    mentors = (
        select(
            func.count().label("mentors"),
            func.count().filter(_has_household()).label("mentors_with_household"),
        )
        .where(*_mentors_where(shape))
        .subquery("mentors")
    )
    return select(
        counts,
        mentors,
        _recent_visits(shape).scalar_subquery().label("sessions"),
        flagged.scalar_subquery().label("flagged"),
    ).select_from(counts.join(mentors, true()))  # one row each


async def overview(session: AsyncSession, scope: Scope, now: datetime) -> dict[str, int]:
    """Household counts by kind, recent and flagged visits, mentors: one statement."""
    result = await session.execute(_overview(scope.shape), _params(scope, now))
    return {k: int(v or 0) for k, v in result.mappings().one().items()}


@cache
def _by_kecamatan(shape: Shape) -> Select[Any]:
    kinds = _kinds(shape, _sh.kecamatan_code)
    counts = select(kinds.c.kecamatan_code, *_household_counts(kinds))
    counts_q = counts.group_by(kinds.c.kecamatan_code).subquery("counts")
    visits = _recent_visits(shape, _sh.kecamatan_code, by_place=True).subquery("visits")
    regions = cast(Table, Region.__table__).c
    where: list[ColumnElement[bool]] = [regions.level == "kecamatan"]
    if shape[0]:
        # a kelurahan coordinator sees its kecamatan row (with its own households only)
        where.append(
            or_(
                regions.code == bindparam("region"),
                regions.code.like(bindparam("region_below"), escape="/"),
                bindparam("region").startswith(regions.code + "."),
            )
        )
    if shape[1]:
        where.append(regions.code == bindparam("kecamatan"))
    return (
        select(
            regions.code.label("kecamatan_code"),
            regions.name,
            regions.lat,
            regions.lon,
            counts_q,
            func.coalesce(visits.c.sessions, 0).label("sessions_last_30_days"),
        )
        .select_from(
            Region.__table__.outerjoin(
                counts_q, counts_q.c.kecamatan_code == regions.code
            ).outerjoin(visits, visits.c.kecamatan_code == regions.code)
        )
        .where(*where)
        .order_by(regions.code)
    )


async def by_kecamatan(session: AsyncSession, scope: Scope, now: datetime) -> Sequence[Any]:
    result = await session.execute(_by_kecamatan(scope.shape), _params(scope, now))
    rows: Sequence[Any] = result.mappings().all()
    return rows


@cache
def _by_agency(dialect: str, shape: Shape) -> Select[Any]:
    mentors = (
        select(
            _m.agency_code,
            func.count().label("mentors"),
            func.count().filter(_has_household()).label("mentors_with_household"),
        )
        .where(*_mentors_where(shape))
        .group_by(_m.agency_code)
        .subquery("m")
    )
    held = (
        select(_sh.agency_code, func.count().label("households_mentored"))
        .where(_sh.assignment_id.is_not(None), *_households_where(shape))
        .group_by(_sh.agency_code)
        .subquery("held")
    )
    if dialect == "sqlite" and not shape[2]:
        # Each recent visit looks up its mentor's agency: joined, SQLite walks every mentor and
        # probes its sessions instead of reading the recent visits from their index once (3x).
        # PostgreSQL hashes the mentors once, where a lookup per visit would cost it 5x; one
        # agency's mentors (joined to filter anyway) are few enough to walk.
        agency = select(_m.agency_code).where(_m.id == _s.mentor_id).scalar_subquery()
        visits = (
            _recent_visits(shape)
            .add_columns(agency.label("visit_agency"))
            # by its label, or SQLite looks the agency up twice per visit
            .group_by(literal_column("visit_agency"))
            .subquery("visits")
        )
    else:
        agency_code = _m.agency_code.label("visit_agency")
        visits = _recent_visits(shape, agency_code, by_agency=True).subquery("visits")
    agencies = cast(Table, Agency.__table__).c
    return (
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
            .outerjoin(visits, visits.c.visit_agency == agencies.code)
        )
        .order_by(agencies.code)
    )


async def by_agency(session: AsyncSession, scope: Scope, now: datetime) -> Sequence[Any]:
    dialect = session.get_bind().dialect.name
    result = await session.execute(_by_agency(dialect, scope.shape), _params(scope, now))
    rows: Sequence[Any] = result.mappings().all()
    return rows


def _month(column: Any, dialect: str, offset_hours: int) -> ColumnElement[Any]:
    """The month (city time) of a UTC timestamp as a value to group by: on PostgreSQL the
    month's first instant (formatting every row as text cost more than counting it), on SQLite
    its text. Indonesia keeps no daylight saving, so a fixed offset is exact."""
    if dialect == "postgresql":
        # As a timestamp without a time zone: the session's zone never shifts a month.
        local = func.timezone("UTC", column) + literal(timedelta(hours=offset_hours), Interval())
        return func.date_trunc("month", local)
    return func.strftime("%Y-%m", column, f"{offset_hours:+d} hours")


def _per_month(
    dialect: str, kind: str, month: ColumnElement[Any], source: Any, where: list[Any]
) -> Select[Any]:
    """(kind, YYYY-MM, count, 0, 0, 0) per month: grouped first, formatted per group only."""
    grouped = select(month.label("month"), func.count().label("n")).select_from(source)
    counted = grouped.where(*where).group_by(month).subquery(kind)
    label: Any = counted.c.month
    if dialect == "postgresql":
        label = func.to_char(label, "YYYY-MM")
    zero = literal(0)
    return select(literal(kind).label("kind"), label.label("month"), counted.c.n, zero, zero, zero)


def _households_source(table: Any, household_id: Any, shape: Shape) -> tuple[Any, list[Any]]:
    """`table` joined to its households' rollup rows when the scope filters by place."""
    where = _place(shape, _sh.kelurahan_code, _sh.kecamatan_code)
    if not where:
        return table, []
    return table.join(StatsHousehold.__table__, _sh.household_id == household_id), where


def _agency_mentors() -> Any:
    return select(_m.id).where(_m.agency_code == bindparam("agency"))


@cache
def _monthly(dialect: str, shape: Shape, offset_hours: int) -> Executable:
    """Visits, households visited, assessments and assignments started per month from the
    rollup; graduations (a few hundred a year) from their history. Rows (kind, month, values)."""
    agency = shape[2]
    where = [_vm.month >= bindparam("first_month")]
    where += _place(shape, _vm.kelurahan_code, _vm.kecamatan_code)
    if agency:
        where.append(_vm.agency_code == bindparam("agency"))
    # One row per household and month marks it for the whole city; an agency's rows are one per
    # household and month already (those with visits count).
    visited = func.count().filter(_vm.sessions > 0) if agency else func.sum(_vm.is_first)
    activity = select(
        literal("activity").label("kind"),
        _vm.month,
        func.sum(_vm.sessions),
        visited,
        func.sum(_vm.assessments),
        func.sum(_vm.assignments_started),
    )
    activity = activity.where(*where).group_by(_vm.month)

    source, graduated = _households_source(HouseholdStatusChange.__table__, _c.household_id, shape)
    graduated += [_c.to_status == "graduated", _c.changed_at >= _when("since")]
    if agency:
        graduated.append(
            exists().where(_a.household_id == _c.household_id, _a.mentor_id.in_(_agency_mentors()))
        )
    month = _month(_c.changed_at, dialect, offset_hours)
    return union_all(activity, _per_month(dialect, "graduations", month, source, graduated))


_NAMES = ("sessions", "households_visited", "assessments", "assignments_started")


async def monthly(
    session: AsyncSession,
    scope: Scope,
    since: datetime,
    first_month: str,
    offset_hours: int,
) -> dict[str, dict[str, int]]:
    """Per month (YYYY-MM, city time) from `first_month`, which starts at `since`: sessions,
    households visited, assessments, graduations, assignments started."""
    dialect = session.get_bind().dialect.name
    params = {**_scope_params(scope), "first_month": first_month, "since": since}
    out: dict[str, dict[str, int]] = {}
    statement = _monthly(dialect, scope.shape, offset_hours)
    for kind, month, *values in await session.execute(statement, params):
        counts = [int(v or 0) for v in values]
        if kind == "graduations":
            out.setdefault(month, {})["graduations"] = counts[0]
        else:
            out.setdefault(month, {}).update(zip(_NAMES, counts, strict=True))
    return out
