"""The demo city's six months: the matching run approved, then visits, assessments and
graduations written in bulk, so the dashboard has a story to tell."""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bina.security.principal import Principal, Role
from bina.seed import store
from bina.seed.households import HouseholdRows
from bina.seed.matching import MatchingOutcome, match_and_approve
from bina.seed.progress import Family, ProgressRows, generate_progress
from bina.seed.sampling import midnight_utc, programme_start
from bina.seed.timing import Phases
from bina.seed.visits import Home, Reviewer, generate_visits

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoryReport:
    matched: int
    certified: bool
    sessions: int
    sessions_by_status: dict[str, int]
    flagged: int
    actions_by_state: dict[str, int]
    assessments: int
    ready: int
    graduated: int
    visited_30_days: int
    not_visited_60_days: int
    matching_seconds: float
    history_seconds: float


def _principal(user: Row) -> Principal:
    return Principal(
        user["id"],
        Role(user["role"]),
        user["email"],
        user["agency_code"],
        user["region_code"],
        user["mentor_id"],
    )


def _families(rows: HouseholdRows) -> list[Family]:
    members: dict[uuid.UUID, list[tuple[date, bool | None, bool]]] = defaultdict(list)
    for m in rows.members:
        members[m["household_id"]].append((m["birth_date"], m["in_school"], m["has_jkn"]))
    needs: dict[uuid.UUID, list[str]] = defaultdict(list)
    for n in rows.needs:
        needs[n["household_id"]].append(n["code"])
    return [
        Family(
            id=h["id"],
            kecamatan_code=h["kecamatan_code"],
            needs=needs[h["id"]],
            housing=h["housing"],
            desil=h["desil"],
            members=members[h["id"]],
            created_at=h["created_at"],
            status=h["status"],
            status_changed_at=h["status_changed_at"],
        )
        for h in rows.households
    ]


async def tell(
    conn: AsyncConnection,
    seed: int,
    as_of: date,
    households: HouseholdRows,
    users: list[Row],
    phases: Phases,
) -> StoryReport:
    """Match, approve and write the history of the seeded city (inside the seed's transaction)."""
    by_role = {u["role"]: u for u in users}
    admin, coordinator = by_role["admin"], by_role["coordinator"]
    office = Reviewer(admin["id"], "admin")
    camat = Reviewer(coordinator["id"], "coordinator")

    # Only the demo coordinator has an account per kecamatan; elsewhere the program office
    # reviews (a coordinator may only review in its own region, as the API enforces).
    def reviewer_for(kecamatan_code: str) -> Reviewer:
        return camat if kecamatan_code == coordinator["region_code"] else office

    mentor_users = {u["mentor_id"]: u["id"] for u in users if u["mentor_id"] is not None}
    start, end = programme_start(as_of), midnight_utc(as_of)

    matched_at = time.perf_counter()
    with phases.step("matching"):
        outcome = await match_and_approve(conn, _principal(admin), start)
    matching_seconds = time.perf_counter() - matched_at

    began = time.perf_counter()
    with phases.step("generate visits"):
        homes = {
            h["id"]: Home(h["id"], h["lat"], h["lon"], h["kecamatan_code"], [])
            for h in households.households
        }
        for n in households.needs:
            homes[n["household_id"]].needs.append(n["code"])
        visits = generate_visits(seed, outcome.pairs, homes, start, end, reviewer_for, mentor_users)
    with phases.step("generate progress"):
        progress = generate_progress(
            seed,
            _families(households),
            outcome.pairs,
            visits.by_household,
            start,
            end,
            office,
            reviewer_for,
            mentor_users,
        )
    with phases.step("insert history"):
        await store.insert_rows(conn, "mentoring_sessions", visits.sessions)
        await store.insert_rows(conn, "action_items", visits.actions)
        await store.insert_rows(conn, "assessments", progress.assessments)
        await store.insert_rows(conn, "household_status_history", progress.history)
    with phases.step("update households"):
        await _update_households(conn, progress.households)
    return _report(visits.sessions, visits.actions, progress, outcome, end, matching_seconds, began)


async def _update_households(conn: AsyncConnection, changes: list[Row]) -> None:
    """The households' status after their history, in one executemany per chunk."""
    h = store.table("households")
    statement = (
        update(h)
        .where(h.c.id == bindparam("b_id"))
        .values(
            status=bindparam("b_status"),
            status_changed_at=bindparam("b_at"),
            updated_at=bindparam("b_at"),
            graduated_at=bindparam("b_graduated"),
            monitoring_until=bindparam("b_until"),
            version=h.c.version + bindparam("b_bumps"),
        )
    )
    rows = [
        {
            "b_id": c["id"],
            "b_status": c["status"],
            "b_at": c["changed_at"],
            "b_graduated": c.get("graduated_at"),
            "b_until": c.get("monitoring_until"),
            "b_bumps": c["bumps"],
        }
        for c in changes
    ]
    for first in range(0, len(rows), store.CHUNK_ROWS):
        await conn.execute(statement, rows[first : first + store.CHUNK_ROWS])


def _report(
    sessions: list[Row],
    actions: list[Row],
    progress: ProgressRows,
    outcome: MatchingOutcome,
    end: datetime,
    matching_seconds: float,
    began: float,
) -> StoryReport:
    by_status: dict[str, int] = defaultdict(int)
    last: dict[uuid.UUID, datetime] = {}
    for s in sessions:
        by_status[s["status"]] += 1
        if s["status"] != "rejected":
            last[s["household_id"]] = max(
                last.get(s["household_id"], s["occurred_at"]), s["occurred_at"]
            )
    today = end.date()
    states: dict[str, int] = defaultdict(int)
    for a in actions:
        overdue = a["status"] == "open" and a["due_date"] < today
        states["overdue" if overdue else a["status"]] += 1
    recent = sum(1 for t in last.values() if t >= end - timedelta(days=30))
    stale = len(outcome.pairs) - sum(1 for t in last.values() if t >= end - timedelta(days=60))
    return StoryReport(
        matched=len(outcome.pairs),
        certified=outcome.certified,
        sessions=len(sessions),
        sessions_by_status=dict(by_status),
        flagged=sum(1 for s in sessions if s["flagged"]),
        actions_by_state=dict(states),
        assessments=len(progress.assessments),
        ready=sum(1 for a in progress.assessments if a["ready"]),
        graduated=progress.graduated,
        visited_30_days=recent,
        not_visited_60_days=stale,
        matching_seconds=matching_seconds,
        history_seconds=time.perf_counter() - began,
    )
