"""The matching solver's inputs and outputs: plain frozen dataclasses, no behaviour."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

# ---------------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Household:
    id: str
    lat: float
    lon: float
    kecamatan: str
    needs: frozenset[str] = frozenset()
    current_mentor: str | None = None


@dataclass(frozen=True)
class Mentor:
    id: str
    home_lat: float
    home_lon: float
    kecamatan: str
    agency: str
    competencies: Mapping[str, int] = field(default_factory=dict)
    capacity: int = 1
    available: bool = True
    work_lat: float | None = None
    work_lon: float | None = None


@dataclass(frozen=True)
class Weights:
    competence: float = 0.5
    proximity: float = 0.3
    agency: float = 0.1
    continuity: float = 0.1


@dataclass(frozen=True)
class Constraints:
    max_distance_km: float = 10.0
    same_kecamatan: bool = False


@dataclass(frozen=True)
class Tuning:
    """Knobs that change speed, never the answer."""

    pool_points: int = 256
    k_household: int = 24
    # a few per mentor so that every mentor has arcs, hence a price: a mentor outside the graph
    # costs nothing and makes the first scan find millions of "profitable" pairs
    k_mentor: int = 2
    add_per_household: int = 100
    max_rounds: int = 50
    # A round whose known pairs show fewer violators than this checks every pair too: a round
    # spent on a handful is usually followed by a full scan that finds more.
    full_scan_below: int = 10
    # the greedy answer's pairs join the first graph (off only to test the cold start)
    warm_start: bool = True
    # Between rounds, graph arcs with reduced profit below -prune_units leave the graph (the
    # matched ones stay) so each re-solve is small; pairs within near_units of profitable join
    # with the violators, since the next prices tend to make them violators too.
    prune_units: int = 30_000
    near_units: int = 15_000


# --------------------------------------------------------------------------------------- outputs


class UnmatchedReason(StrEnum):
    NONE_IN_KECAMATAN = "no_available_mentor_in_kecamatan"
    NO_MENTOR_WITHIN_DISTANCE = "no_available_mentor_within_max_distance"
    ALL_CANDIDATES_TAKEN = "all_candidates_taken"


@dataclass(frozen=True)
class ScoreParts:
    """Each part in [0, 1], before weighting."""

    competence: float
    proximity: float
    agency: float
    continuity: float


@dataclass(frozen=True)
class Pair:
    household_id: str
    mentor_id: str
    score: float
    parts: ScoreParts
    distance_km: float
    needs_covered: tuple[str, ...]


@dataclass(frozen=True)
class Unmatched:
    household_id: str
    reason: UnmatchedReason


@dataclass(frozen=True)
class Certificate:
    holds: bool
    rounds: int
    violations_per_round: tuple[int, ...]
    candidate_pairs: int
    pairs_checked_explicitly: int
    full_scans: int
    primal_units: int
    dual_units: int


@dataclass(frozen=True)
class Result:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    objective: float
    objective_units: int
    greedy_objective: float
    greedy_objective_units: int
    solve_seconds: float
    certificate: Certificate
    timings: Mapping[str, float]
