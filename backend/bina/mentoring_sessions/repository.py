"""SQL for mentoring sessions and their action items. Reads start from the caller's scope
(`scope_clause`): admin all, coordinator its region (the household's kelurahan), agency admin its
agency's mentors, mentor its own sessions."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    RowMapping,
    Table,
    bindparam,
    false,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

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
from bina.mentoring_sessions.schemas import SessionFilters
from bina.models import ActionItem, Assignment, Household, Mentor, MentoringSession
from bina.security.principal import Principal, scope_shape

_s = MentoringSession.__table__.c
_h = Household.__table__.c
_m = Mentor.__table__.c
_ai = ActionItem.__table__.c
_a = Assignment.__table__.c

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
READ_FIELDS = tuple(c.key for c in _READ_COLUMNS)
_FROM = MentoringSession.__table__.join(Household.__table__, _h.id == _s.household_id).join(
    Mentor.__table__, _m.id == _s.mentor_id
)


def _scope_by_shape(
    shape: Any, values: Mapping[str, Any] | None = None
) -> list[ColumnElement[bool]]:
    """The scope's condition; its values bound at execution, or now from `values`."""
    values = values or {}
    if shape == "admin":
        return []
    if isinstance(shape, tuple):
        return [in_region(_h.kelurahan_code, shape[1])]
    if shape in ("agency", "mentor"):
        column = _m.agency_code if shape == "agency" else _s.mentor_id
        name = f"scope_{shape}"
        return [column == bindparam(name, values.get(name), required=False)]
    return [false()]


def scope_clause(principal: Principal) -> ColumnElement[bool] | None:
    """The sessions `principal` may see; None means all (admin). Auditors are refused earlier."""
    where = _scope_by_shape(*scope_shape(principal))
    return where[0] if where else None


def _where(principal: Principal) -> list[ColumnElement[bool]]:
    scope = scope_clause(principal)
    return [] if scope is None else [scope]


# The list page, built once per shape (the caller's kind of scope, the filters present, the sort,
# whether a cursor continues it, JSON rows or plain ones); every value a bind parameter.
_FILTERS: dict[str, Callable[[BindParameter[Any]], ColumnElement[bool]]] = {
    "household_id": lambda p: _s.household_id == p,
    "mentor_id": lambda p: _s.mentor_id == p,
    "kecamatan_code": lambda p: _h.kecamatan_code == p,
    "occurred_from": lambda p: _s.occurred_at >= p,
    "occurred_to": lambda p: _s.occurred_at < p,
    "status": lambda p: _s.status == p,
    "flagged": lambda p: _s.flagged == p,
}


def _filtered(stmt: SelectT, shape: Any, present: tuple[str, ...]) -> SelectT:
    where = [_FILTERS[name](bindparam(f"f_{name}", required=False)) for name in present]
    return stmt.where(*_scope_by_shape(shape), *where)


@functools.lru_cache(maxsize=1024)
def _page_statement(shape: Any, present: tuple[str, ...], sort: str, after: bool) -> AnySelect:
    key, descending = parse_sort(sort, SORT_KEYS)
    stmt = _filtered(select(*_READ_COLUMNS).select_from(_FROM), shape, present)
    return keyset_statement(stmt, key=key, descending=descending, id_column=_s.id, after=after)


@functools.lru_cache(maxsize=1024)
def _count_statement(shape: Any, present: tuple[str, ...]) -> AnySelect:
    return _filtered(select(func.count()).select_from(_FROM), shape, present)


async def list_page(
    session: AsyncSession,
    principal: Principal,
    filters: SessionFilters,
    sort: str,
    page: PageParams,
) -> tuple[list[dict[str, Any]], str | None, int | None]:
    """A page of `READ_FIELDS` values, the next cursor, and the total when asked: statements
    built once per shape of caller and set of filters, the filters' values bound."""
    shape, params = scope_shape(principal)
    present = []
    for name in _FILTERS:
        value = getattr(filters, name)
        if value is not None:
            present.append(name)
            params[f"f_{name}"] = value
    total = None
    if page.include_total:
        total = await session.scalar(_count_statement(shape, tuple(present)), params)
    kept, cursor = await keyset_page(
        session,
        lambda after: _page_statement(shape, tuple(present), sort, after),
        params,
        page=page,
        sort=sort,
        keys=SORT_KEYS,
    )
    return list(kept), cursor, total


async def get_values(
    session: AsyncSession, principal: Principal, session_id: uuid.UUID
) -> RowMapping | None:
    stmt = select(*_READ_COLUMNS).select_from(_FROM).where(_s.id == session_id, *_where(principal))
    return (await session.execute(stmt)).mappings().one_or_none()


# A session with its action items in one read: one row per action (or one with no action).
ACTION_FIELDS = tuple(c.key for c in _ai)
_SESSION_WIDTH = len(READ_FIELDS)


@functools.lru_cache(maxsize=512)
def _with_actions_statement(shape: Any) -> AnySelect:
    """Sessions among the value `ids` in the caller's scope with their actions, built once per
    shape of caller."""
    joined = _FROM.outerjoin(ActionItem.__table__, _ai.session_id == _s.id)
    return (
        select(*_READ_COLUMNS, *_ai)
        .select_from(joined)
        .where(_s.id.in_(bindparam("ids", expanding=True)), *_scope_by_shape(shape))
        .order_by(_s.id, _ai.position)
    )


async def with_actions(
    session: AsyncSession, principal: Principal, ids: Sequence[uuid.UUID]
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The sessions among `ids` the caller may see, each with its action items in order, as
    plain values: one read."""
    if not ids:
        return []
    shape, params = scope_shape(principal)
    params["ids"] = list(ids)
    rows = await session.execute(_with_actions_statement(shape), params)
    out: dict[Any, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for row in rows:
        found = out.get(row[0])
        if found is None:
            values = dict(zip(READ_FIELDS, row[:_SESSION_WIDTH], strict=True))
            found = out[row[0]] = (values, [])
        if row[_SESSION_WIDTH] is not None:  # the outer join's "no action" row
            found[1].append(dict(zip(ACTION_FIELDS, row[_SESSION_WIDTH:], strict=True)))
    return list(out.values())


def _taken(column: Any) -> Any:
    """What the session with the requested id holds, if the id is taken."""
    return select(column).where(_s.id == bindparam("session_id", required=False)).scalar_subquery()


# Everything a new session needs, in one read: the mentor's own assignment (none: not its own)
# with its household, both locked as assignment changes lock them, and its mentor; and whether
# the id the phone chose is taken, by whom and with what body.
_TARGET = (
    select(
        _a.id,
        _a.status,
        _a.started_at,
        _a.household_id,
        _m.agency_code,
        _m.name.label("mentor_name"),
        _h.kecamatan_code,
        _h.head_name.label("household_head_name"),
        _h.lat.label("household_lat"),
        _h.lon.label("household_lon"),
        _h.status.label("household_status"),
        _taken(_s.mentor_id).label("taken_by"),
        _taken(_s.request_hash).label("taken_hash"),
    )
    .select_from(
        Assignment.__table__.join(Household.__table__, _h.id == _a.household_id).join(
            Mentor.__table__, _m.id == _a.mentor_id
        )
    )
    .where(
        _a.id == bindparam("assignment_id", required=False),
        _a.mentor_id == bindparam("mentor_id", required=False),
    )
    # The household, then the assignment: the system-wide lock order. Locking the assignment too
    # means a visit that waited for an end (which holds the household) reads it ended: 409.
    # SQLite: writers are serialised anyway.
    .with_for_update(of=(Household.__table__, Assignment.__table__))
)


async def target_for_create(
    session: AsyncSession,
    mentor_id: uuid.UUID,
    assignment_id: uuid.UUID,
    session_id: uuid.UUID | None,
) -> RowMapping | None:
    """The mentor's assignment with what a new session of it needs, its household locked; None
    when it is not this mentor's. `taken_by`/`taken_hash`: the owner and request hash of
    `session_id` when that id is taken (as seen before the lock was granted)."""
    params = {"assignment_id": assignment_id, "mentor_id": mentor_id, "session_id": session_id}
    return (await session.execute(_TARGET, params)).mappings().one_or_none()


@functools.lru_cache(maxsize=2)
def _insert_statement(dialect: str) -> Any:
    """INSERT that does nothing when the id is taken (a twin request committed first, or the id
    is someone else's): RETURNING tells which, without an error that would end the transaction."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    return (
        insert(cast(Table, MentoringSession.__table__))
        .on_conflict_do_nothing(index_elements=[_s.id])
        .returning(_s.id)
    )


async def insert(session: AsyncSession, row: dict[str, Any]) -> bool:
    """Insert a session given whole (id, version, timestamps); False if its id is taken."""
    stmt = _insert_statement(session.get_bind().dialect.name)
    return (await session.execute(stmt, row)).first() is not None


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
