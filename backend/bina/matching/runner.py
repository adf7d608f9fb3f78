"""Execute one matching run: read the city from the database, solve, store proposals, unmatched
households and statistics. Run as a job (`bina.matching.jobs`) by any worker, and by `bina match`.

The solve runs in a thread (NumPy/SciPy release the GIL for the heavy parts) while the event
loop keeps the job's heartbeat fresh, so a worker that dies is noticed and its run taken over.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bina.jobs.service import GiveUp
from bina.matching import repository
from bina.matching import solver_types as solver
from bina.matching.schemas import (
    AgencyLoad,
    MatchingConstraints,
    MatchingRunCreate,
    MatchingStatistics,
)
from bina.models import MatchingRun
from bina.models.base import utcnow

logger = logging.getLogger("bina.matching")

NO_LOCATION = "no_location"


@dataclass
class Prepared:
    """The solver's input, and what the run needs to turn its answer into rows."""

    households: list[solver.Household]
    mentors: list[solver.Mentor]
    agency_load: dict[str, int]
    current: dict[str, repository.HouseholdInput]  # by household id (str)
    approximate: set[str]
    no_location: list[repository.HouseholdInput]
    mentor_agency: dict[str, str]


def _capacity(mentor: repository.MentorInput, constraints: MatchingConstraints) -> int:
    # The override only ever lowers a mentor's capacity: never more than its own (a hard rule).
    if constraints.capacity_override is None:
        return mentor.capacity
    return min(mentor.capacity, constraints.capacity_override)


async def prepare(session: AsyncSession, request: MatchingRunCreate) -> Prepared:
    scope, constraints = request.scope, request.constraints
    centres = await repository.kecamatan_centres(session)
    rows = await repository.load_households(session, scope.kecamatan_codes, scope.only_unassigned)
    mentors = await repository.load_mentors(session)
    by_agency = await repository.active_by_agency(session)

    # Households in this run give up their current pair for the solve (a full re-match); the
    # rest of each mentor's load stays.
    released: Counter[uuid.UUID] = Counter(h.mentor_id for h in rows if h.mentor_id is not None)
    mentor_rows = {m.id: m for m in mentors}
    for mentor_id, n in released.items():
        mentor = mentor_rows.get(mentor_id)
        if mentor is not None:
            by_agency[mentor.agency_code] = by_agency.get(mentor.agency_code, 0) - n

    households: list[solver.Household] = []
    approximate: set[str] = set()
    no_location: list[repository.HouseholdInput] = []
    for h in rows:
        lat, lon = h.lat, h.lon
        if lat is None or lon is None:
            centre = centres.get(h.kecamatan_code)
            if centre is None:
                no_location.append(h)
                continue
            lat, lon = centre
            approximate.add(str(h.id))
        households.append(
            solver.Household(
                id=str(h.id),
                lat=lat,
                lon=lon,
                kecamatan=h.kecamatan_code,
                needs=frozenset(h.needs),
                current_mentor=str(h.mentor_id) if h.mentor_id else None,
            )
        )
    out_mentors: list[solver.Mentor] = []
    for m in mentors:
        room = _capacity(m, constraints) - (m.active - released.get(m.id, 0))
        home = (m.lat, m.lon) if m.lat is not None and m.lon is not None else None
        home = home or centres.get(m.kecamatan_code)
        if room <= 0 or home is None:
            continue
        lat, lon = home
        out_mentors.append(
            solver.Mentor(
                id=str(m.id),
                home_lat=lat,
                home_lon=lon,
                kecamatan=m.kecamatan_code,
                agency=m.agency_code,
                competencies=dict(m.competencies),
                capacity=room,
                work_lat=m.work_lat,
                work_lon=m.work_lon,
            )
        )
    return Prepared(
        households=households,
        mentors=out_mentors,
        agency_load={a: n for a, n in by_agency.items() if n > 0},
        current={str(h.id): h for h in rows},
        approximate=approximate,
        no_location=no_location,
        mentor_agency={str(m.id): m.agency_code for m in mentors},
    )


def solve(prepared: Prepared, request: MatchingRunCreate) -> solver.Result:
    # Imported here: SciPy and OR-Tools take seconds to import, and only workers solve.
    from bina.matching.solver import solve as certified_solve

    w, c = request.weights, request.constraints
    return certified_solve(
        prepared.households,
        prepared.mentors,
        solver.Weights(
            competence=w.competence,
            proximity=w.proximity,
            agency=w.agency,
            continuity=w.continuity,
        ),
        solver.Constraints(max_distance_km=c.max_distance_km, same_kecamatan=c.same_kecamatan),
        prepared.agency_load,
    )


def _change(current: repository.HouseholdInput, mentor_id: str) -> str:
    if current.mentor_id is None:
        return "new"
    return "keep" if str(current.mentor_id) == mentor_id else "replace"


def result_rows(
    run_id: uuid.UUID, prepared: Prepared, result: solver.Result
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Proposal rows and unmatched rows for the database."""
    proposals = []
    for pair in result.pairs:
        current = prepared.current[pair.household_id]
        proposals.append(
            {
                "run_id": run_id,
                "household_id": uuid.UUID(pair.household_id),
                "mentor_id": uuid.UUID(pair.mentor_id),
                "score": round(pair.score, 6),
                "parts": {
                    "competence": round(pair.parts.competence, 6),
                    "proximity": round(pair.parts.proximity, 6),
                    "agency": round(pair.parts.agency, 6),
                    "continuity": pair.parts.continuity,
                },
                "distance_km": round(pair.distance_km, 3),
                "needs_covered": list(pair.needs_covered),
                "change": _change(current, pair.mentor_id),
                "current_assignment_id": current.assignment_id,
                "outcome": "pending",
            }
        )
    unmatched = [
        {
            "run_id": run_id,
            "household_id": uuid.UUID(u.household_id),
            "reason": u.reason.value,
            "current_assignment_id": prepared.current[u.household_id].assignment_id,
        }
        for u in result.unmatched
    ]
    unmatched += [
        {
            "run_id": run_id,
            "household_id": h.id,
            "reason": NO_LOCATION,
            "current_assignment_id": h.assignment_id,
        }
        for h in prepared.no_location
    ]
    return proposals, unmatched


def statistics(
    prepared: Prepared,
    result: solver.Result,
    proposals: list[dict[str, Any]],
    unmatched: list[dict[str, Any]],
) -> MatchingStatistics:
    distances = np.array([p["distance_km"] for p in proposals], dtype=np.float64)
    needs = sum(len(prepared.current[p.household_id].needs) for p in result.pairs)
    covered = sum(len(p.needs_covered) for p in result.pairs)
    changes = Counter(p["change"] for p in proposals)
    changes["end"] = sum(1 for u in unmatched if u["current_assignment_id"] is not None)
    eligible = Counter(m.agency for m in prepared.mentors)
    proposed = Counter(prepared.mentor_agency[p.mentor_id] for p in result.pairs)
    n_mentors, n_pairs = len(prepared.mentors), len(result.pairs)
    agencies = [
        AgencyLoad(
            agency_code=code,
            mentors=eligible[code],
            mentor_share=round(eligible[code] / n_mentors, 6) if n_mentors else 0.0,
            proposals=proposed[code],
            proposal_share=round(proposed[code] / n_pairs, 6) if n_pairs else 0.0,
        )
        for code in sorted(set(eligible) | set(proposed))
    ]
    greedy = result.greedy_objective
    return MatchingStatistics(
        households=len(prepared.current),
        mentors=n_mentors,
        matched=n_pairs,
        unmatched=len(unmatched),
        unmatched_by_reason=dict(sorted(Counter(u["reason"] for u in unmatched).items())),
        changes={k: changes.get(k, 0) for k in ("new", "keep", "replace", "end")},
        mean_distance_km=round(float(distances.mean()), 3) if n_pairs else None,
        p95_distance_km=round(float(np.percentile(distances, 95)), 3) if n_pairs else None,
        mean_score=round(result.objective / n_pairs, 6) if n_pairs else None,
        need_coverage=round(covered / needs, 6) if needs else None,
        approximate_locations=len(prepared.approximate),
        agencies=agencies,
        greedy_gain=round((result.objective - greedy) / greedy, 6) if greedy > 0 else None,
    )


def certificate(result: solver.Result) -> dict[str, Any]:
    cert = result.certificate
    return {
        "holds": cert.holds,
        "rounds": cert.rounds,
        "violations_per_round": list(cert.violations_per_round),
        "candidate_pairs": cert.candidate_pairs,
        "pairs_checked_explicitly": cert.pairs_checked_explicitly,
        "primal_units": cert.primal_units,
        "dual_units": cert.dual_units,
    }


# ------------------------------------------------------------------------------------ execute


async def _start(
    maker: async_sessionmaker[AsyncSession], run_id: uuid.UUID, worker: str, attempt: int
) -> bool:
    """Mark the run as this worker's; False when it is no longer to be solved (discarded)."""
    async with maker() as session, session.begin():
        run = await repository.lock_run(session, run_id)
        if run is None or run.status not in ("queued", "running"):
            return False
        # "running" already: the worker that had it died, and its job came to us.
        run.status, run.worker, run.attempts = "running", worker, attempt
        run.started_at = utcnow()
        return True


async def execute(
    maker: async_sessionmaker[AsyncSession], run_id: uuid.UUID, worker: str, attempt: int = 1
) -> str:
    """Solve the run (the job of `bina.matching.jobs`) and store the outcome; the final status.
    A solver error fails the job for good (`GiveUp`): the same input would fail again."""
    if not await _start(maker, run_id, worker, attempt):
        return "skipped"
    async with maker() as session:
        # A long read in one transaction: on SQLite it must not hold the write lock meanwhile.
        await session.connection(execution_options={"sqlite_immediate": False})
        run = await repository.get_run(session, run_id)
        if run is None:
            return "missing"
        request = MatchingRunCreate.model_validate(
            {"scope": run.scope, "weights": run.weights, "constraints": run.constraints}
        )
        started = time.perf_counter()
        prepared = await prepare(session, request)
    read_s = time.perf_counter() - started
    try:
        result = await asyncio.to_thread(solve, prepared, request)
    except Exception as exc:
        logger.exception("matching run %s failed", run_id)
        raise GiveUp(f"the solver failed: {type(exc).__name__}") from exc
    stored = time.perf_counter()
    async with maker() as session, session.begin():
        run = await repository.lock_run(session, run_id)
        if run is None or run.status != "running" or run.worker != worker:
            return run.status if run is not None else "missing"  # discarded or taken over
        await record_success(session, run, prepared, result, read_s)
    logger.info(
        "matching run %s: %d households, %d mentors; read %.2f s, solved %.2f s, stored %.2f s",
        run_id,
        len(prepared.current),
        len(prepared.mentors),
        read_s,
        result.solve_seconds,
        time.perf_counter() - stored,
    )
    return "succeeded"


async def record_success(
    session: AsyncSession,
    run: MatchingRun,
    prepared: Prepared,
    result: solver.Result,
    read_s: float,
) -> None:
    """Store a solved run's proposals, unmatched households and statistics; it has succeeded.
    Also used by the demo seed, which solves inside its own transaction."""
    proposals, unmatched = result_rows(run.id, prepared, result)
    stats = statistics(prepared, result, proposals, unmatched)
    stats.timings = {
        "read_seconds": round(read_s, 3),
        "solve_seconds": round(result.solve_seconds, 3),
        "greedy_seconds": round(result.timings.get("greedy", 0.0), 3),
    }
    await repository.insert_proposals(session, proposals)
    await repository.insert_unmatched(session, unmatched)
    run.status = "succeeded"
    run.statistics = stats.model_dump(mode="json")
    run.certificate = certificate(result)
    run.objective = _finite(result.objective)
    run.greedy_objective = _finite(result.greedy_objective)
    run.solve_seconds = round(result.solve_seconds, 3)
    run.finished_at = utcnow()


def _finite(value: float) -> float | None:
    return round(value, 6) if math.isfinite(value) else None


async def fail(maker: async_sessionmaker[AsyncSession], run_id: uuid.UUID, error: str) -> None:
    """The run's job gave up: the run has failed, saying why."""
    async with maker() as session, session.begin():
        run = await repository.lock_run(session, run_id)
        if run is None or run.status not in ("queued", "running"):
            return
        run.status = "failed"
        run.error = error
        run.finished_at = utcnow()
