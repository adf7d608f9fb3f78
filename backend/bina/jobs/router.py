"""/jobs: the background queue as operators see it (admin): what waits, runs, failed and why."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from bina.db import Session
from bina.jobs import service
from bina.jobs.schemas import JobFilters, JobList, JobRead, JobStatus
from bina.kit.openapi import LIST, READ, problems
from bina.kit.pagination import PageParams, page_params
from bina.security.principal import Principal, Role, require_roles

router = APIRouter(prefix="/jobs", tags=["jobs"])

Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]


@router.get("", response_model=JobList, responses=problems(*LIST))
async def list_jobs(
    session: Session,
    principal: Admin,
    page: Annotated[PageParams, Depends(page_params)],
    kind: Annotated[str | None, Query(max_length=60, description="e.g. `matching.run`")] = None,
    status: JobStatus | None = None,
) -> JobList:
    """Background jobs, newest first (admin)."""
    return await service.list_jobs(session, JobFilters(kind, status), page)


@router.get("/{job_id}", response_model=JobRead, responses=problems(*READ))
async def get_job(session: Session, principal: Admin, job_id: uuid.UUID) -> JobRead:
    """One background job: its state, attempts, next try and last error (admin)."""
    return await service.get_job(session, job_id)
