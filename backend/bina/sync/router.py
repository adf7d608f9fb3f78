"""/sync: delta sync for phones that work offline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from bina.db import Session, audited_read
from bina.kit.openapi import problems
from bina.security.principal import Principal, Role, requires
from bina.security.scopes import Scope
from bina.sync import service
from bina.sync.schemas import DEFAULT_LIMIT, MAX_LIMIT, SyncPage

router = APIRouter(prefix="/sync", tags=["sync"])

# Auditors see aggregates only: no personal data, so nothing to keep on a phone.
Syncer = Annotated[
    Principal,
    requires(Scope.SESSIONS_READ, Role.ADMIN, Role.AGENCY_ADMIN, Role.COORDINATOR, Role.MENTOR),
]


@router.get("", response_model=SyncPage, responses=problems(400, 401, 403, 410, 422, 429))
@audited_read  # a page may show households' and assessments' specific personal data
async def sync(
    session: Session,
    principal: Syncer,
    cursor: Annotated[
        str | None,
        Query(max_length=512, description="`next_cursor` of the last sync; none: everything."),
    ] = None,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Changes per page, 1-{MAX_LIMIT}.")
    ] = DEFAULT_LIMIT,
) -> SyncPage:
    """Every change in your scope since `cursor` (upserts and deletes, in order); without a
    cursor, everything in your scope. An expired cursor is 410: sync again without it."""
    return await service.sync(session, principal, cursor, limit)
