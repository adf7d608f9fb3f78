"""SQL for user accounts; every read starts from the caller's scope."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit.pagination import PageParams, SortKey, apply_keyset, next_cursor, parse_sort
from bina.models import Mentor, User
from bina.security.principal import Principal, Role
from bina.users.schemas import UserFilters

SORT_KEYS = {
    "email": SortKey("email", User.email),
    "name": SortKey("name", User.name),
    "role": SortKey("role", User.role),
    "created_at": SortKey("created_at", User.created_at, datetime),
}


def scoped_users(principal: Principal) -> Select[User]:
    """The accounts `principal` may manage: all for an admin; an agency admin, only the
    accounts of mentors of its own agency (judged by the mentor's agency, which is authoritative);
    nobody for anyone else."""
    stmt = select(User).outerjoin(Mentor, User.mentor_id == Mentor.id)
    if principal.role is Role.ADMIN:
        return stmt
    if principal.role is Role.AGENCY_ADMIN and principal.agency_code:
        return stmt.where(User.role == Role.MENTOR, Mentor.agency_code == principal.agency_code)
    return stmt.where(false())


async def get_in_scope(
    session: AsyncSession, principal: Principal, user_id: uuid.UUID
) -> User | None:
    return await session.scalar(scoped_users(principal).where(User.id == user_id))


def _filtered(stmt: Select[User], filters: UserFilters) -> Select[User]:
    if filters.role:
        stmt = stmt.where(User.role == filters.role)
    if filters.agency_code:
        # An agency's accounts: its agency admins and the accounts of its mentors.
        stmt = stmt.where(
            or_(User.agency_code == filters.agency_code, Mentor.agency_code == filters.agency_code)
        )
    if filters.region_code:
        stmt = stmt.where(User.region_code == filters.region_code)
    if filters.active is not None:
        stmt = stmt.where(User.active.is_(filters.active))
    if filters.q:
        stmt = stmt.where(
            or_(
                User.email.icontains(filters.q, autoescape=True),
                User.name.icontains(filters.q, autoescape=True),
            )
        )
    return stmt


async def list_users(
    session: AsyncSession,
    principal: Principal,
    filters: UserFilters,
    sort: str,
    page: PageParams,
) -> tuple[Sequence[User], str | None, int | None]:
    stmt = _filtered(scoped_users(principal), filters)
    total = None
    if page.include_total:
        total = await session.scalar(select(func.count()).select_from(stmt.subquery()))
    key, descending = parse_sort(sort, SORT_KEYS)
    stmt = apply_keyset(
        stmt, key=key, descending=descending, id_column=User.id, params=page, sort_name=sort
    )
    rows = (await session.scalars(stmt)).all()

    def key_of(row: User) -> tuple[Any, uuid.UUID]:
        return getattr(row, key.name), row.id

    kept, cursor = next_cursor(rows, params=page, sort_name=sort, key_of=key_of)
    return kept, cursor, total


async def email_taken(session: AsyncSession, email: str, *, other_than: uuid.UUID | None) -> bool:
    stmt = select(User.id).where(User.email == email.strip().lower())
    if other_than is not None:
        stmt = stmt.where(User.id != other_than)
    return await session.scalar(stmt.limit(1)) is not None


async def mentor_linked(
    session: AsyncSession, mentor_id: uuid.UUID, *, other_than: uuid.UUID | None
) -> bool:
    stmt = select(User.id).where(User.mentor_id == mentor_id)
    if other_than is not None:
        stmt = stmt.where(User.id != other_than)
    return await session.scalar(stmt.limit(1)) is not None


async def mentor_agency(session: AsyncSession, mentor_id: uuid.UUID) -> str | None:
    """The agency of the mentor, or None when there is no such mentor.

    Read here rather than through a mentors service: that domain only owns the mentor itself;
    the link from an account to it is this domain's business."""
    return await session.scalar(select(Mentor.agency_code).where(Mentor.id == mentor_id))
