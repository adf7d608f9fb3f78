"""Matching-run schemas: the request (scope, weights, constraints), the run with its statistics,
proposals with their score explained, unmatched households with the reason, the decision."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from bina.kit.pagination import Page

RunStatus = Literal["queued", "running", "succeeded", "failed", "approved", "discarded"]
ProposalChange = Literal["new", "keep", "replace"]
ProposalOutcome = Literal["pending", "applied", "kept", "conflict", "discarded"]
ProposalSort = Literal["score", "-score", "distance_km", "-distance_km"]
RunSort = Literal["created_at", "-created_at"]
KecamatanCode = Annotated[str, StringConstraints(pattern=r"^\d{2}\.\d{2}\.\d{2}$")]


class MatchingScope(BaseModel):
    """Which households take part. Default: every open household without an active mentor."""

    model_config = ConfigDict(extra="forbid")

    kecamatan_codes: list[KecamatanCode] | None = Field(
        default=None,
        max_length=100,
        description="Only households in these kecamatan (default: the whole city).",
    )
    only_unassigned: bool = Field(
        default=True,
        description=(
            "true: match only households without an active mentor; active pairs stay "
            "(incremental). false: re-match every household in scope; approving ends the "
            "assignments the run replaces."
        ),
    )


class MatchingWeights(BaseModel):
    """Relative weight of each part of a pair's score; they need not add up to 1."""

    model_config = ConfigDict(extra="forbid")

    competence: float = Field(default=0.5, ge=0, le=10)
    proximity: float = Field(default=0.3, ge=0, le=10)
    agency: float = Field(default=0.1, ge=0, le=10)
    continuity: float = Field(default=0.1, ge=0, le=10)

    @model_validator(mode="after")
    def _some_weight(self) -> MatchingWeights:
        if self.competence + self.proximity + self.agency + self.continuity <= 0:
            raise ValueError("at least one weight must be positive")
        return self


class MatchingConstraints(BaseModel):
    """Hard constraints: a proposal never breaks them."""

    model_config = ConfigDict(extra="forbid")

    max_distance_km: float = Field(default=10.0, gt=0, le=200)
    same_kecamatan: bool = Field(
        default=False, description="The mentor must live in the household's kecamatan."
    )
    capacity_override: int | None = Field(
        default=None,
        ge=1,
        le=3,
        description="Households per mentor for this run instead of each mentor's own capacity.",
    )


class MatchingRunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scope: MatchingScope = Field(default_factory=MatchingScope)
    weights: MatchingWeights = Field(default_factory=MatchingWeights)
    constraints: MatchingConstraints = Field(default_factory=MatchingConstraints)


class AgencyLoad(BaseModel):
    agency_code: str
    mentors: int  # eligible mentors of the agency in this run
    mentor_share: float  # of all eligible mentors
    proposals: int
    proposal_share: float  # of all proposals


class MatchingStatistics(BaseModel):
    households: int  # in scope
    mentors: int  # eligible (active, available, with room)
    matched: int
    unmatched: int
    unmatched_by_reason: dict[str, int]
    changes: dict[str, int]  # new / keep / replace / end
    mean_distance_km: float | None
    p95_distance_km: float | None
    mean_score: float | None
    need_coverage: float | None  # share of the matched households' needs a mentor covers
    approximate_locations: int  # households placed at their kecamatan centre (no coordinates)
    agencies: list[AgencyLoad]
    greedy_gain: float | None  # (objective - greedy) / greedy
    timings: dict[str, float] = Field(default_factory=dict)  # reading, solving, greedy baseline


class MatchingCertificate(BaseModel):
    """Proof of optimality over every allowed pair: dual prices with no violated pair, and
    the dual objective equal to the primal one."""

    holds: bool
    rounds: int
    violations_per_round: list[int]
    candidate_pairs: int
    pairs_checked_explicitly: int
    primal_units: int
    dual_units: int


class MatchingDecision(BaseModel):
    applied: int  # assignments made
    kept: int  # proposals equal to the current mentor
    ended: int  # assignments ended (replaced, or household left unmatched by a full re-match)
    conflicts: int  # proposals skipped because something changed since the run read the data


class MatchingRunRead(BaseModel):
    id: uuid.UUID
    status: RunStatus
    scope: MatchingScope
    weights: MatchingWeights
    constraints: MatchingConstraints
    statistics: MatchingStatistics | None
    certificate: MatchingCertificate | None
    objective: float | None
    greedy_objective: float | None
    solve_seconds: float | None
    error: str | None
    attempts: int
    job_id: uuid.UUID | None = Field(
        description="The background job that solves it (`GET /jobs/{id}`)."
    )
    started_at: datetime | None
    finished_at: datetime | None
    decided_at: datetime | None
    decided_by: uuid.UUID | None
    decision: MatchingDecision | None
    requested_by: uuid.UUID | None
    version: int
    created_at: datetime
    updated_at: datetime


class MatchingRunList(Page[MatchingRunRead]):
    pass


class ScoreBreakdown(BaseModel):
    """Each part in [0, 1] and what it adds to the score (weight x part)."""

    competence: float
    proximity: float
    agency: float
    continuity: float
    weighted: dict[str, float]


class ProposalRead(BaseModel):
    household_id: uuid.UUID
    household_head_name: str
    kecamatan_code: str
    kelurahan_code: str
    household_needs: list[str]
    mentor_id: uuid.UUID
    mentor_name: str
    agency_code: str
    score: float
    parts: ScoreBreakdown
    distance_km: float
    needs_covered: list[str]
    change: ProposalChange
    current_assignment_id: uuid.UUID | None
    outcome: ProposalOutcome
    conflict: str | None
    assignment_id: uuid.UUID | None


class ProposalList(Page[ProposalRead]):
    pass


class UnmatchedRead(BaseModel):
    household_id: uuid.UUID
    household_head_name: str
    kecamatan_code: str
    kelurahan_code: str
    reason: str
    current_assignment_id: uuid.UUID | None


class UnmatchedList(Page[UnmatchedRead]):
    pass


@dataclass(frozen=True, slots=True)
class ProposalFilters:
    kecamatan_code: str | None = None
    agency_code: str | None = None
    change: str | None = None
    outcome: str | None = None
    mentor_id: uuid.UUID | None = None


def parts_of(parts: dict[str, Any], weights: MatchingWeights) -> ScoreBreakdown:
    """Stored parts plus what each adds to the score under the run's weights."""
    names = ("competence", "proximity", "agency", "continuity")
    values = {name: float(parts.get(name, 0.0)) for name in names}
    weighted = {name: round(getattr(weights, name) * values[name], 6) for name in names}
    return ScoreBreakdown(**values, weighted=weighted)
