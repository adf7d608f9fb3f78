"""SQL for assignments. Reads start from the caller's scope (`scope_clause`); writes lock rows in
ONE fixed order — mentor, then household, then assignment — so concurrent writers never deadlock
and capacity checks see every committed assignment (PostgreSQL `FOR UPDATE`; on SQLite the
writer already holds the database's single write lock since BEGIN IMMEDIATE)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    RowMapping,
    Select,
    Table,
    bindparam,
    false,
    func,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bina.assignments.schemas import AssignmentFilters
from bina.kit.pagination import PageParams, SortKey, counted_page
from bina.kit.regionsql import in_region
from bina.kit.repository import id_chunks
from bina.models import Assignment, Household, Mentor
from bina.models.base import utcnow
from bina.security.principal import Principal, Role, scope_shape

_ASSIGNMENTS = cast(Table, Assignment.__table__)
_a = _ASSIGNMENTS.c
_h = Household.__table__.c
_m = Mentor.__table__.c

SORT_KEYS = {"created_at": SortKey("created_at", _a.created_at, datetime)}

_READ_COLUMNS = (*_a, _h.kecamatan_code, _m.agency_code.label("agency_code"))
READ_FIELDS = tuple(c.key for c in _READ_COLUMNS)
_FROM = Assignment.__table__.join(Household.__table__, _h.id == _a.household_id).join(
    Mentor.__table__, _m.id == _a.mentor_id
)


def scope_clause(principal: Principal) -> ColumnElement[bool] | None:
    """The assignments `principal` may see; None means all (admin, auditor)."""
    match principal.role:
        case Role.ADMIN if principal.region_codes:  # an integration client's regions
            return in_region(_h.kelurahan_code, principal.region_codes)
        case Role.ADMIN | Role.AUDITOR:
            return None
        case Role.COORDINATOR if principal.region_code:
            return in_region(_h.kelurahan_code, principal.region_code)
        case Role.AGENCY_ADMIN if principal.agency_code:
            return _m.agency_code == principal.agency_code
        case Role.MENTOR if principal.mentor_id:
            return _a.mentor_id == principal.mentor_id
    return false()


def _where(
    principal: Principal, filters: AssignmentFilters | None = None
) -> list[ColumnElement[bool]]:
    scope = scope_clause(principal)
    out = [] if scope is None else [scope]
    if filters is None:
        return out
    if filters.mentor_id:
        out.append(_a.mentor_id == filters.mentor_id)
    if filters.household_id:
        out.append(_a.household_id == filters.household_id)
    if filters.status:
        out.append(_a.status == filters.status)
    if filters.origin:
        out.append(_a.origin == filters.origin)
    if filters.kecamatan_code:
        out.append(_h.kecamatan_code == filters.kecamatan_code)
    if filters.agency_code:
        out.append(_m.agency_code == filters.agency_code)
    return out


async def list_page(
    session: AsyncSession,
    principal: Principal,
    filters: AssignmentFilters,
    sort: str,
    page: PageParams,
) -> tuple[Sequence[dict[str, Any]], str | None, int | None]:
    stmt = select(*_READ_COLUMNS).select_from(_FROM).where(*_where(principal, filters))
    return await counted_page(session, stmt, keys=SORT_KEYS, sort=sort, id_column=_a.id, page=page)


async def get_values(
    session: AsyncSession, principal: Principal, assignment_id: uuid.UUID
) -> RowMapping | None:
    stmt = (
        select(*_READ_COLUMNS).select_from(_FROM).where(_a.id == assignment_id, *_where(principal))
    )
    return (await session.execute(stmt)).mappings().one_or_none()


@functools.lru_cache(maxsize=512)
def _many_statement(shape: Any) -> Select[Any]:
    """`scope_clause` with its values bound at execution, for the assignments among `ids`."""
    if shape in ("admin", "auditor"):
        scope: ColumnElement[bool] = true()
    elif isinstance(shape, tuple):
        scope = in_region(_h.kelurahan_code, shape[1])
    elif shape == "agency":
        scope = _m.agency_code == bindparam("scope_agency", required=False)
    elif shape == "mentor":
        scope = _a.mentor_id == bindparam("scope_mentor", required=False)
    else:
        scope = false()
    which = _a.id.in_(bindparam("ids", expanding=True))
    return select(*_READ_COLUMNS).select_from(_FROM).where(which, scope)


async def get_values_many(
    session: AsyncSession, principal: Principal, ids: Sequence[uuid.UUID]
) -> list[dict[str, Any]]:
    """The assignments among `ids` the caller may see, as plain values (one statement, built
    once per shape of caller: delta sync reads assignments this way)."""
    if not ids:
        return []
    shape, params = scope_shape(principal)
    params["ids"] = list(ids)
    rows = await session.execute(_many_statement(shape), params)
    return [dict(zip(READ_FIELDS, row, strict=True)) for row in rows]


async def lock_mentor(session: AsyncSession, mentor_id: uuid.UUID) -> Mentor | None:
    """The mentor row, locked until the transaction ends (first in the lock order)."""
    stmt = select(Mentor).where(Mentor.id == mentor_id).with_for_update()
    stmt = stmt.execution_options(populate_existing=True)
    mentor: Mentor | None = await session.scalar(stmt)
    return mentor


async def lock_household(session: AsyncSession, household_id: uuid.UUID) -> Household | None:
    """The household row, locked (second in the lock order); scope was checked before."""
    stmt = select(Household).where(Household.id == household_id).with_for_update()
    stmt = stmt.execution_options(populate_existing=True)
    household: Household | None = await session.scalar(stmt)
    return household


async def lock_assignment(session: AsyncSession, assignment_id: uuid.UUID) -> Assignment | None:
    stmt = select(Assignment).where(Assignment.id == assignment_id).with_for_update()
    stmt = stmt.execution_options(populate_existing=True)
    assignment: Assignment | None = await session.scalar(stmt)
    return assignment


async def active_count(session: AsyncSession, mentor_id: uuid.UUID) -> int:
    stmt = select(func.count()).where(_a.mentor_id == mentor_id, _a.status == "active")
    return int(await session.scalar(stmt) or 0)


async def active_of_household(session: AsyncSession, household_id: uuid.UUID) -> uuid.UUID | None:
    stmt = select(_a.id).where(_a.household_id == household_id, _a.status == "active")
    return await session.scalar(stmt.limit(1))


async def active_mentor_of(session: AsyncSession, household_id: uuid.UUID) -> uuid.UUID | None:
    stmt = select(_a.mentor_id).where(_a.household_id == household_id, _a.status == "active")
    return await session.scalar(stmt.limit(1))


def add(session: AsyncSession, assignment: Assignment) -> None:
    session.add(assignment)


async def end_many(
    session: AsyncSession, assignment_ids: Sequence[uuid.UUID], reason: str
) -> list[uuid.UUID]:
    """End those of these assignments that are still active, and say which those were: the one
    place an assignment ends, for one or for thousands. One UPDATE per chunk of ids in ascending
    order; the assignments come last in the lock order, so the caller has locked their mentors
    and households already."""
    now = utcnow()
    ended: list[uuid.UUID] = []
    for chunk in id_chunks(assignment_ids):
        result = await session.execute(
            update(_ASSIGNMENTS)
            .where(_a.id.in_(chunk), _a.status == "active")
            .values(
                status="ended",
                ended_at=now,
                end_reason=reason,
                version=_a.version + 1,
                updated_at=now,
            )
            .returning(_a.id)
        )
        ended += result.scalars()
    return ended
