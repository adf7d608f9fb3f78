"""/households/{id}/history: the household's lifecycle, every status change with who and why."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends

from bina.db import Session
from bina.household_history import service
from bina.household_history.schemas import StatusChangeList
from bina.kit.openapi import problems
from bina.kit.pagination import PageParams, page_params
from bina.security.principal import Principal, requires
from bina.security.scopes import Scope

router = APIRouter(prefix="/households", tags=["households"])


Reader = Annotated[Principal, requires(Scope.HOUSEHOLDS_READ)]


@router.get(
    "/{household_id}/history",
    response_model=StatusChangeList,
    responses=problems(400, 401, 403, 404, 422, 429),
)
async def list_history(
    session: Session,
    principal: Reader,
    household_id: uuid.UUID,
    page: Annotated[PageParams, Depends(page_params)],
    sort: Literal["changed_at", "-changed_at"] = "-changed_at",
) -> StatusChangeList:
    """The household's status changes (who, when, from, to, why), newest first."""
    return await service.list_history(session, principal, household_id, sort, page)
