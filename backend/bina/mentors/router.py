"""/mentors: list, create, read, update and delete the ASN who mentor households."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from bina.db import Session
from bina.errors import Unprocessable
from bina.kit.openapi import problems
from bina.kit.pagination import PageParams, page_params
from bina.kit.preconditions import IfMatch, set_etag
from bina.mentors import policy, service
from bina.mentors.schemas import (
    EmploymentType,
    MentorCreate,
    MentorFilters,
    MentorList,
    MentorRead,
    MentorSaved,
    MentorSort,
    MentorStatus,
    MentorUpdate,
    Reveal,
)
from bina.reference.taxonomy import TaxonomyCode
from bina.security.principal import Principal, requires
from bina.security.scopes import Scope

router = APIRouter(prefix="/mentors", tags=["mentors"])

Reader = Annotated[Principal, requires(Scope.MENTORS_READ)]
Writer = Annotated[Principal, requires(Scope.MENTORS_WRITE, *policy.WRITERS)]
Editor = Annotated[Principal, requires(Scope.MENTORS_WRITE, *policy.EDITORS)]
RevealParam = Annotated[
    Reveal | None,
    Query(description="`nip`: show the NIP unmasked (admin, the mentor's agency admin; audited)."),
]


async def mentor_filters(
    agency: Annotated[str | None, Query(max_length=32, description="Agency code.")] = None,
    competency: Annotated[TaxonomyCode | None, Query(description="Taxonomy code.")] = None,
    min_level: Annotated[
        int | None, Query(ge=1, le=3, description="With `competency`: at least this level.")
    ] = None,
    kecamatan: Annotated[
        str | None, Query(max_length=13, description="Kecamatan code of the mentor's home.")
    ] = None,
    available: Annotated[
        bool | None,
        Query(description="true: available flag set, status active and capacity left."),
    ] = None,
    employment_type: EmploymentType | None = None,
    status: MentorStatus | None = None,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=100, description="Part of the name, or a NIP prefix."),
    ] = None,
) -> MentorFilters:
    if min_level is not None and competency is None:
        raise Unprocessable(
            "`min_level` needs `competency`.",
            errors=[
                {"loc": ["query", "min_level"], "msg": "give competency too", "type": "missing"}
            ],
        )
    return MentorFilters(
        agency, competency, min_level, kecamatan, available, employment_type, status, q
    )


@router.get("", response_model=MentorList, responses=problems(400, 401, 403, 422, 429))
async def list_mentors(
    session: Session,
    principal: Reader,
    page: Annotated[PageParams, Depends(page_params)],
    filters: Annotated[MentorFilters, Depends(mentor_filters)],
    sort: MentorSort = "-created_at",
    reveal: RevealParam = None,
) -> MentorList:
    """Mentors in your scope, newest first by default; filter, sort, page with `cursor`."""
    return await service.list_mentors(session, principal, filters, sort, page, reveal)


@router.post(
    "",
    status_code=201,
    response_model=MentorSaved,
    responses=problems(401, 403, 409, 413, 422, 429),
)
async def create_mentor(
    session: Session,
    principal: Writer,
    response: Response,
    body: MentorCreate,
    reveal: RevealParam = None,
) -> MentorSaved:
    """Register an ASN as a mentor (admin; an agency admin in its agency); Idempotency-Key ok."""
    saved = await service.create_mentor(session, principal, body, reveal)
    set_etag(response, saved.version)
    response.headers["Location"] = f"/api/v1/mentors/{saved.id}"
    return saved


@router.get("/{mentor_id}", response_model=MentorRead, responses=problems(401, 403, 404, 422, 429))
async def get_mentor(
    session: Session,
    principal: Reader,
    response: Response,
    mentor_id: uuid.UUID,
    reveal: RevealParam = None,
) -> MentorRead:
    """One mentor in your scope, with its ETag."""
    mentor = await service.get_mentor(session, principal, mentor_id, reveal)
    set_etag(response, mentor.version)
    return mentor


@router.patch(
    "/{mentor_id}",
    response_model=MentorSaved,
    responses=problems(401, 403, 404, 409, 412, 413, 422, 428, 429),
)
async def update_mentor(
    session: Session,
    principal: Editor,
    response: Response,
    mentor_id: uuid.UUID,
    body: MentorUpdate,
    if_match: IfMatch = None,
    reveal: RevealParam = None,
) -> MentorSaved:
    """Change some fields (If-Match required); a mentor may change only its own `available`."""
    saved = await service.update_mentor(session, principal, mentor_id, body, if_match, reveal)
    set_etag(response, saved.version)
    return saved


@router.delete(
    "/{mentor_id}",
    status_code=204,
    response_class=Response,
    responses=problems(401, 403, 404, 409, 412, 422, 428, 429),
)
async def delete_mentor(
    session: Session, principal: Writer, mentor_id: uuid.UUID, if_match: IfMatch = None
) -> None:
    """Remove a mentor record (If-Match required)."""
    await service.delete_mentor(session, principal, mentor_id, if_match)
