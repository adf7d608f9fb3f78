"""Assemble the access report from each domain's own reads, so scope and shape stay theirs."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bina.access_reports.schemas import HouseholdAccessReport
from bina.action_items import service as action_service
from bina.assessments import service as assessment_service
from bina.assignments import service as assignment_service
from bina.assignments.schemas import AssignmentFilters
from bina.audit import service as audit
from bina.household_history import service as history_service
from bina.households import service as household_service
from bina.kit.pagination import MAX_LIMIT, Page, PageParams
from bina.mentoring_sessions import service as session_service
from bina.mentoring_sessions.schemas import SessionFilters
from bina.models.base import utcnow
from bina.security.principal import Principal

T = TypeVar("T")


async def _every(fetch: Callable[[PageParams], Awaitable[Page[T]]]) -> list[T]:
    """Every item of a paged listing, following its cursor to the end."""
    items: list[T] = []
    cursor: str | None = None
    while True:
        page = await fetch(PageParams(limit=MAX_LIMIT, cursor=cursor, include_total=False))
        items.extend(page.items)
        if page.next_cursor is None:
            return items
        cursor = page.next_cursor


async def household_report(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> HouseholdAccessReport:
    # Read unmasked through the households service: the reveal is checked and audited there.
    household = await household_service.get_household(session, principal, household_id, True)
    assignments = await _every(
        lambda page: assignment_service.list_assignments(
            session, principal, AssignmentFilters(household_id=household_id), "created_at", page
        )
    )
    sessions = await _every(
        lambda page: session_service.list_sessions(
            session, principal, SessionFilters(household_id=household_id), "occurred_at", page
        )
    )
    actions = await _every(
        lambda page: action_service.list_for_household(session, principal, household_id, None, page)
    )
    assessments = await _every(
        lambda page: assessment_service.list_assessments(
            session, principal, household_id, "assessed_on", page
        )
    )
    history = await _every(
        lambda page: history_service.list_history(
            session, principal, household_id, "changed_at", page
        )
    )
    about: list[Any] = [household, *household.members, *assignments, *sessions, *actions]
    about += assessments
    trail = await audit.events_about(session, [str(item.id) for item in about])
    audit.record(session, principal, "household.access_report", "household", household_id)
    return HouseholdAccessReport(
        generated_at=utcnow(),
        generated_by=principal.email,
        household=household,
        assignments=assignments,
        sessions=sessions,
        action_items=actions,
        assessments=assessments,
        status_history=history,
        audit_trail=trail,
    )
