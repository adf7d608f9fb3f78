"""/assignments: list, read, create by hand, end and reassign mentor-household pairs.

Ending is `POST /assignments/{id}/end` (not PATCH): it is an action with a reason, not a field
edit, and it is irreversible; like PATCH it needs `If-Match`.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from bina.assignments import service
from bina.assignments.schemas import (
    AssignmentCreate,
    AssignmentEnd,
    AssignmentFilters,
    AssignmentList,
    AssignmentOrigin,
    AssignmentRead,
    AssignmentReassign,
    AssignmentSort,
    AssignmentStatus,
)
from bina.db import Session
from bina.kit.openapi import problems
from bina.kit.pagination import PageParams, page_params
from bina.kit.preconditions import IfMatch, set_etag
from bina.security.principal import PEOPLE_ONLY, Principal, Role, requires
from bina.security.scopes import Scope

router = APIRouter(prefix="/assignments", tags=["assignments"])

Writer = Annotated[Principal, requires(PEOPLE_ONLY, Role.ADMIN, Role.COORDINATOR)]
Reader = Annotated[Principal, requires(Scope.ASSIGNMENTS_READ)]
CodeQuery = Annotated[str | None, Query(max_length=13)]


async def assignment_filters(
    mentor_id: uuid.UUID | None = None,
    household_id: uuid.UUID | None = None,
    status: AssignmentStatus | None = None,
    kecamatan: Annotated[
        str | None, Query(max_length=13, description="Kecamatan code of the household.")
    ] = None,
    agency: Annotated[
        str | None, Query(max_length=32, description="Agency code of the mentor.")
    ] = None,
    origin: AssignmentOrigin | None = None,
) -> AssignmentFilters:
    return AssignmentFilters(mentor_id, household_id, status, kecamatan, agency, origin)


@router.get("", response_model=AssignmentList, responses=problems(400, 401, 403, 422, 429))
async def list_assignments(
    session: Session,
    principal: Reader,
    page: Annotated[PageParams, Depends(page_params)],
    filters: Annotated[AssignmentFilters, Depends(assignment_filters)],
    sort: AssignmentSort = "-created_at",
) -> AssignmentList:
    """Assignments in your scope, newest first; filter and page with `cursor`."""
    return await service.list_assignments(session, principal, filters, sort, page)


@router.post(
    "",
    status_code=201,
    response_model=AssignmentRead,
    responses=problems(401, 403, 404, 409, 413, 422, 429),
)
async def create_assignment(
    session: Session, principal: Writer, response: Response, body: AssignmentCreate
) -> AssignmentRead:
    """Assign a mentor to a household by hand (admin; coordinator in its region); active at once."""
    saved = await service.create_assignment(session, principal, body)
    set_etag(response, saved.version)
    response.headers["Location"] = f"/api/v1/assignments/{saved.id}"
    return saved


@router.get(
    "/{assignment_id}", response_model=AssignmentRead, responses=problems(401, 403, 404, 422, 429)
)
async def get_assignment(
    session: Session, principal: Reader, response: Response, assignment_id: uuid.UUID
) -> AssignmentRead:
    """One assignment in your scope, with its ETag."""
    assignment = await service.get_assignment(session, principal, assignment_id)
    set_etag(response, assignment.version)
    return assignment


@router.post(
    "/{assignment_id}/end",
    response_model=AssignmentRead,
    responses=problems(401, 403, 404, 409, 412, 413, 422, 428, 429),
)
async def end_assignment(
    session: Session,
    principal: Writer,
    response: Response,
    assignment_id: uuid.UUID,
    body: AssignmentEnd,
    if_match: IfMatch = None,
) -> AssignmentRead:
    """End an active assignment with a reason (If-Match); the household goes back to verified."""
    saved = await service.end_assignment(session, principal, assignment_id, body.reason, if_match)
    set_etag(response, saved.version)
    return saved


@router.post(
    "/{assignment_id}/reassign",
    status_code=201,
    response_model=AssignmentRead,
    responses=problems(401, 403, 404, 409, 412, 413, 422, 428, 429),
)
async def reassign(
    session: Session,
    principal: Writer,
    response: Response,
    assignment_id: uuid.UUID,
    body: AssignmentReassign,
    if_match: IfMatch = None,
) -> AssignmentRead:
    """End this active assignment and give the household to another mentor, atomically."""
    saved = await service.reassign(session, principal, assignment_id, body, if_match)
    set_etag(response, saved.version)
    response.headers["Location"] = f"/api/v1/assignments/{saved.id}"
    return saved
