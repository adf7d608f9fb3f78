"""SQL for households and their members; every read starts from the caller's scope."""

from __future__ import annotations

import functools
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, bindparam, delete, false, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.households.schemas import HouseholdFilters
from bina.kit.pagination import (
    AnySelect,
    PageParams,
    SelectT,
    SortKey,
    keyset_page,
    keyset_statement,
    parse_sort,
)
from bina.kit.regionsql import in_region
from bina.kit.repository import plain_rows
from bina.models import Assignment, Household, HouseholdMember, HouseholdNeed, Mentor
from bina.reference.regions import regions_by_code
from bina.security.principal import Principal, Role

SORT_KEYS = {
    "created_at": SortKey("created_at", Household.created_at, datetime),
    "updated_at": SortKey("updated_at", Household.updated_at, datetime),
    "head_name": SortKey("head_name", Household.head_name, str),
}

# A household's needs as one comma-separated string, in the same statement as its row: a list
# page costs one round trip, not two.
NEEDS_CSV = (
    select(func.aggregate_strings(HouseholdNeed.code, ","))
    .where(HouseholdNeed.household_id == Household.id)
    .correlate(Household)
    .scalar_subquery()
    .label("needs_csv")
)

SUMMARY_COLUMNS = (
    Household.id,
    Household.kk_number,
    Household.head_name,
    Household.head_nik,
    Household.kelurahan_code,
    Household.kecamatan_code,
    Household.address,
    Household.rt,
    Household.rw,
    Household.lat,
    Household.lon,
    Household.desil,
    Household.extreme_poor,
    Household.status,
    Household.version,
    Household.created_at,
    Household.updated_at,
)


def scoped(stmt: SelectT, principal: Principal) -> SelectT:
    """Restrict a statement over `households` to what the caller may see."""
    scope, values = _scope_shape(principal)
    return _scoped_by_shape(stmt, scope).params(**values)


def _like_pattern(text: str) -> str:
    """Case-insensitive "contains" for LIKE, with LIKE's own characters escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "%" + escaped.lower() + "%"


def _scope_shape(principal: Principal) -> tuple[Any, dict[str, Any]]:
    """What of the caller's scope shapes the SQL (role, region) and what is only a value."""
    role = principal.role
    if role == Role.ADMIN and principal.region_codes:  # an integration client's regions
        return ("region", principal.region_codes), {}
    if role in (Role.ADMIN, Role.AUDITOR):
        return "all", {}
    if role == Role.COORDINATOR and principal.region_code:
        return ("region", principal.region_code), {}  # 125 regions: a bounded set of shapes
    if role == Role.MENTOR and principal.mentor_id:
        return "mentor", {"scope_mentor": principal.mentor_id}
    return "none", {}


def _scoped_by_shape(stmt: SelectT, scope: Any) -> SelectT:
    """`scoped()` for statements built once: the mentor comes as the `scope_mentor` value."""
    if scope == "mentor":
        mine = select(Assignment.household_id).where(
            Assignment.mentor_id == bindparam("scope_mentor", required=False),
            Assignment.status == "active",
        )
        return stmt.where(Household.id.in_(mine))
    if isinstance(scope, tuple):
        return stmt.where(in_region(Household.kelurahan_code, scope[1]))
    if scope == "none":
        return stmt.where(false())
    return stmt


_REGION_FILTERS = ("kecamatan_code", "kelurahan_code")
_FILTER_PARAMS = {
    "kecamatan_code": "f_kecamatan",
    "kelurahan_code": "f_kelurahan",
    "status": "f_status",
    "desil": "f_desil",
    "extreme_poor": "f_extreme_poor",
    "need": "f_need",
    "q": "f_q",
}


def _filtered_by_shape(stmt: SelectT, scope: Any, present: tuple[Any, ...]) -> SelectT:
    """The caller's scope and the filters present, every value a bind parameter but a known
    region's code, which is written into the SQL (`(name, code)` in `present`)."""
    stmt = _scoped_by_shape(stmt, scope)
    columns = {
        "kecamatan_code": Household.kecamatan_code,
        "kelurahan_code": Household.kelurahan_code,
        "status": Household.status,
        "desil": Household.desil,
        "extreme_poor": Household.extreme_poor,
    }
    for name in present:
        if isinstance(name, tuple):
            column, code = name
            stmt = stmt.where(columns[column] == literal(code, literal_execute=True))
            continue
        param: BindParameter[Any] = bindparam(_FILTER_PARAMS[name], required=False)
        if name in columns:
            stmt = stmt.where(columns[name] == param)
        elif name == "need":
            needing = select(HouseholdNeed.household_id).where(HouseholdNeed.code == param)
            stmt = stmt.where(Household.id.in_(needing))
        else:  # q: the escaped, lower-cased pattern
            stmt = stmt.where(
                or_(
                    func.lower(Household.head_name).like(param, escape="\\"),
                    func.lower(Household.address).like(param, escape="\\"),
                )
            )
    return stmt


@functools.lru_cache(maxsize=1024)
def _page_statement(scope: Any, present: tuple[Any, ...], sort: str, after: bool) -> AnySelect:
    """The list query for one shape of request, built once; values come as bind parameters
    (building and cache-keying the statement on every request cost more than running it)."""
    key, descending = parse_sort(sort, SORT_KEYS)
    stmt = _filtered_by_shape(select(*SUMMARY_COLUMNS, NEEDS_CSV), scope, present)
    return keyset_statement(
        stmt, key=key, descending=descending, id_column=Household.id, after=after
    )


@functools.lru_cache(maxsize=1024)
def _count_statement(scope: Any, present: tuple[Any, ...]) -> AnySelect:
    return _filtered_by_shape(select(func.count(Household.id)), scope, present)


def _needs(csv: str | None) -> list[str]:
    return sorted(csv.split(",")) if csv else []


def _summary(values: dict[str, Any]) -> dict[str, Any]:
    """A list or detail row with its needs as a list."""
    values["needs"] = _needs(values.pop("needs_csv"))
    return values


async def list_summaries(
    session: AsyncSession,
    principal: Principal,
    filters: HouseholdFilters,
    sort: str,
    page: PageParams,
) -> tuple[list[dict[str, Any]], str | None, int | None]:
    """A page of list rows (the fields of HouseholdSummary), the next cursor and the total when
    asked."""
    scope, params = _scope_shape(principal)
    present: list[Any] = []
    for name, param in _FILTER_PARAMS.items():
        value = getattr(filters, name)
        if value is None or value == "":
            continue
        if name in _REGION_FILTERS and value in regions_by_code():
            # One of Palembang's 125 regions: written into the SQL, so PostgreSQL plans the
            # prepared statement once instead of on every request (as for the page's LIMIT).
            present.append((name, value))
            continue
        present.append(name)
        params[param] = _like_pattern(value) if name == "q" else value
    total = None
    if page.include_total:
        # Every table page of the web app asks for the total: built once per shape too.
        total = await session.scalar(_count_statement(scope, tuple(present)), params)
    rows, cursor = await keyset_page(
        session,
        lambda after: _page_statement(scope, tuple(present), sort, after),
        params,
        page=page,
        sort=sort,
        keys=SORT_KEYS,
    )
    return [_summary(row) for row in rows], cursor, total


async def get(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> Household | None:
    stmt = scoped(select(Household), principal).where(Household.id == household_id)
    household: Household | None = await session.scalar(stmt)
    return household


async def get_for_update(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> Household | None:
    stmt = scoped(select(Household), principal).where(Household.id == household_id)
    household: Household | None = await session.scalar(stmt.with_for_update())
    return household


async def needs_of(session: AsyncSession, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    ids = list(ids)
    out: dict[uuid.UUID, list[str]] = defaultdict(list)
    if not ids:
        return out
    rows = await session.execute(
        select(HouseholdNeed.household_id, HouseholdNeed.code)
        .where(HouseholdNeed.household_id.in_(ids))
        .order_by(HouseholdNeed.household_id, HouseholdNeed.code)
    )
    for household_id, code in rows:
        out[household_id].append(code)
    return out


async def replace_needs(session: AsyncSession, household_id: uuid.UUID, codes: list[str]) -> None:
    await session.execute(delete(HouseholdNeed).where(HouseholdNeed.household_id == household_id))
    session.add_all(HouseholdNeed(household_id=household_id, code=c) for c in sorted(set(codes)))


async def members_of(session: AsyncSession, household_id: uuid.UUID) -> Sequence[HouseholdMember]:
    stmt = (
        select(HouseholdMember)
        .where(HouseholdMember.household_id == household_id)
        .order_by(HouseholdMember.birth_date, HouseholdMember.id)
    )
    return (await session.scalars(stmt)).all()


async def member(
    session: AsyncSession, household_id: uuid.UUID, member_id: uuid.UUID
) -> HouseholdMember | None:
    stmt = select(HouseholdMember).where(
        HouseholdMember.id == member_id, HouseholdMember.household_id == household_id
    )
    return await session.scalar(stmt)


async def kk_taken(session: AsyncSession, kk_number: str, exclude: uuid.UUID | None) -> bool:
    stmt = select(Household.id).where(Household.kk_number == kk_number)
    if exclude is not None:
        stmt = stmt.where(Household.id != exclude)
    return await session.scalar(stmt.limit(1)) is not None


async def niks_taken(
    session: AsyncSession, niks: Iterable[str], exclude_member: uuid.UUID | None = None
) -> set[str]:
    niks = list(niks)
    if not niks:
        return set()
    stmt = select(HouseholdMember.nik).where(HouseholdMember.nik.in_(niks))
    if exclude_member is not None:
        stmt = stmt.where(HouseholdMember.id != exclude_member)
    return set((await session.scalars(stmt)).all())


async def active_assignment_of(session: AsyncSession, household_id: uuid.UUID) -> uuid.UUID | None:
    stmt = select(Assignment.id).where(
        Assignment.household_id == household_id, Assignment.status == "active"
    )
    found: uuid.UUID | None = await session.scalar(stmt)
    return found


# The household's active assignment and its mentor, joined onto the household's own row (at most
# one active assignment per household, so the join never repeats a household).
_ACTIVE = (Assignment.household_id == Household.id) & (Assignment.status == "active")
ASSIGNMENT_COLUMNS = (
    Assignment.id.label("assignment_id"),
    Assignment.mentor_id.label("assignment_mentor_id"),
    Mentor.name.label("assignment_mentor_name"),
    Mentor.agency_code.label("assignment_agency_code"),
    Assignment.started_at.label("assignment_started_at"),
)
ASSIGNMENT_FIELDS = {
    "assignment_id": "id",
    "assignment_mentor_id": "mentor_id",
    "assignment_mentor_name": "mentor_name",
    "assignment_agency_code": "agency_code",
    "assignment_started_at": "started_at",
}


def _with_assignment(stmt: SelectT) -> SelectT:
    return stmt.outerjoin(Assignment, _ACTIVE).outerjoin(Mentor, Mentor.id == Assignment.mentor_id)


def _detail_row(values: dict[str, Any]) -> dict[str, Any]:
    """A detail row with its needs as a list and its assignment columns folded into
    `active_assignment`."""
    values = _summary(values)
    assignment = {new: values.pop(old) for old, new in ASSIGNMENT_FIELDS.items()}
    values["active_assignment"] = assignment if assignment["id"] is not None else None
    return values


async def active_assignment(
    session: AsyncSession, household_id: uuid.UUID
) -> dict[str, Any] | None:
    """The household's active assignment with its mentor (for a household already in scope)."""
    stmt = _with_assignment(select(*ASSIGNMENT_COLUMNS).select_from(Household)).where(
        Household.id == household_id
    )
    row = (await session.execute(stmt)).one_or_none()
    if row is None or row[0] is None:
        return None
    return dict(zip(ASSIGNMENT_FIELDS.values(), row, strict=True))


DETAIL_COLUMNS = (
    *SUMMARY_COLUMNS,
    Household.desil_source,
    Household.desil_as_of,
    Household.status_changed_at,
    Household.graduated_at,
    Household.monitoring_until,
    Household.housing,
    Household.assistance,
    Household.notes,
    *ASSIGNMENT_COLUMNS,
)
MEMBER_COLUMNS = (
    HouseholdMember.id,
    HouseholdMember.household_id,
    HouseholdMember.nik,
    HouseholdMember.name,
    HouseholdMember.relationship,
    HouseholdMember.sex,
    HouseholdMember.birth_date,
    HouseholdMember.education,
    HouseholdMember.in_school,
    HouseholdMember.occupation,
    HouseholdMember.disability,
    HouseholdMember.has_jkn,
    HouseholdMember.version,
)
_MEMBERS_IN_ORDER = (
    select(*MEMBER_COLUMNS)
    .where(HouseholdMember.household_id.in_(bindparam("ids", expanding=True)))
    .order_by(HouseholdMember.birth_date, HouseholdMember.id)
)


@functools.lru_cache(maxsize=256)
def _detail_statement(scope: Any) -> AnySelect:
    """One household in the caller's scope (`household_id` as a value), built once per scope."""
    stmt = _with_assignment(_scoped_by_shape(select(*DETAIL_COLUMNS, NEEDS_CSV), scope))
    return stmt.where(Household.id == bindparam("household_id", required=False))


async def detail(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """One household in the caller's scope (with its needs and active assignment) and its
    members, as plain values."""
    found = await details(session, principal, [household_id])
    return found[0] if found else None


@functools.lru_cache(maxsize=512)
def _details_statement(scope: Any) -> AnySelect:
    """The households among the value `ids` in the caller's scope, built once per scope."""
    stmt = _with_assignment(_scoped_by_shape(select(*DETAIL_COLUMNS, NEEDS_CSV), scope))
    return stmt.where(Household.id.in_(bindparam("ids", expanding=True)))


async def details(
    session: AsyncSession, principal: Principal, household_ids: Sequence[uuid.UUID]
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Like `detail`, for many households at once (those in scope): two reads in all (delta
    sync reads households this way)."""
    if not household_ids:
        return []
    scope, params = _scope_shape(principal)
    params["ids"] = list(household_ids)
    found = plain_rows(await session.execute(_details_statement(scope), params))
    rows = [_detail_row(r) for r in found]
    members: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    if rows:
        ids = {"ids": [r["id"] for r in rows]}
        for m in plain_rows(await session.execute(_MEMBERS_IN_ORDER, ids)):
            members[m["household_id"]].append(m)
    return [(r, members[r["id"]]) for r in rows]


async def visible_ids(
    session: AsyncSession, principal: Principal, household_ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    """The households among `household_ids` that the caller may see."""
    ids = list(set(household_ids))
    if not ids:
        return set()
    stmt = scoped(select(Household.id), principal).where(Household.id.in_(ids))
    return set((await session.scalars(stmt)).all())
