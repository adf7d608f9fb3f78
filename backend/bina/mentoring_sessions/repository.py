"""SQL for mentoring sessions and their action items. Reads start from the caller's scope
(`scope_clause`): admin all, coordinator its region (the household's kelurahan), agency admin its
agency's mentors, mentor its own sessions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, RowMapping, false, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit.pagination import PageParams, SortKey, counted_page
from bina.kit.regionsql import in_region
from bina.mentoring_sessions.schemas import SessionFilters
from bina.models import Household, Mentor, MentoringSession
from bina.security.principal import Principal, Role

_s = MentoringSession.__table__.c
_h = Household.__table__.c
_m = Mentor.__table__.c

SORT_KEYS = {
    "occurred_at": SortKey("occurred_at", _s.occurred_at, datetime),
    "created_at": SortKey("created_at", _s.created_at, datetime),
}
_READ_COLUMNS = (
    *(c for c in _s if c.key != "request_hash"),
    _h.kecamatan_code,
    _m.agency_code,
    _m.name.label("mentor_name"),
    _h.head_name.label("household_head_name"),
    _h.lat.label("household_lat"),
    _h.lon.label("household_lon"),
)
_FROM = MentoringSession.__table__.join(Household.__table__, _h.id == _s.household_id).join(
    Mentor.__table__, _m.id == _s.mentor_id
)


def scope_clause(principal: Principal) -> ColumnElement[bool] | None:
    """The sessions `principal` may see; None means all (admin). Auditors are refused earlier."""
    match principal.role:
        case Role.ADMIN:
            return None
        case Role.COORDINATOR if principal.region_code:
            return in_region(_h.kelurahan_code, principal.region_code)
        case Role.AGENCY_ADMIN if principal.agency_code:
            return _m.agency_code == principal.agency_code
        case Role.MENTOR if principal.mentor_id:
            return _s.mentor_id == principal.mentor_id
    return false()


def _where(principal: Principal, f: SessionFilters | None = None) -> list[ColumnElement[bool]]:
    scope = scope_clause(principal)
    out = [] if scope is None else [scope]
    if f is None:
        return out
    if f.household_id:
        out.append(_s.household_id == f.household_id)
    if f.mentor_id:
        out.append(_s.mentor_id == f.mentor_id)
    if f.kecamatan_code:
        out.append(_h.kecamatan_code == f.kecamatan_code)
    if f.occurred_from:
        out.append(_s.occurred_at >= f.occurred_from)
    if f.occurred_to:
        out.append(_s.occurred_at < f.occurred_to)
    if f.status:
        out.append(_s.status == f.status)
    if f.flagged is not None:
        out.append(_s.flagged == f.flagged)
    return out


async def list_page(
    session: AsyncSession,
    principal: Principal,
    filters: SessionFilters,
    sort: str,
    page: PageParams,
) -> tuple[Sequence[RowMapping], str | None, int | None]:
    stmt = select(*_READ_COLUMNS).select_from(_FROM).where(*_where(principal, filters))
    return await counted_page(session, stmt, keys=SORT_KEYS, sort=sort, id_column=_s.id, page=page)


async def get_values(
    session: AsyncSession, principal: Principal, session_id: uuid.UUID
) -> RowMapping | None:
    stmt = select(*_READ_COLUMNS).select_from(_FROM).where(_s.id == session_id, *_where(principal))
    return (await session.execute(stmt)).mappings().one_or_none()


async def get_values_many(
    session: AsyncSession, principal: Principal, ids: Sequence[uuid.UUID]
) -> Sequence[RowMapping]:
    if not ids:
        return []
    stmt = select(*_READ_COLUMNS).select_from(_FROM).where(_s.id.in_(list(ids)), *_where(principal))
    return (await session.execute(stmt)).mappings().all()


async def mentor_name(session: AsyncSession, mentor_id: uuid.UUID) -> str:
    return str(await session.scalar(select(_m.name).where(_m.id == mentor_id)))


async def find(session: AsyncSession, session_id: uuid.UUID) -> tuple[uuid.UUID, str] | None:
    """Owner (mentor) and request hash of a session id, whoever's it is: a client-chosen id
    must be unique across the city."""
    stmt = select(_s.mentor_id, _s.request_hash).where(_s.id == session_id)
    row = (await session.execute(stmt)).one_or_none()
    return (row[0], row[1]) if row else None


async def lock(session: AsyncSession, session_id: uuid.UUID) -> MentoringSession | None:
    stmt = select(MentoringSession).where(MentoringSession.id == session_id).with_for_update()
    found: MentoringSession | None = await session.scalar(
        stmt.execution_options(populate_existing=True)
    )
    return found


def add(session: AsyncSession, row: MentoringSession) -> None:
    session.add(row)
