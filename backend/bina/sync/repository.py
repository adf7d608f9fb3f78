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

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    and_,
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
from bina.security.principal import Principal, Role

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


def mentor_households(mentor_id: uuid.UUID) -> Select[uuid.UUID]:
    """The households a mentor holds now: those of its active assignments."""
    return select(Assignment.household_id).where(
        Assignment.mentor_id == mentor_id, Assignment.status == "active"
    )


def _households_in_scope(principal: Principal) -> Select[uuid.UUID] | bool | None:
    """Households whose data the caller keeps: a subquery, None for all, False for none."""
    match principal.role:
        case Role.ADMIN:
            return None
        case Role.COORDINATOR if principal.region_code:
            return select(Household.id).where(
                in_region(Household.kelurahan_code, principal.region_code)
            )
        case Role.MENTOR if principal.mentor_id:
            return mentor_households(principal.mentor_id)
    return False  # agency admins see mentors' work, not households; unlinked accounts nothing


def _entity_scope(principal: Principal, entity_type: str) -> ColumnElement[bool]:
    """Which rows of `entity_type` the caller keeps, as a condition on that table."""
    _, household_col, mentor_col = _TABLES[entity_type]
    if principal.role == Role.AGENCY_ADMIN:
        if mentor_col is None or not principal.agency_code:
            return false()
        agency = select(Mentor.id).where(Mentor.agency_code == principal.agency_code)
        return mentor_col.in_(agency)  # type: ignore[no-any-return]
    households = _households_in_scope(principal)
    if households is False:
        return false()
    where = true() if households is None else household_col.in_(households)
    if principal.role == Role.MENTOR and mentor_col is not None:
        where = and_(where, mentor_col == principal.mentor_id)  # its own visits and pairs
    return where


def _change_scope(principal: Principal) -> ColumnElement[bool]:
    """Which log rows concern the caller, from the scope recorded with each change (so a
    deletion still reaches those who held the row)."""
    match principal.role:
        case Role.ADMIN:
            return true()
        case Role.COORDINATOR if principal.region_code:
            return in_region(_c.kelurahan_code, principal.region_code)
        case Role.AGENCY_ADMIN if principal.agency_code:
            agency = select(Mentor.id).where(Mentor.agency_code == principal.agency_code)
            return and_(_c.entity_type.in_(_OF_PAIR), _c.mentor_id.in_(agency))
        case Role.MENTOR if principal.mentor_id:
            mine = mentor_households(principal.mentor_id)
            return or_(
                and_(_c.entity_type.in_(_OF_HOUSEHOLD), _c.household_id.in_(mine)),
                and_(
                    _c.entity_type == "mentoring_session",
                    _c.mentor_id == principal.mentor_id,
                    _c.household_id.in_(mine),
                ),
                # Its assignments wherever they are: gaining or losing a household.
                and_(_c.entity_type == "assignment", _c.mentor_id == principal.mentor_id),
            )
    return false()


# A snapshot is `xmin:xmax:in-flight,...`. A very busy server's list could make the cursor too
# long; then `xmin:xmin:` stands in: it calls every transaction from xmin on unfinished, which
# delays and repeats a few rows but never loses one.
_MAX_SNAPSHOT_TEXT = 200


async def position(session: AsyncSession) -> tuple[str | None, int, int]:
    """Where the log stands, in one statement (so one snapshot): the snapshot as text
    (PostgreSQL; None on SQLite), the last change id, and the pruning horizon (changes up to
    this id may be gone)."""
    is_pg = session.get_bind().dialect.name == "postgresql"
    snap = func.pg_current_snapshot().cast(Text) if is_pg else null()
    stmt = select(
        snap,
        select(func.max(_c.id)).scalar_subquery(),
        select(func.max(SyncPrune.up_to_id)).scalar_subquery(),
    )
    found, last_id, up_to = (await session.execute(stmt)).one()
    if found is not None and len(found) > _MAX_SNAPSHOT_TEXT:
        found = _shortened(found)
    return found, int(last_id or 0), int(up_to or 0)


def _shortened(snapshot: str) -> str:
    xmin = snapshot.split(":", 1)[0]
    return f"{xmin}:{xmin}:"


def _unended_in(snap: str | None) -> list[ColumnElement[bool]]:
    """Conditions for rows whose transaction had not ended in `snap`: begun after it (txid >=
    xmax) or in flight then (its list). Plain comparisons, so the txid index finds them."""
    if snap is None:
        return []
    _xmin, xmax, in_flight = snap.split(":")
    out = [_c.txid >= int(xmax)]
    if in_flight:
        out.append(_c.txid.in_([int(x) for x in in_flight.split(",")]))
    return out


@dataclass(frozen=True, slots=True)
class Since:
    """What one read of the log found: its snapshot (PostgreSQL), the pruning horizon, and the
    changes in the caller's scope not yet delivered, in id order."""

    snapshot: str | None
    horizon: int
    changes: list[Change]


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
    is_pg = session.get_bind().dialect.name == "postgresql"
    window = or_(_c.id > after_id, *_unended_in(old_snapshot))
    found = (
        select(_c.id, _c.entity_type, _c.entity_id, _c.household_id, _c.mentor_id, _c.op)
        .where(window, _change_scope(principal))
        .order_by(_c.id)
        .limit(limit)
        .subquery("found")
    )
    position = select(
        (func.pg_current_snapshot().cast(Text) if is_pg else null()).label("snapshot"),
        select(func.max(SyncPrune.up_to_id)).scalar_subquery().label("horizon"),
    ).subquery("position")
    stmt = (
        select(position, found).select_from(position.outerjoin(found, true())).order_by(found.c.id)
    )
    rows = (await session.execute(stmt)).all()
    snapshot, horizon = rows[0][0], int(rows[0][1] or 0)
    if snapshot is not None and len(snapshot) > _MAX_SNAPSHOT_TEXT:
        snapshot = _shortened(snapshot)
    return Since(snapshot, horizon, [Change(*row[2:]) for row in rows if row[2] is not None])


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
    id_col = _TABLES[entity_type][0]
    stmt = select(id_col).where(_entity_scope(principal, entity_type))
    if among is not None:
        if not among:
            return []
        stmt = stmt.where(id_col.in_(list(among)))
    if after is not None:
        stmt = stmt.where(id_col > after)
    if limit is not None:
        stmt = stmt.order_by(id_col).limit(limit)
    return list((await session.scalars(stmt)).all())


async def households_held(
    session: AsyncSession, mentor_id: uuid.UUID, household_ids: Iterable[uuid.UUID]
) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """Of `household_ids`: those the mentor holds now, and those it held once (ended)."""
    ids = list(set(household_ids))
    if not ids:
        return set(), set()
    stmt = select(Assignment.household_id, Assignment.status).where(
        Assignment.mentor_id == mentor_id,
        Assignment.household_id.in_(ids),
        Assignment.status.in_(("active", "ended")),
    )
    now: set[uuid.UUID] = set()
    once: set[uuid.UUID] = set()
    for household_id, status in await session.execute(stmt):
        (now if status == "active" else once).add(household_id)
    return now, once - now


async def of_households(
    session: AsyncSession, mentor_id: uuid.UUID, household_ids: Sequence[uuid.UUID]
) -> list[tuple[str, uuid.UUID]]:
    """Everything a mentor may keep of these households: the households, its own assignments
    and sessions, their action items and assessments, as (type, id)."""
    if not household_ids:
        return []
    out: list[tuple[str, uuid.UUID]] = [("household", h) for h in household_ids]
    for entity_type, (id_col, household_col, mentor_col) in _TABLES.items():
        if entity_type == "household":
            continue
        stmt = select(id_col).where(household_col.in_(list(household_ids)))
        if mentor_col is not None:
            stmt = stmt.where(mentor_col == mentor_id)
        out += [(entity_type, i) for i in (await session.scalars(stmt.order_by(id_col))).all()]
    return out


async def prune(session: AsyncSession, before: datetime) -> int:
    """Drop changes logged before `before`; remember how far, so older cursors get 410."""
    up_to = await session.scalar(select(func.max(_c.id)).where(_c.changed_at < before))
    if up_to is None:
        return 0
    result = await session.execute(delete(SyncChange).where(_c.id <= up_to))
    await session.execute(insert(SyncPrune).values(up_to_id=up_to))
    return int(result.rowcount)  # type: ignore[attr-defined]
