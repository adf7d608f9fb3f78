"""Assignment rules: who may assign which household to which mentor; one active assignment per
household and never more than the mentor's capacity, under any concurrency; the household's
status follows its assignment; every write audited.

Concurrency: every writer locks the rows it decides on in ONE fixed order — the mentor (capacity),
then the household (its one active assignment), then the assignment — and only then counts and
writes (PostgreSQL `SELECT ... FOR UPDATE`; SQLite serialises writers with BEGIN IMMEDIATE). The
partial unique index `ux_assignments_household_active` is the last line: its violation is 409.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bina.assignments import repository
from bina.assignments.schemas import (
    AssignmentCreate,
    AssignmentFilters,
    AssignmentList,
    AssignmentRead,
    AssignmentReassign,
)
from bina.audit import service as audit
from bina.errors import Conflict, NotFound, Unprocessable
from bina.household_history import status as history
from bina.households import service as household_service
from bina.kit.pagination import PageParams
from bina.kit.preconditions import check_if_match
from bina.models import Assignment, Household, Mentor
from bina.models.base import utcnow
from bina.security.principal import Principal
from bina.webhooks import events

_COLUMNS = tuple(c.key for c in Assignment.__table__.c)
_NOT_FOUND = "No assignment with this id in your scope."
# A household that left the programme cannot get a mentor.
CLOSED_HOUSEHOLD_STATUSES = frozenset({"graduated", "exited", "moved"})
# A household in one of these statuses goes back to `verified` when its assignment ends and no
# other mentor takes it on.
UNDER_MENTOR = ("assigned", "mentoring")


def _read(values: Mapping[Any, Any]) -> AssignmentRead:
    return AssignmentRead.model_validate(dict(values))


def _read_row(a: Assignment, household: Household, mentor_agency: str) -> AssignmentRead:
    values = {key: getattr(a, key) for key in _COLUMNS}
    return _read(
        {**values, "kecamatan_code": household.kecamatan_code, "agency_code": mentor_agency}
    )


def _mentor_error(msg: str, kind: str) -> list[dict[str, Any]]:
    return [{"loc": ["body", "mentor_id"], "msg": msg, "type": kind}]


async def list_assignments(
    session: AsyncSession,
    principal: Principal,
    filters: AssignmentFilters,
    sort: str,
    page: PageParams,
) -> AssignmentList:
    rows, cursor, total = await repository.list_page(session, principal, filters, sort, page)
    return AssignmentList(items=[_read(r) for r in rows], next_cursor=cursor, total=total)


async def get_assignment(
    session: AsyncSession, principal: Principal, assignment_id: uuid.UUID
) -> AssignmentRead:
    row = await repository.get_values(session, principal, assignment_id)
    if row is None:
        raise NotFound(_NOT_FOUND)
    return _read(row)


async def read_many(
    session: AsyncSession, principal: Principal, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, AssignmentRead]:
    """The assignments among `ids` the caller may see, as GET shows them."""
    rows = await repository.get_values_many(session, principal, ids)
    return {r["id"]: _read(r) for r in rows}


async def _ready_mentor(session: AsyncSession, mentor_id: uuid.UUID) -> Mentor:
    """Lock the mentor (first in the lock order) and check it may take one more household."""
    mentor = await repository.lock_mentor(session, mentor_id)
    if mentor is None:
        raise Unprocessable(
            "No mentor with this id.", errors=_mentor_error("unknown mentor", "unknown_mentor")
        )
    if mentor.status != "active" or not mentor.available:
        raise Conflict(
            f"This mentor is not available to mentor (status {mentor.status}, "
            f"available {str(mentor.available).lower()}).",
            errors=_mentor_error("mentor not active and available", "mentor_unavailable"),
        )
    active = await repository.active_count(session, mentor.id)
    if active >= mentor.capacity:
        raise Conflict(
            f"This mentor already has {active} active assignment(s), its full capacity "
            f"of {mentor.capacity}.",
            errors=_mentor_error("mentor at full capacity", "capacity_full"),
        )
    return mentor


async def _assignable_household(session: AsyncSession, household_id: uuid.UUID) -> Household:
    """Lock the household (second in the lock order); it must be open and without a mentor."""
    household = await repository.lock_household(session, household_id)
    if household is None:
        raise NotFound(f"No household {household_id} in your scope.")
    if household.status in CLOSED_HOUSEHOLD_STATUSES:
        raise Conflict(
            f"This household is {household.status}; it cannot be assigned a mentor.",
            errors=[
                {
                    "loc": ["body", "household_id"],
                    "msg": f"household is {household.status}",
                    "type": "household_closed",
                }
            ],
        )
    if await repository.active_of_household(session, household.id) is not None:
        raise _already_assigned()
    return household


def _already_assigned() -> Conflict:
    return Conflict(
        "This household already has an active assignment; end it or reassign instead.",
        errors=[
            {
                "loc": ["body", "household_id"],
                "msg": "household already has an active mentor",
                "type": "already_assigned",
            }
        ],
    )


async def _flush(session: AsyncSession) -> None:
    """Flush; the partial unique index refusing a second active assignment is 409, never 500."""
    try:
        await session.flush()
    except IntegrityError as exc:
        if "ux_assignments_household_active" in str(exc.orig) or "unique" in str(exc.orig).lower():
            raise _already_assigned() from exc
        raise


async def _start(
    session: AsyncSession,
    principal: Principal,
    household: Household,
    mentor: Mentor,
    action: str,
    detail: dict[str, Any],
) -> Assignment:
    now = utcnow()
    assignment = Assignment(
        household_id=household.id,
        mentor_id=mentor.id,
        status="active",
        origin="manual",
        started_at=now,
        created_by=principal.user_id,
    )
    repository.add(session, assignment)
    await _flush(session)
    if household.status not in ("mentoring", "monitoring"):
        await history.set_status(
            session, principal, household, "assigned", f"{action} {assignment.id}"
        )
    await session.flush()
    await events.emit(session, "assignment.created", [assignment.id])
    audit.record(
        session,
        principal,
        action,
        "assignment",
        assignment.id,
        {
            "household_id": str(household.id),
            "mentor_id": str(mentor.id),
            "agency_code": mentor.agency_code,
            **detail,
        },
    )
    return assignment


async def create_assignment(
    session: AsyncSession, principal: Principal, data: AssignmentCreate
) -> AssignmentRead:
    # Scope first (404 for a household outside the caller's region), without a lock.
    await household_service.load(session, principal, data.household_id, for_update=False)
    mentor = await _ready_mentor(session, data.mentor_id)
    household = await _assignable_household(session, data.household_id)
    assignment = await _start(session, principal, household, mentor, "assignment.create", {})
    return _read_row(assignment, household, mentor.agency_code)


async def _lock_active(
    session: AsyncSession, assignment_id: uuid.UUID, if_match: str | None
) -> Assignment:
    assignment = await repository.lock_assignment(session, assignment_id)
    if assignment is None:
        raise NotFound(_NOT_FOUND)
    check_if_match(if_match, assignment.version)
    if assignment.status != "active":
        raise Conflict(f"This assignment is {assignment.status}, not active; nothing to end.")
    return assignment


async def _end(
    session: AsyncSession,
    principal: Principal | None,
    assignment: Assignment,
    household: Household,
    reason: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """End `assignment` (locked by the caller, after its household); a household still under its
    mentor goes back to verified, a graduated or exited one keeps its status; audited."""
    await end_many(session, [assignment.id], reason)
    await session.refresh(assignment)
    if household.status in UNDER_MENTOR:
        await history.set_status(
            session, principal, household, "verified", f"assignment {assignment.id} ended: {reason}"
        )
    await session.flush()
    audit.record(
        session,
        principal,
        "assignment.end",
        "assignment",
        assignment.id,
        {
            "household_id": str(household.id),
            "mentor_id": str(assignment.mentor_id),
            **(detail or {}),
        },
    )


async def end_many(session: AsyncSession, assignment_ids: Sequence[uuid.UUID], reason: str) -> None:
    """End these assignments (one, or thousands for a matching approval) and announce each one
    ended; the caller has locked their mentors and households, decides what becomes of the
    households and audits it."""
    ended = await repository.end_many(session, assignment_ids, reason)
    await events.emit(session, "assignment.ended", ended)


async def end_assignment(
    session: AsyncSession,
    principal: Principal,
    assignment_id: uuid.UUID,
    reason: str,
    if_match: str | None,
) -> AssignmentRead:
    row = await repository.get_values(session, principal, assignment_id)
    if row is None:
        raise NotFound(_NOT_FOUND)
    household = await repository.lock_household(session, row["household_id"])
    assignment = await _lock_active(session, assignment_id, if_match)
    assert household is not None  # the assignment's foreign key keeps it
    await _end(session, principal, assignment, household, reason)
    return _read_row(assignment, household, row["agency_code"])


async def reassign(
    session: AsyncSession,
    principal: Principal,
    assignment_id: uuid.UUID,
    data: AssignmentReassign,
    if_match: str | None,
) -> AssignmentRead:
    """End the active assignment and start one with another mentor, in one transaction."""
    row = await repository.get_values(session, principal, assignment_id)
    if row is None:
        raise NotFound(_NOT_FOUND)
    if row["mentor_id"] == data.mentor_id:
        raise Unprocessable(
            "The household already has this mentor; choose another one.",
            errors=_mentor_error("same mentor as now", "same_mentor"),
        )
    mentor = await _ready_mentor(session, data.mentor_id)
    household = await repository.lock_household(session, row["household_id"])
    assert household is not None
    old = await _lock_active(session, assignment_id, if_match)
    # The old one is no longer active (flushed) before the new one is inserted.
    await _end(session, principal, old, household, data.reason, {"reassigned": True})
    new = await _start(
        session, principal, household, mentor, "assignment.create", {"replaces": str(old.id)}
    )
    return _read_row(new, household, mentor.agency_code)


async def mentor_has_active(session: AsyncSession, mentor_id: uuid.UUID) -> bool:
    """Whether the mentor holds an active assignment; locks the mentor row so no assignment can
    start meanwhile (for the mentor's deletion)."""
    await repository.lock_mentor(session, mentor_id)
    return await repository.active_count(session, mentor_id) > 0


async def active_mentor_of(session: AsyncSession, household_id: uuid.UUID) -> uuid.UUID | None:
    """The mentor of the household's active assignment, if any (scope checked by the caller)."""
    return await repository.active_mentor_of(session, household_id)


async def end_active(
    session: AsyncSession, principal: Principal | None, household: Household, reason: str
) -> None:
    """End the household's active assignment, if any (the household is locked by the caller;
    `principal` None is the system). The household keeps its status unless still under mentor."""
    assignment_id = await repository.active_of_household(session, household.id)
    if assignment_id is None:
        return
    assignment = await repository.lock_assignment(session, assignment_id)
    assert assignment is not None
    await _end(session, principal, assignment, household, reason)
