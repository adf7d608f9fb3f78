"""/stats: coverage, activity, graduation and participation, aggregated by the database for the
dashboard and for other agencies' systems; each caller sees its own scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from bina.db import Session
from bina.kit.openapi import problems
from bina.security.principal import Principal, Role, requires
from bina.security.scopes import Scope
from bina.stats import service
from bina.stats.schemas import (
    AgencyStatsList,
    KecamatanStatsList,
    MonthlyStats,
    Overview,
    StatsFilters,
)

router = APIRouter(prefix="/stats", tags=["stats"])

Reader = Annotated[
    Principal,
    requires(Scope.STATS_READ, Role.ADMIN, Role.COORDINATOR, Role.AGENCY_ADMIN, Role.AUDITOR),
]


async def stats_filters(
    kecamatan: Annotated[
        str | None, Query(pattern=r"^\d{2}\.\d{2}\.\d{2}$", description="Kecamatan code.")
    ] = None,
    agency: Annotated[str | None, Query(max_length=32, description="Agency code.")] = None,
) -> StatsFilters:
    return StatsFilters(kecamatan, agency)


Filters = Annotated[StatsFilters, Depends(stats_filters)]
_ERRORS = problems(401, 403, 422, 429)


@router.get("/overview", response_model=Overview, responses=_ERRORS)
async def overview(session: Session, principal: Reader, filters: Filters) -> Overview:
    """Coverage, visits, households not visited in 30/60 days, graduation funnel."""
    return await service.overview(session, principal, filters)


@router.get("/kecamatan", response_model=KecamatanStatsList, responses=_ERRORS)
async def by_kecamatan(session: Session, principal: Reader, filters: Filters) -> KecamatanStatsList:
    """The same numbers per kecamatan, with its centre point for the map."""
    return await service.kecamatan(session, principal, filters)


@router.get("/agencies", response_model=AgencyStatsList, responses=_ERRORS)
async def by_agency(session: Session, principal: Reader, filters: Filters) -> AgencyStatsList:
    """Participation per agency: mentors in service, mentors with a household, their visits."""
    return await service.agencies(session, principal, filters)


@router.get("/monthly", response_model=MonthlyStats, responses=_ERRORS)
async def monthly(
    session: Session,
    principal: Reader,
    filters: Filters,
    months: Annotated[int, Query(ge=1, le=36, description="How many months back.")] = 12,
) -> MonthlyStats:
    """Per month (city time): sessions, households visited, assessments, graduations,
    assignments started."""
    return await service.monthly(session, principal, filters, months)
