"""SQL for delta sync: the change log read in commit-safe order, the caller's sync scope, and
the log's pruning. Every read is restricted to what the caller may hold on a phone.

Commit-safe order. Log ids are taken at insert, but on PostgreSQL transactions commit in any
order: a reader that simply asks for `id > last` skips a row of a transaction that was still
running (id 7 commits after id 8 was read). So a read sees only rows whose transaction had
ended when its snapshot was taken (the statement's own snapshot, returned with the rows), and
the cursor keeps (last id, that snapshot). The next read takes, among rows visible in its own
snapshot, `id > last OR the row's transaction was not visible in the old snapshot`: rows of
transactions that were in flight last time come now, whatever their id. Transactions of other
databases or unrelated tables never hold anything back. After each read everything visible in
its snapshot with `id <= last` has been delivered (see `bina.sync.service.next_watermark`).
On SQLite writers are serialised (one write lock, see bina.db), so id order is commit order and
`txid` stays NULL.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    Select,
    Text,
    and_,
    bindparam,
    delete,
    false,
    func,
    insert,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit.pagination import AnySelect, written_limit
from bina.kit.regionsql import in_region
from bina.models import (
    ActionItem,
    Assessment,
    Assignment,
    Household,
    Mentor,
    MentoringSession,
    SyncChange,
    SyncPrune,
)
from bina.security.principal import Principal, scope_shape

_c = SyncChange.__table__.c
# Entity types hanging off a household (anyone who sees the household sees them), and the pairs
# of a mentor and a household (assignments, sessions: a mentor sees only its own).
_OF_HOUSEHOLD = ("household", "action_item", "assessment")
_OF_PAIR = ("assignment", "mentoring_session")
# type -> (table's id column, its household column, its mentor column or None)
_TABLES: dict[str, tuple[Any, Any, Any]] = {
    "household": (Household.id, Household.id, None),
    "assignment": (Assignment.id, Assignment.household_id, Assignment.mentor_id),
    "mentoring_session": (
        MentoringSession.id,
        MentoringSession.household_id,
        MentoringSession.mentor_id,
    ),
    "action_item": (ActionItem.id, ActionItem.household_id, None),
    "assessment": (Assessment.id, Assessment.household_id, None),
}


@dataclass(frozen=True, slots=True)
class Change:
    id: int
    entity_type: str
    entity_id: uuid.UUID
    household_id: uuid.UUID | None
    mentor_id: uuid.UUID | None
    op: str


# Statements are built once per shape (the caller's kind of scope, the dialect, which optional
# parts are present) with every varying value a bind parameter: building and cache-keying them
# per request cost more CPU than running them. A region code is part of a coordinator's shape
# (a bounded set); a mentor or agency is only ever a value.
Shape = Any


def _is_pg(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _one_of(column: Any, values: Sequence[str]) -> ColumnElement[bool]:
    # Not IN (...): a literal list is an "expanding" value, which only SQLAlchemy renders.
    return or_(*(column == v for v in values))


def _param(name: str) -> BindParameter[Any]:
    return bindparam(name, required=False)


def mentor_households(mentor: Any) -> Select[uuid.UUID]:
    """The households a mentor holds now: those of its active assignments."""
    return select(Assignment.household_id).where(
        Assignment.mentor_id == mentor, Assignment.status == "active"
    )


def _agency_mentors() -> Select[uuid.UUID]:
    return select(Mentor.id).where(Mentor.agency_code == _param("scope_agency"))


def _entity_scope(shape: Shape, entity_type: str) -> ColumnElement[bool]:
    """Which rows of `entity_type` the caller keeps, as a condition on that table."""
    _, household_col, mentor_col = _TABLES[entity_type]
    if shape == "agency":
        # Agency admins see mentors' work, not households.
        return false() if mentor_col is None else mentor_col.in_(_agency_mentors())
    if shape == "admin":
        return true()
    if isinstance(shape, tuple):
        return household_col.in_(  # type: ignore[no-any-return]
            select(Household.id).where(in_region(Household.kelurahan_code, shape[1]))
        )
    if shape == "mentor":
        where = household_col.in_(mentor_households(_param("scope_mentor")))
        if mentor_col is not None:  # its own visits and pairs
            where = and_(where, mentor_col == _param("scope_mentor"))
        return where  # type: ignore[no-any-return]
    return false()


def _change_scope(shape: Shape) -> ColumnElement[bool]:
    """Which log rows concern the caller, from the scope recorded with each change (so a
    deletion still reaches those who held the row)."""
    if shape == "admin":
        return true()
    if isinstance(shape, tuple):
        return in_region(_c.kelurahan_code, shape[1])
    if shape == "agency":
        return and_(_one_of(_c.entity_type, _OF_PAIR), _c.mentor_id.in_(_agency_mentors()))
    if shape == "mentor":
        me = _param("scope_mentor")
        mine = mentor_households(me)
        return or_(
            and_(_one_of(_c.entity_type, _OF_HOUSEHOLD), _c.household_id.in_(mine)),
            and_(
                _c.entity_type == "mentoring_session",
                _c.mentor_id == me,
                _c.household_id.in_(mine),
            ),
            # Its assignments wherever they are: gaining or losing a household.
            and_(_c.entity_type == "assignment", _c.mentor_id == me),
        )
    return false()


# A snapshot is `xmin:xmax:in-flight,...`. A very busy server's list could make the cursor too
# long; then `xmin:xmin:` stands in: it calls every transaction from xmin on unfinished, which
# delays and repeats a few rows but never loses one.
_MAX_SNAPSHOT_TEXT = 200


def _snapshot_now(postgresql: bool) -> ColumnElement[Any]:
    return func.pg_current_snapshot().cast(Text) if postgresql else null()


_HORIZON = select(func.max(SyncPrune.up_to_id)).scalar_subquery()


@functools.lru_cache(maxsize=2)
def _position_statement(postgresql: bool) -> AnySelect:
    return select(_snapshot_now(postgresql), select(func.max(_c.id)).scalar_subquery(), _HORIZON)


async def position(session: AsyncSession) -> tuple[str | None, int, int]:
    """Where the log stands, in one statement (so one snapshot): the snapshot as text
    (PostgreSQL; None on SQLite), the last change id, and the pruning horizon (changes up to
    this id may be gone)."""
    stmt = _position_statement(_is_pg(session))
    found, last_id, up_to = (await session.execute(stmt)).one()
    if found is not None and len(found) > _MAX_SNAPSHOT_TEXT:
        found = _shortened(found)
    return found, int(last_id or 0), int(up_to or 0)


def _shortened(snapshot: str) -> str:
    xmin = snapshot.split(":", 1)[0]
    return f"{xmin}:{xmin}:"


def _unended(snapshot: str | None) -> dict[str, Any]:
    """Values for the rows whose transaction had not ended in `snapshot`: begun after it (txid
    >= xmax) or in flight then (its list)."""
    if snapshot is None:
        return {}
    _xmin, xmax, in_flight = snapshot.split(":")
    return {
        "old_xmax": int(xmax),
        "old_in_flight": [int(x) for x in in_flight.split(",")] if in_flight else [],
    }


@dataclass(frozen=True, slots=True)
class Since:
    """What one read of the log found: its snapshot (PostgreSQL), the pruning horizon, and the
    changes in the caller's scope not yet delivered, in id order."""

    snapshot: str | None
    horizon: int
    changes: list[Change]


@functools.lru_cache(maxsize=512)
def _changes_statement(shape: Shape, postgresql: bool, old_snapshot: bool, limit: int) -> AnySelect:
    """The log read of `changes_since` for one shape. The old snapshot's conditions are plain
    comparisons (txid >= xmax, txid = ANY(in-flight)), so the txid index finds them."""
    window = _c.id > bindparam("after_id", type_=BigInteger, required=False)
    if old_snapshot:
        window = or_(
            window,
            _c.txid >= bindparam("old_xmax", type_=BigInteger, required=False),
            _c.txid.in_(bindparam("old_in_flight", expanding=True)),
        )
    found = (
        select(_c.id, _c.entity_type, _c.entity_id, _c.household_id, _c.mentor_id, _c.op)
        .where(window, _change_scope(shape))
        .order_by(_c.id)
        .limit(written_limit(limit))
        .subquery("found")
    )
    position = select(
        _snapshot_now(postgresql).label("snapshot"), _HORIZON.label("horizon")
    ).subquery("position")
    return (
        select(position, found).select_from(position.outerjoin(found, true())).order_by(found.c.id)
    )


async def changes_since(
    session: AsyncSession,
    principal: Principal,
    *,
    after_id: int,
    old_snapshot: str | None,
    limit: int,
) -> Since:
    """Up to `limit` undelivered changes with the snapshot they were read in, in ONE statement:
    every row it returns is visible in that statement's own snapshot, i.e. its transaction had
    ended when the snapshot was taken, which is what the cursor's snapshot must promise. (An
    autocommit read takes a new snapshot per statement, so a separate `position()` would have
    to filter with `pg_visible_in_snapshot`.) A LEFT JOIN keeps the snapshot when nothing is
    new."""
    postgresql = _is_pg(session)
    shape, params = scope_shape(principal)
    params |= {"after_id": after_id} | _unended(old_snapshot)
    stmt = _changes_statement(shape, postgresql, old_snapshot is not None, limit)
    rows = (await session.execute(stmt, params)).all()
    snapshot, horizon = rows[0][0], int(rows[0][1] or 0)
    if snapshot is not None and len(snapshot) > _MAX_SNAPSHOT_TEXT:
        snapshot = _shortened(snapshot)
    return Since(snapshot, horizon, [Change(*row[2:]) for row in rows if row[2] is not None])


@functools.lru_cache(maxsize=2048)
def _ids_statement(
    shape: Shape, entity_type: str, among: bool, after: bool, limit: int | None
) -> AnySelect:
    id_col = _TABLES[entity_type][0]
    stmt = select(id_col).where(_entity_scope(shape, entity_type))
    if among:
        stmt = stmt.where(id_col.in_(bindparam("among", expanding=True)))
    if after:
        stmt = stmt.where(id_col > bindparam("after", type_=id_col.type, required=False))
    if limit is not None:
        stmt = stmt.order_by(id_col).limit(written_limit(limit))
    return stmt


async def ids_in_scope(
    session: AsyncSession,
    principal: Principal,
    entity_type: str,
    *,
    among: Sequence[uuid.UUID] | None = None,
    after: uuid.UUID | None = None,
    limit: int | None = None,
) -> list[uuid.UUID]:
    """Ids of `entity_type` the caller keeps: those `among` given, or all after `after`."""
    if among is not None and not among:
        return []
    shape, params = scope_shape(principal)
    if among is not None:
        params["among"] = list(among)
    if after is not None:
        params["after"] = after
    stmt = _ids_statement(shape, entity_type, among is not None, after is not None, limit)
    return list((await session.scalars(stmt, params)).all())


_HELD = select(Assignment.household_id, Assignment.status).where(
    Assignment.mentor_id == bindparam("mentor_id"),
    Assignment.household_id.in_(bindparam("household_ids", expanding=True)),
    _one_of(Assignment.status, ("active", "ended")),
)


async def households_held(
    session: AsyncSession, mentor_id: uuid.UUID, household_ids: Iterable[uuid.UUID]
) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """Of `household_ids`: those the mentor holds now, and those it held once (ended)."""
    ids = list(set(household_ids))
    if not ids:
        return set(), set()
    params = {"mentor_id": mentor_id, "household_ids": ids}
    now: set[uuid.UUID] = set()
    once: set[uuid.UUID] = set()
    for household_id, status in await session.execute(_HELD, params):
        (now if status == "active" else once).add(household_id)
    return now, once - now


@functools.lru_cache(maxsize=16)
def _of_household_statement(entity_type: str) -> AnySelect:
    id_col, household_col, mentor_col = _TABLES[entity_type]
    stmt = select(id_col).where(household_col == bindparam("household_id", required=False))
    if mentor_col is not None:
        stmt = stmt.where(mentor_col == bindparam("mentor_id", required=False))
    return stmt.order_by(id_col)


async def of_household(
    session: AsyncSession, mentor_id: uuid.UUID, household_id: uuid.UUID
) -> list[tuple[str, uuid.UUID]]:
    """Everything a mentor may keep of a household: the household, its own assignments and
    sessions, their action items and assessments, as (type, id)."""
    out: list[tuple[str, uuid.UUID]] = [("household", household_id)]
    params = {"household_id": household_id, "mentor_id": mentor_id}
    for entity_type in _TABLES:
        if entity_type != "household":
            rows = await session.scalars(_of_household_statement(entity_type), params)
            out += [(entity_type, entity_id) for entity_id in rows]
    return out


async def prune(session: AsyncSession, before: datetime) -> int:
    """Drop changes logged before `before`; remember how far, so older cursors get 410."""
    up_to = await session.scalar(select(func.max(_c.id)).where(_c.changed_at < before))
    if up_to is None:
        return 0
    result = await session.execute(delete(SyncChange).where(_c.id <= up_to))
    await session.execute(insert(SyncPrune).values(up_to_id=up_to))
    return int(result.rowcount)  # type: ignore[attr-defined]
