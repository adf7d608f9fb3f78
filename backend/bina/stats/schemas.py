"""Statistics for the dashboard and for other agencies: aggregates only, never a person's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, Field


@dataclass(frozen=True, slots=True)
class StatsFilters:
    kecamatan_code: str | None = None
    agency_code: str | None = None


class StatsScope(BaseModel):
    """What the numbers cover: the filters asked for, narrowed to the caller's own scope."""

    region_code: str | None
    kecamatan_code: str | None
    agency_code: str | None


class FunnelStage(BaseModel):
    stage: str
    households: int  # households that reached this stage (or a later one)


class Overview(BaseModel):
    as_of: datetime
    scope: StatsScope
    households: int = Field(description="Households in the programme (every status but moved).")
    households_open: int = Field(
        description="Households that still need a mentor: not graduated, monitored or exited."
    )
    households_with_mentor: int
    coverage: float | None = Field(description="households_with_mentor / households_open")
    by_status: dict[str, int]
    mentors: int = Field(description="Mentors in active service.")
    mentors_with_household: int
    participation: float | None = Field(description="mentors_with_household / mentors")
    sessions_last_30_days: int
    sessions_per_household_30_days: float | None
    sessions_per_mentor_30_days: float | None
    households_not_visited_30_days: int = Field(
        description="With a mentor for 30+ days and no (non-rejected) session in the last 30."
    )
    households_not_visited_60_days: int
    sessions_flagged_pending: int
    graduation_funnel: list[FunnelStage]


class KecamatanStats(BaseModel):
    kecamatan_code: str
    name: str
    lat: float | None
    lon: float | None
    households: int
    households_open: int
    households_with_mentor: int
    coverage: float | None
    sessions_last_30_days: int
    households_not_visited_30_days: int
    households_not_visited_60_days: int
    graduated: int  # graduated, monitored or exited


class KecamatanStatsList(BaseModel):
    as_of: datetime
    scope: StatsScope
    items: list[KecamatanStats]


class AgencyStats(BaseModel):
    agency_code: str
    name: str
    mentors: int
    mentors_with_household: int
    participation: float | None
    households_mentored: int
    sessions_last_30_days: int


class AgencyStatsList(BaseModel):
    as_of: datetime
    scope: StatsScope
    items: list[AgencyStats]


class MonthStats(BaseModel):
    month: str  # YYYY-MM in the city's time zone
    sessions: int
    households_visited: int
    assessments: int
    graduations: int
    assignments_started: int


class MonthlyStats(BaseModel):
    as_of: datetime
    scope: StatsScope
    time_zone: str
    items: list[MonthStats]
