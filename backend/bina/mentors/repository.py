"""SQL for mentors. Every read starts from the caller's scope (`scope_clause`); the list and the
single read use lean Core selects, writes load the ORM row (its version is the optimistic lock)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, RowMapping, bindparam, delete, exists, false, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit.pagination import PageParams, SortKey, mapping_page
from bina.mentors.schemas import MentorFilters
from bina.models import Assignment, Mentor, MentorCompetency
from bina.security.principal import Principal, Role

_m = Mentor.__table__.c
_mc = MentorCompetency.__table__.c

SORT_KEYS = {
    "created_at": SortKey("created_at", _m.created_at, datetime),
    "name": SortKey("name", _m.name, str),
}


def scope_clause(principal: Principal) -> ColumnElement[bool] | None:
    """The mentors `principal` may see; None means every mentor (admin, auditor)."""
    match principal.role:
        case Role.ADMIN | Role.AUDITOR:
            return None
        case Role.AGENCY_ADMIN if principal.agency_code:
            return _m.agency_code == principal.agency_code
        case Role.COORDINATOR if principal.region_code:
            return region_clause(principal.region_code)
        case Role.MENTOR if principal.mentor_id:
            return _m.id == principal.mentor_id
    return false()  # a role without its agency / region / mentor link sees nobody


def region_clause(code: str) -> ColumnElement[bool]:
    """Mentors whose HOME kelurahan lies inside the region `code` (Kemendagri codes nest:
    kota `16.71` > kecamatan `16.71.13` > kelurahan `16.71.13.1004`), on indexed equality
    where the level allows it."""
    match code.count("."):
        case 1:
            return _m.kecamatan_code.startswith(code + ".", autoescape=True)
        case 2:
            return _m.kecamatan_code == code
        case 3:
            return _m.kelurahan_code == code
    return false()


def filter_clauses(filters: MentorFilters) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if filters.agency_code:
        out.append(_m.agency_code == filters.agency_code)
    if filters.kecamatan_code:
        out.append(_m.kecamatan_code == filters.kecamatan_code)
    if filters.employment_type:
        out.append(_m.employment_type == filters.employment_type)
    if filters.status:
        out.append(_m.status == filters.status)
    if filters.available is not None:
        # Available to mentor = the flag, an active status AND room for one more household.
        load = (
            select(func.count())
            .where(Assignment.mentor_id == _m.id, Assignment.status == "active")
            .scalar_subquery()
        )
        ready = (_m.available.is_(True)) & (_m.status == "active") & (load < _m.capacity)
        out.append(ready if filters.available else ~ready)
    if filters.competency:
        has = (_mc.mentor_id == _m.id) & (_mc.code == filters.competency)
        if filters.min_level:
            has = has & (_mc.level >= filters.min_level)
        out.append(exists().where(has))
    if filters.nip_prefix:
        out.append(_m.nip.startswith(filters.nip_prefix, autoescape=True))
    elif filters.q and filters.q.strip():
        out.append(_m.name.icontains(filters.q.strip(), autoescape=True))
    return out


def _where(principal: Principal, filters: MentorFilters | None = None) -> list[ColumnElement[bool]]:
    scope = scope_clause(principal)
    clauses = [] if scope is None else [scope]
    return clauses + (filter_clauses(filters) if filters else [])


async def _total(
    session: AsyncSession, where: list[ColumnElement[bool]], page: PageParams
) -> int | None:
    """How many mentors match, when the caller asked for `include_total`."""
    if not page.include_total:
        return None
    return await session.scalar(select(func.count()).select_from(Mentor.__table__).where(*where))


async def list_page(
    session: AsyncSession,
    principal: Principal,
    filters: MentorFilters,
    sort: str,
    page: PageParams,
) -> tuple[Sequence[dict[str, Any]], str | None, int | None]:
    where = _where(principal, filters)
    total = await _total(session, where, page)
    rows, cursor = await mapping_page(
        session, select(*_m).where(*where), keys=SORT_KEYS, sort=sort, id_column=_m.id, page=page
    )
    return rows, cursor, total


async def get_values(
    session: AsyncSession, principal: Principal, mentor_id: uuid.UUID
) -> RowMapping | None:
    stmt = select(*_m).where(_m.id == mentor_id, *_where(principal))
    return (await session.execute(stmt)).mappings().one_or_none()


async def get_for_write(
    session: AsyncSession, principal: Principal, mentor_id: uuid.UUID
) -> Mentor | None:
    # Locked: an assignment being made for this mentor (which locks the mentor first) waits.
    stmt = select(Mentor).where(_m.id == mentor_id, *_where(principal)).with_for_update()
    return (await session.scalars(stmt)).one_or_none()


async def active_assignments(session: AsyncSession, mentor_id: uuid.UUID) -> int:
    stmt = select(func.count()).where(
        Assignment.mentor_id == mentor_id, Assignment.status == "active"
    )
    return int(await session.scalar(stmt) or 0)


# Built once; the ids are one expanding parameter.
_COMPETENCIES_OF = (
    select(_mc.mentor_id, _mc.code, _mc.level)
    .where(_mc.mentor_id.in_(bindparam("ids", expanding=True)))
    .order_by(_mc.mentor_id, _mc.code)
)


async def competencies_of(
    session: AsyncSession, mentor_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """Competences of many mentors in ONE query, by mentor id, sorted by code."""
    ids = list(mentor_ids)
    out: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return out
    for mentor_id, code, level in await session.execute(_COMPETENCIES_OF, {"ids": ids}):
        out[mentor_id].append({"code": code, "level": level})
    return out


async def nip_taken(session: AsyncSession, nip: str, *, except_id: uuid.UUID | None = None) -> bool:
    """Whether any mentor (in anyone's scope: NIPs are unique city-wide) holds this NIP."""
    stmt = select(_m.id).where(_m.nip == nip)
    if except_id is not None:
        stmt = stmt.where(_m.id != except_id)
    return (await session.scalar(stmt.limit(1))) is not None


def add(session: AsyncSession, mentor: Mentor) -> None:
    session.add(mentor)


async def replace_competencies(
    session: AsyncSession, mentor_id: uuid.UUID, items: Sequence[tuple[str, int]], *, fresh: bool
) -> None:
    """Store exactly `items` as the mentor's competences (`fresh`: the mentor has none yet)."""
    if not fresh:
        await session.execute(delete(MentorCompetency).where(_mc.mentor_id == mentor_id))
    session.add_all(MentorCompetency(mentor_id=mentor_id, code=c, level=lv) for c, lv in items)


async def remove(session: AsyncSession, mentor: Mentor) -> None:
    """Hard delete; competences go by ON DELETE CASCADE, a linked user keeps its account."""
    await session.delete(mentor)
