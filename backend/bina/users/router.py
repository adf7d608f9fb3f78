"""/users: login accounts, managed by admins (and by an agency admin for its mentors' accounts)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from bina.db import Session
from bina.kit.openapi import CREATE, DELETE, LIST, READ, UPDATE, problems
from bina.kit.pagination import PageParams, page_params
from bina.kit.preconditions import IfMatch, set_etag
from bina.security.principal import PEOPLE_ONLY, Principal, Role, requires
from bina.users import service
from bina.users.schemas import (
    SortField,
    UserCreate,
    UserFilters,
    UserList,
    UserRead,
    UserUpdate,
)

router = APIRouter(prefix="/users", tags=["users"])

Manager = Annotated[Principal, requires(PEOPLE_ONLY, Role.ADMIN, Role.AGENCY_ADMIN)]


def _single(response: Response, user: object) -> UserRead:
    read = UserRead.model_validate(user)
    set_etag(response, read.version)
    return read


@router.get("", response_model=UserList, responses=problems(*LIST))
async def list_users(
    session: Session,
    principal: Manager,
    page: Annotated[PageParams, Depends(page_params)],
    role: Role | None = None,
    agency_code: Annotated[str | None, Query(max_length=32)] = None,
    region_code: Annotated[str | None, Query(max_length=13)] = None,
    active: bool | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    sort: SortField = "email",
) -> UserList:
    """Accounts in your scope; filter by role, agency, region, active, or `q` in email or name."""
    filters = UserFilters(role, agency_code, region_code, active, q)
    rows, cursor, total = await service.list_users(session, principal, filters, sort, page)
    return UserList(
        items=[UserRead.model_validate(r) for r in rows], next_cursor=cursor, total=total
    )


@router.post("", status_code=201, response_model=UserRead, responses=problems(*CREATE))
async def create_user(
    session: Session, principal: Manager, response: Response, body: UserCreate
) -> UserRead:
    """Create an account (admin: any role; agency admin: a mentor of its agency)."""
    user = await service.create_user(session, principal, body)
    response.headers["Location"] = f"/api/v1/users/{user.id}"
    return _single(response, user)


@router.get("/{user_id}", response_model=UserRead, responses=problems(*READ))
async def get_user(
    session: Session, principal: Manager, response: Response, user_id: uuid.UUID
) -> UserRead:
    """One account in your scope."""
    return _single(response, await service.get_user(session, principal, user_id))


@router.patch("/{user_id}", response_model=UserRead, responses=problems(*UPDATE))
async def update_user(
    session: Session,
    principal: Manager,
    response: Response,
    user_id: uuid.UUID,
    body: UserUpdate,
    if_match: IfMatch = None,
) -> UserRead:
    """Change an account; a new password or deactivation ends all of its sign-ins at once."""
    user = await service.update_user(session, principal, user_id, body, if_match)
    return _single(response, user)


@router.delete("/{user_id}", response_model=UserRead, responses=problems(*DELETE, 422))
async def deactivate_user(
    session: Session,
    principal: Manager,
    response: Response,
    user_id: uuid.UUID,
    if_match: IfMatch = None,
) -> UserRead:
    """Deactivate (accounts are never erased, so the audit trail keeps who acted)."""
    user = await service.deactivate_user(session, principal, user_id, if_match)
    return _single(response, user)
