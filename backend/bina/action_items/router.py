"""/households/{id}/actions (what was promised, across sessions) and /action-items/{id}."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from bina.action_items import service
from bina.action_items.schemas import ActionFilter, ActionItemList, ActionItemRead, ActionItemUpdate
from bina.db import Session
from bina.kit.openapi import problems
from bina.kit.pagination import PageParams, page_params
from bina.kit.preconditions import IfMatch, set_etag
from bina.security.principal import PEOPLE_ONLY, Principal, Role, requires
from bina.security.scopes import Scope

router = APIRouter(tags=["action-items"])

Editor = Annotated[Principal, requires(PEOPLE_ONLY, Role.ADMIN, Role.COORDINATOR, Role.MENTOR)]
Reader = Annotated[Principal, requires(Scope.SESSIONS_READ)]


@router.get(
    "/households/{household_id}/actions",
    response_model=ActionItemList,
    responses=problems(400, 401, 403, 404, 422, 429),
)
async def list_household_actions(
    session: Session,
    principal: Reader,
    household_id: uuid.UUID,
    page: Annotated[PageParams, Depends(page_params)],
    status: ActionFilter | None = None,
) -> ActionItemList:
    """The household's action items across sessions, earliest due first; `overdue` = open and
    past due."""
    return await service.list_for_household(session, principal, household_id, status, page)


@router.patch(
    "/action-items/{item_id}",
    response_model=ActionItemRead,
    responses=problems(401, 403, 404, 409, 412, 413, 422, 428, 429),
)
async def update_action_item(
    session: Session,
    principal: Editor,
    response: Response,
    item_id: uuid.UUID,
    body: ActionItemUpdate,
    if_match: IfMatch = None,
) -> ActionItemRead:
    """Mark an action item done (or dropped, or open again), or correct it (If-Match)."""
    item = await service.update(session, principal, item_id, body, if_match)
    set_etag(response, item.version)
    return item
