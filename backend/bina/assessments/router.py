"""/households/{id}/assessments: dated welfare indicators and the graduation readiness they give."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from bina.assessments import service
from bina.assessments.schemas import (
    AssessmentCreate,
    AssessmentList,
    AssessmentRead,
    AssessmentSort,
)
from bina.db import Session, audited_read
from bina.kit.openapi import problems
from bina.kit.pagination import PageParams, page_params
from bina.kit.preconditions import set_etag
from bina.security.principal import PEOPLE_ONLY, Principal, Role, requires
from bina.security.scopes import Scope

router = APIRouter(prefix="/households", tags=["assessments"])

Assessor = Annotated[Principal, requires(PEOPLE_ONLY, Role.ADMIN, Role.COORDINATOR, Role.MENTOR)]
Reader = Annotated[Principal, requires(Scope.HOUSEHOLDS_READ)]


@router.post(
    "/{household_id}/assessments",
    status_code=201,
    response_model=AssessmentRead,
    responses=problems(401, 403, 404, 409, 413, 422, 429),
)
async def create_assessment(
    session: Session,
    principal: Assessor,
    response: Response,
    household_id: uuid.UUID,
    body: AssessmentCreate,
) -> AssessmentRead:
    """Record the household's indicators on a day (its mentor, coordinator, admin); the answer
    says which graduation criteria are met."""
    saved = await service.create_assessment(session, principal, household_id, body)
    set_etag(response, saved.version)
    response.headers["Location"] = f"/api/v1/households/{household_id}/assessments/{saved.id}"
    return saved


@router.get(
    "/{household_id}/assessments",
    response_model=AssessmentList,
    responses=problems(400, 401, 403, 404, 422, 429),
)
@audited_read  # health and children's data: each request that shows them is audited
async def list_assessments(
    session: Session,
    principal: Reader,
    household_id: uuid.UUID,
    page: Annotated[PageParams, Depends(page_params)],
    sort: AssessmentSort = "-assessed_on",
) -> AssessmentList:
    """The household's assessments, latest first."""
    return await service.list_assessments(session, principal, household_id, sort, page)


@router.get(
    "/{household_id}/assessments/{assessment_id}",
    response_model=AssessmentRead,
    responses=problems(401, 403, 404, 422, 429),
)
@audited_read
async def get_assessment(
    session: Session,
    principal: Reader,
    response: Response,
    household_id: uuid.UUID,
    assessment_id: uuid.UUID,
) -> AssessmentRead:
    """One assessment with its readiness and ETag."""
    found = await service.get_assessment(session, principal, household_id, assessment_id)
    set_etag(response, found.version)
    return found
