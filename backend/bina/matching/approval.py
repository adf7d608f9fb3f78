"""Approving a matching run: every proposal that is still valid becomes an active assignment, in
ONE transaction; a proposal that something made invalid since the run read the data (a mentor
assigned by hand meanwhile, a household graduated, a mentor gone on leave) is skipped and
reported, never overwritten.

Locks follow the system-wide order (see bina.assignments.service): the run, then mentors in id
order, then households in id order, so a manual assignment racing the approval waits or fails
cleanly instead of deadlocking; on SQLite the approval holds the single write lock.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from bina.assignments import service as assignment_service
from bina.audit import service as audit
from bina.errors import Conflict, NotFound
from bina.household_history import status as history
from bina.kit.preconditions import check_if_match
from bina.matching import repository
from bina.matching.schemas import MatchingConstraints, MatchingRunRead
from bina.matching.service import read
from bina.models.base import utcnow
from bina.security.principal import Principal
from bina.webhooks import events

# Household statuses a new mentor turns into `assigned` (monitoring households are not matched).
_TO_ASSIGNED = ("identified", "verified", "mentoring")


@dataclass
class _Plan:
    apply: list[RowMapping] = field(default_factory=list)
    keep: list[RowMapping] = field(default_factory=list)
    end_ids: list[uuid.UUID] = field(default_factory=list)  # replaced or left without a mentor
    ended_only: list[uuid.UUID] = field(default_factory=list)  # households left without one
    conflicts: dict[uuid.UUID, str] = field(default_factory=dict)  # household -> why


def _household_problem(
    proposal: Mapping[Any, Any],
    households: Mapping[uuid.UUID, RowMapping],
    active: Mapping[uuid.UUID, RowMapping],
) -> str | None:
    household = households.get(proposal["household_id"])
    if household is None:
        return "the household no longer exists"
    if household["status"] not in repository.OPEN_HOUSEHOLD_STATUSES:
        return f"the household is {household['status']} now"
    now = active.get(proposal["household_id"])
    now_id = now["id"] if now is not None else None
    if now_id != proposal["current_assignment_id"]:
        if now_id is None:
            return "the household's assignment was ended meanwhile"
        return "the household got another assignment meanwhile"
    return None


def _plan(
    proposals: Sequence[RowMapping],
    unmatched: Sequence[RowMapping],
    mentors: Mapping[uuid.UUID, RowMapping],
    households: Mapping[uuid.UUID, RowMapping],
    active: Mapping[uuid.UUID, RowMapping],
    load: Mapping[uuid.UUID, int],
    constraints: MatchingConstraints,
) -> _Plan:
    plan = _Plan()
    candidates: list[RowMapping] = []
    for p in proposals:
        problem = _household_problem(p, households, active)
        if problem is None and p["change"] != "keep":
            mentor = mentors.get(p["mentor_id"])
            if mentor is None:
                problem = "the mentor no longer exists"
            elif mentor["status"] != "active" or not mentor["available"]:
                problem = f"the mentor is not available now (status {mentor['status']})"
        if problem is not None:
            plan.conflicts[p["household_id"]] = problem
        elif p["change"] == "keep":
            plan.keep.append(p)
        else:
            candidates.append(p)
    for u in unmatched:  # a full re-match leaves these households without their mentor
        now = active.get(u["household_id"])
        if now is not None and now["id"] == u["current_assignment_id"]:
            plan.end_ids.append(now["id"])
            plan.ended_only.append(u["household_id"])

    # Capacity: a mentor's load after approval = now - what it gives up + what it takes. A
    # replacement that cannot proceed keeps its old pair, which may push another mentor over
    # capacity in turn: repeat until nothing changes (conflicts only grow, so this ends).
    while True:
        leaving: dict[uuid.UUID, int] = defaultdict(int)
        for p in candidates:
            if p["change"] == "replace":
                leaving[active[p["household_id"]]["mentor_id"]] += 1
        for household_id in plan.ended_only:
            leaving[active[household_id]["mentor_id"]] += 1
        taking: dict[uuid.UUID, list[RowMapping]] = defaultdict(list)
        for p in candidates:
            taking[p["mentor_id"]].append(p)
        refused: set[uuid.UUID] = set()
        for mentor_id, taken in taking.items():
            mentor = mentors[mentor_id]
            cap = mentor["capacity"]
            if constraints.capacity_override is not None:
                cap = min(cap, constraints.capacity_override)
            room = cap - (load.get(mentor_id, 0) - leaving[mentor_id])
            if len(taken) > room:
                # keep the best-scoring ones (ties: household id, so the outcome is stable)
                ranked = sorted(taken, key=lambda p: (-p["score"], p["household_id"]))
                for p in ranked[max(room, 0) :]:
                    refused.add(p["household_id"])
                    plan.conflicts[p["household_id"]] = "the mentor has no room left now"
        if not refused:
            break
        candidates = [p for p in candidates if p["household_id"] not in refused]
    plan.apply = candidates
    plan.end_ids += [
        active[p["household_id"]]["id"] for p in candidates if p["change"] == "replace"
    ]
    return plan


def _assignment_row(
    run_id: uuid.UUID, principal: Principal, p: Mapping[Any, Any], now: Any
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "household_id": p["household_id"],
        "mentor_id": p["mentor_id"],
        "status": "active",
        "origin": "matching_run",
        "matching_run_id": run_id,
        "score": p["score"],
        "breakdown": {
            **p["parts"],
            "distance_km": p["distance_km"],
            "needs_covered": p["needs_covered"],
        },
        "started_at": now,
        "created_by": principal.user_id,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


def _changes(
    households: Mapping[uuid.UUID, RowMapping],
    ids: Sequence[uuid.UUID],
    status: str,
    only_from: Sequence[str],
) -> list[tuple[uuid.UUID, str, str]]:
    """The (household, from, to) that `repository.set_household_status` makes, for the history."""
    return [
        (h, households[h]["status"], status) for h in ids if households[h]["status"] in only_from
    ]


async def approve(
    session: AsyncSession, principal: Principal, run_id: uuid.UUID, if_match: str | None
) -> MatchingRunRead:
    run = await repository.lock_run(session, run_id)
    if run is None:
        raise NotFound("No matching run with this id.")
    check_if_match(if_match, run.version)
    if run.status != "succeeded":
        raise Conflict(f"This run is {run.status}; only a succeeded run can be approved.")
    constraints = MatchingConstraints.model_validate(run.constraints)
    proposals = await repository.pending_proposals(session, run.id)
    unmatched = await repository.unmatched_with_mentor(session, run.id)
    mentors = await repository.lock_mentors(session, [p["mentor_id"] for p in proposals])
    household_ids = [p["household_id"] for p in proposals] + [u["household_id"] for u in unmatched]
    households = await repository.lock_households(session, household_ids)
    active = await repository.active_assignments(session, household_ids)
    load = await repository.active_load(session, list(mentors))
    plan = _plan(proposals, unmatched, mentors, households, active, load, constraints)

    now = utcnow()
    await assignment_service.end_many(
        session, plan.end_ids, f"Replaced by the decision on matching run {run.id}."
    )
    rows = [_assignment_row(run.id, principal, p, now) for p in plan.apply]
    await repository.insert_assignments(session, rows)
    await events.emit(session, "assignment.created", [r["id"] for r in rows])
    applied = [p["household_id"] for p in plan.apply]
    await repository.set_household_status(session, applied, "assigned", only_from=_TO_ASSIGNED)
    await repository.set_household_status(
        session, plan.ended_only, "verified", only_from=assignment_service.UNDER_MENTOR
    )
    await history.record_many(
        session,
        principal,
        [
            *_changes(households, applied, "assigned", _TO_ASSIGNED),
            *_changes(households, plan.ended_only, "verified", assignment_service.UNDER_MENTOR),
        ],
        f"matching run {run.id} approved",
    )
    outcomes = [
        {
            "household_id": r["household_id"],
            "outcome": "applied",
            "conflict": None,
            "assignment_id": r["id"],
        }
        for r in rows
    ]
    outcomes += [
        {
            "household_id": p["household_id"],
            "outcome": "kept",
            "conflict": None,
            "assignment_id": p["current_assignment_id"],
        }
        for p in plan.keep
    ]
    outcomes += [
        {"household_id": h, "outcome": "conflict", "conflict": why, "assignment_id": None}
        for h, why in sorted(plan.conflicts.items())
    ]
    await repository.set_outcomes(session, run.id, outcomes)
    decision = {
        "applied": len(rows),
        "kept": len(plan.keep),
        "ended": len(plan.end_ids),
        "conflicts": len(plan.conflicts),
    }
    run.status = "approved"
    run.decided_at = now
    run.decided_by = principal.user_id
    run.decision = decision
    await session.flush()
    audit.record(session, principal, "matching_run.approve", "matching_run", run.id, decision)
    await events.emit(session, "matching_run.approved", [run.id])
    return read(run)
