"""/matching-runs: start a city-wide matching (202, solved in the background), watch it, review
its proposals and unmatched households, approve or discard it."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from bina.db import Session
from bina.kit.openapi import problems
from bina.kit.pagination import PageParams, page_params
from bina.kit.preconditions import IfMatch, set_etag
from bina.matching import approval, service
from bina.matching.schemas import (
    MatchingRunCreate,
    MatchingRunList,
    MatchingRunRead,
    ProposalChange,
    ProposalFilters,
    ProposalList,
    ProposalOutcome,
    ProposalSort,
    RunSort,
    RunStatus,
    UnmatchedList,
)
from bina.security.principal import Principal, Role, require_roles

router = APIRouter(prefix="/matching-runs", tags=["matching"])

Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
# Runs carry no personal data: every office role may follow them.
Reader = Annotated[
    Principal,
    Depends(require_roles(Role.ADMIN, Role.COORDINATOR, Role.AGENCY_ADMIN, Role.AUDITOR)),
]
# Proposals name households and mentors: each role sees its own part (region, agency).
Reviewer = Annotated[
    Principal, Depends(require_roles(Role.ADMIN, Role.COORDINATOR, Role.AGENCY_ADMIN))
]


@router.post(
    "",
    status_code=202,
    response_model=MatchingRunRead,
    responses=problems(401, 403, 409, 413, 422, 429),
)
async def create_run(
    session: Session,
    principal: Admin,
    response: Response,
    body: MatchingRunCreate,
) -> MatchingRunRead:
    """Queue a matching run (admin); a worker solves it; poll `GET /matching-runs/{id}`."""
    run = await service.create_run(session, principal, body)
    set_etag(response, run.version)
    response.headers["Location"] = f"/api/v1/matching-runs/{run.id}"
    return run


@router.get("", response_model=MatchingRunList, responses=problems(400, 401, 403, 422, 429))
async def list_runs(
    session: Session,
    _principal: Reader,
    page: Annotated[PageParams, Depends(page_params)],
    status: RunStatus | None = None,
    sort: RunSort = "-created_at",
) -> MatchingRunList:
    """Matching runs, newest first."""
    return await service.list_runs(session, sort, page, status)


@router.get(
    "/{run_id}", response_model=MatchingRunRead, responses=problems(401, 403, 404, 422, 429)
)
async def get_run(
    session: Session, _principal: Reader, response: Response, run_id: uuid.UUID
) -> MatchingRunRead:
    """A run: status, statistics, objective vs greedy, optimality certificate, decision."""
    run = await service.get_run(session, run_id)
    set_etag(response, run.version)
    return run


async def proposal_filters(
    kecamatan: Annotated[str | None, Query(max_length=13)] = None,
    agency: Annotated[str | None, Query(max_length=32)] = None,
    change: ProposalChange | None = None,
    outcome: ProposalOutcome | None = None,
    mentor_id: uuid.UUID | None = None,
) -> ProposalFilters:
    return ProposalFilters(kecamatan, agency, change, outcome, mentor_id)


@router.get(
    "/{run_id}/proposals",
    response_model=ProposalList,
    responses=problems(400, 401, 403, 404, 422, 429),
)
async def list_proposals(
    session: Session,
    principal: Reviewer,
    run_id: uuid.UUID,
    page: Annotated[PageParams, Depends(page_params)],
    filters: Annotated[ProposalFilters, Depends(proposal_filters)],
    sort: ProposalSort = "-score",
) -> ProposalList:
    """Proposed pairs in your scope with the score, each part of it, distance and needs covered."""
    return await service.list_proposals(session, principal, run_id, filters, sort, page)


@router.get(
    "/{run_id}/unmatched",
    response_model=UnmatchedList,
    responses=problems(400, 401, 403, 404, 422, 429),
)
async def list_unmatched(
    session: Session,
    principal: Reviewer,
    run_id: uuid.UUID,
    page: Annotated[PageParams, Depends(page_params)],
    reason: Annotated[str | None, Query(max_length=60)] = None,
    kecamatan: Annotated[str | None, Query(max_length=13)] = None,
) -> UnmatchedList:
    """Households in your scope the run could not match, each with the reason."""
    return await service.list_unmatched(session, principal, run_id, reason, kecamatan, page)


@router.post(
    "/{run_id}/approve",
    response_model=MatchingRunRead,
    responses=problems(401, 403, 404, 409, 412, 422, 428, 429),
)
async def approve(
    session: Session,
    principal: Admin,
    response: Response,
    run_id: uuid.UUID,
    if_match: IfMatch = None,
) -> MatchingRunRead:
    """Turn every still-valid proposal into an active assignment, atomically (admin, If-Match of
    the run you reviewed); proposals that changed meanwhile are skipped and counted in
    `decision.conflicts`."""
    run = await approval.approve(session, principal, run_id, if_match)
    set_etag(response, run.version)
    return run


@router.post(
    "/{run_id}/discard",
    response_model=MatchingRunRead,
    responses=problems(401, 403, 404, 409, 412, 422, 428, 429),
)
async def discard(
    session: Session,
    principal: Admin,
    response: Response,
    run_id: uuid.UUID,
    if_match: IfMatch = None,
) -> MatchingRunRead:
    """Discard a run's proposals, or cancel a queued or running run (admin, If-Match)."""
    run = await service.discard(session, principal, run_id, if_match)
    set_etag(response, run.version)
    return run
