"""Statistics rules: whose numbers a caller may see (a coordinator its region, an agency admin
its agency, an auditor the whole city in aggregate) and the ratios built from the counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bina.errors import Forbidden
from bina.security.principal import Principal, Role
from bina.stats import repository
from bina.stats.repository import FUNNEL, STATUSES, Scope
from bina.stats.schemas import (
    AgencyStats,
    AgencyStatsList,
    FunnelStage,
    KecamatanStats,
    KecamatanStatsList,
    MonthlyStats,
    MonthStats,
    Overview,
    StatsFilters,
    StatsScope,
)

CITY_TIME_ZONE = "Asia/Jakarta"  # WIB: Palembang's wall clock for monthly buckets


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 6) if whole else None


def resolve_scope(principal: Principal, filters: StatsFilters) -> Scope:
    """The caller's filters within what the caller may see; asking beyond it is 403."""
    region = None
    agency = filters.agency_code
    if principal.role == Role.COORDINATOR:
        region = principal.region_code
        kec = filters.kecamatan_code
        if (
            region
            and kec
            and not (kec == region or kec.startswith(region + ".") or region.startswith(kec + "."))
        ):
            raise Forbidden("That kecamatan is outside your region.")
    elif principal.region_codes:  # an integration client limited to some regions
        kec = filters.kecamatan_code
        if kec is not None and not principal.reaches(kec):
            raise Forbidden("That kecamatan is outside your regions.")
        if kec is None and len(principal.region_codes) > 1:
            raise Forbidden("Ask per kecamatan: your client reaches several regions.")
        region = principal.region_codes[0] if kec is None else None
    elif principal.role == Role.AGENCY_ADMIN:
        if agency not in (None, principal.agency_code):
            raise Forbidden("You see the statistics of your own agency only.")
        agency = principal.agency_code
    return Scope(region, filters.kecamatan_code, agency)


def _scope_read(scope: Scope) -> StatsScope:
    return StatsScope(
        region_code=scope.region_code,
        kecamatan_code=scope.kecamatan_code,
        agency_code=scope.agency_code,
    )


async def overview(session: AsyncSession, principal: Principal, filters: StatsFilters) -> Overview:
    scope = resolve_scope(principal, filters)
    now = datetime.now(UTC)
    h = await repository.overview(session, scope, now)
    return Overview(
        as_of=now,
        scope=_scope_read(scope),
        households=h["households"],
        households_open=h["households_open"],
        households_with_mentor=h["households_with_mentor"],
        coverage=_ratio(h["households_with_mentor"], h["households_open"]),
        by_status={s_: h[f"status_{s_}"] for s_ in STATUSES},
        mentors=h["mentors"],
        mentors_with_household=h["mentors_with_household"],
        participation=_ratio(h["mentors_with_household"], h["mentors"]),
        sessions_last_30_days=h["sessions"],
        sessions_per_household_30_days=_ratio(h["sessions"], h["households_with_mentor"]),
        sessions_per_mentor_30_days=_ratio(h["sessions"], h["mentors_with_household"]),
        households_not_visited_30_days=h["not_visited_30"],
        households_not_visited_60_days=h["not_visited_60"],
        sessions_flagged_pending=h["flagged"],
        graduation_funnel=[
            FunnelStage(stage=stage, households=h[f"reached_{stage}"]) for stage in FUNNEL
        ],
    )


async def kecamatan(
    session: AsyncSession, principal: Principal, filters: StatsFilters
) -> KecamatanStatsList:
    scope = resolve_scope(principal, filters)
    now = datetime.now(UTC)
    rows = await repository.by_kecamatan(session, scope, now)
    items = [
        KecamatanStats(
            kecamatan_code=r["kecamatan_code"],
            name=r["name"],
            lat=r["lat"],
            lon=r["lon"],
            households=int(r["households"] or 0),
            households_open=int(r["households_open"] or 0),
            households_with_mentor=int(r["households_with_mentor"] or 0),
            coverage=_ratio(int(r["households_with_mentor"] or 0), int(r["households_open"] or 0)),
            sessions_last_30_days=int(r["sessions_last_30_days"]),
            households_not_visited_30_days=int(r["not_visited_30"] or 0),
            households_not_visited_60_days=int(r["not_visited_60"] or 0),
            graduated=int(r["graduated"] or 0),
        )
        for r in rows
    ]
    return KecamatanStatsList(as_of=now, scope=_scope_read(scope), items=items)


async def agencies(
    session: AsyncSession, principal: Principal, filters: StatsFilters
) -> AgencyStatsList:
    scope = resolve_scope(principal, filters)
    now = datetime.now(UTC)
    rows = await repository.by_agency(session, scope, now)
    items = [
        AgencyStats(
            agency_code=r["agency_code"],
            name=r["name"],
            mentors=int(r["mentors"]),
            mentors_with_household=int(r["mentors_with_household"]),
            participation=_ratio(int(r["mentors_with_household"]), int(r["mentors"])),
            households_mentored=int(r["households_mentored"]),
            sessions_last_30_days=int(r["sessions_last_30_days"]),
        )
        for r in rows
    ]
    return AgencyStatsList(as_of=now, scope=_scope_read(scope), items=items)


def _months_back(now_local: datetime, months: int) -> list[str]:
    year, month = now_local.year, now_local.month
    out = []
    for _ in range(months):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


async def monthly(
    session: AsyncSession, principal: Principal, filters: StatsFilters, months: int
) -> MonthlyStats:
    scope = resolve_scope(principal, filters)
    now = datetime.now(UTC)
    zone = ZoneInfo(CITY_TIME_ZONE)
    local = now.astimezone(zone)
    labels = _months_back(local, months)
    first = datetime(int(labels[0][:4]), int(labels[0][5:]), 1, tzinfo=zone).astimezone(UTC)
    offset = local.utcoffset() or timedelta(0)
    hours = int(offset.total_seconds() // 3600)
    counts = await repository.monthly(session, scope, first, labels[0], hours)
    names = ("sessions", "households_visited", "assessments", "graduations", "assignments_started")
    items = [
        MonthStats(month=label, **{n: counts.get(label, {}).get(n, 0) for n in names})
        for label in labels
    ]
    return MonthlyStats(as_of=now, scope=_scope_read(scope), time_zone=CITY_TIME_ZONE, items=items)
