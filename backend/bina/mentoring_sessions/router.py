"""/mentoring-sessions: mentors record visits (offline-safe ids), coordinators verify or reject.

Verify and reject are actions (`POST /{id}/verify`, `/{id}/reject`), not field edits; like PATCH
they need `If-Match`."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from bina.db import Session
from bina.kit.localdate import day_start_utc
from bina.kit.openapi import problems
from bina.kit.pagination import PageParams, page_params
from bina.kit.preconditions import IfMatch, set_etag
from bina.mentoring_sessions import service
from bina.mentoring_sessions.schemas import (
    SessionCreate,
    SessionFilters,
    SessionList,
    SessionRead,
    SessionReject,
    SessionSort,
    SessionStatus,
    SessionUpdate,
    SessionVerify,
)
from bina.security.principal import PEOPLE_ONLY, Principal, Role, requires
from bina.security.scopes import Scope

router = APIRouter(prefix="/mentoring-sessions", tags=["mentoring-sessions"])

Reader = Annotated[Principal, requires(Scope.SESSIONS_READ)]
Mentor = Annotated[Principal, requires(PEOPLE_ONLY, Role.MENTOR)]
Reviewer = Annotated[Principal, requires(PEOPLE_ONLY, Role.ADMIN, Role.COORDINATOR)]
ACTION_ERRORS = problems(401, 403, 404, 409, 412, 413, 422, 428, 429)


async def session_filters(
    household_id: uuid.UUID | None = None,
    mentor_id: uuid.UUID | None = None,
    kecamatan: Annotated[
        str | None, Query(max_length=13, description="Kecamatan code of the household.")
    ] = None,
    day_from: Annotated[
        date | None, Query(alias="from", description="First day (local date), included.")
    ] = None,
    day_to: Annotated[
        date | None, Query(alias="to", description="Last day (local date), included.")
    ] = None,
    status: SessionStatus | None = None,
    flagged: bool | None = None,
) -> SessionFilters:
    return SessionFilters(
        household_id=household_id,
        mentor_id=mentor_id,
        kecamatan_code=kecamatan,
        occurred_from=day_start_utc(day_from) if day_from else None,
        occurred_to=day_start_utc(day_to + timedelta(days=1)) if day_to else None,
        status=status,
        flagged=flagged,
    )


@router.get("", response_model=SessionList, responses=problems(400, 401, 403, 422, 429))
async def list_sessions(
    session: Session,
    principal: Reader,
    page: Annotated[PageParams, Depends(page_params)],
    filters: Annotated[SessionFilters, Depends(session_filters)],
    sort: SessionSort = "-occurred_at",
) -> SessionList:
    """Sessions in your scope, latest first; filter by household, mentor, kecamatan, period,
    status, flagged (auditors: 403, see /stats)."""
    return await service.list_sessions(session, principal, filters, sort, page)


@router.post(
    "",
    status_code=201,
    response_model=SessionRead,
    responses={
        200: {"description": "This id was recorded before with this body: the stored session."},
        **problems(401, 403, 404, 409, 413, 422, 429),
    },
)
async def create_session(
    session: Session, principal: Mentor, response: Response, body: SessionCreate
) -> SessionRead:
    """Record a session of your own active assignment (mentor); resending the same id and body
    is harmless."""
    saved, created = await service.create_session(session, principal, body)
    if not created:
        response.status_code = 200
    set_etag(response, saved.version)
    response.headers["Location"] = f"/api/v1/mentoring-sessions/{saved.id}"
    return saved


@router.get(
    "/{session_id}", response_model=SessionRead, responses=problems(401, 403, 404, 422, 429)
)
async def get_session(
    session: Session, principal: Reader, response: Response, session_id: uuid.UUID
) -> SessionRead:
    """One session in your scope, with its action items and ETag."""
    found = await service.get_session(session, principal, session_id)
    set_etag(response, found.version)
    return found


@router.patch("/{session_id}", response_model=SessionRead, responses=ACTION_ERRORS)
async def update_session(
    session: Session,
    principal: Mentor,
    response: Response,
    session_id: uuid.UUID,
    body: SessionUpdate,
    if_match: IfMatch = None,
) -> SessionRead:
    """Correct your session until it is verified (If-Match); a rejected one is submitted again."""
    saved = await service.update_session(session, principal, session_id, body, if_match)
    set_etag(response, saved.version)
    return saved


@router.post("/{session_id}/verify", response_model=SessionRead, responses=ACTION_ERRORS)
async def verify_session(
    session: Session,
    principal: Reviewer,
    response: Response,
    session_id: uuid.UUID,
    body: SessionVerify,
    if_match: IfMatch = None,
) -> SessionRead:
    """Confirm a submitted session took place (coordinator in its region, admin; If-Match)."""
    saved = await service.review_session(
        session, principal, session_id, "verified", body.note, if_match
    )
    set_etag(response, saved.version)
    return saved


@router.post("/{session_id}/reject", response_model=SessionRead, responses=ACTION_ERRORS)
async def reject_session(
    session: Session,
    principal: Reviewer,
    response: Response,
    session_id: uuid.UUID,
    body: SessionReject,
    if_match: IfMatch = None,
) -> SessionRead:
    """Reject a submitted session with a reason (coordinator in its region, admin; If-Match)."""
    saved = await service.review_session(
        session, principal, session_id, "rejected", body.reason, if_match
    )
    set_etag(response, saved.version)
    return saved
