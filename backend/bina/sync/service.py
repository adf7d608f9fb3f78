"""Delta sync: a full snapshot of the caller's scope (no cursor), then every change since.

What a phone gets:
- `upsert` with the object as its own GET shows it to the caller (identifiers masked, agency
  admins' sessions redacted), or `delete` when the object is gone or left the caller's scope.
- Several changes of one object in a page are one entry with its latest state.
- A mentor who gains a household (a new active assignment) gets all of it at once: the
  household with its members, its own assignments and sessions, the action items and
  assessments. A mentor who loses one gets `delete` for the same set, and nothing of it after.
- Tombstone policy: a caller is only ever told about ids of its scope. A mentor gets deletes of
  a lost household only if it really held it (an active assignment, since ended); a proposal
  that never became active tells it nothing. Coordinators get deletes for rows that were in
  their region when deleted. A household `delete` means: drop it and everything under it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bina.action_items import service as action_service
from bina.assessments import service as assessment_service
from bina.assignments import service as assignment_service
from bina.config import Settings
from bina.db import create_engine, create_sessionmaker
from bina.errors import Gone, InvalidCursor
from bina.households import service as household_service
from bina.kit.pagination import decode_cursor, encode_cursor
from bina.mentoring_sessions import service as session_service
from bina.mentoring_sessions.schemas import SessionRead
from bina.models import SYNC_TYPES
from bina.models.base import utcnow
from bina.security.principal import Principal, Role
from bina.sync import repository
from bina.sync.repository import Change
from bina.sync.schemas import ENTRY_OF, Entry, SyncData, SyncPage

_CURSOR_KIND = "sync"
_SNAPSHOT = re.compile(r"\d+:\d+:(\d+(,\d+)*)?")
Key = tuple[str, uuid.UUID]
# Each domain's `read_many`: the objects as their GET builds them for the caller.
Reader = Callable[
    [AsyncSession, Principal, Sequence[uuid.UUID]], Awaitable[Mapping[uuid.UUID, SyncData]]
]
InScopeReader = Callable[..., Awaitable[Mapping[uuid.UUID, SyncData]]]
# What `_read` checks against the sync scope when the keys are not known to be in it. Sync keeps
# less than the domains' GET shows for assignments and sessions (a mentor's own of households it
# holds NOW; GET also shows those of households it held once); action items and assessments are
# read here by id alone. Households check their own scope in their read.
_CHECKED_HERE = frozenset({"assignment", "mentoring_session", "action_item", "assessment"})


@dataclass(frozen=True, slots=True)
class Watermark:
    """Every change in scope with `id <= last_id` whose transaction had ended in `snapshot`
    has been delivered."""

    last_id: int
    snapshot: str | None  # PostgreSQL only: pg_snapshot as text


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """Where a full sync stands: the type being listed and the last id sent."""

    type_index: int
    after: uuid.UUID | None


def _encode(principal: Principal, mark: Watermark, snapshot: _Snapshot | None) -> str:
    position = [snapshot.type_index, str(snapshot.after or "")] if snapshot else []
    key = [principal.caller_key, mark.last_id, mark.snapshot, *position]
    return encode_cursor({"s": _CURSOR_KIND, "k": key})


def _decode(cursor: str, principal: Principal) -> tuple[Watermark, _Snapshot | None]:
    key = decode_cursor(cursor, sort=_CURSOR_KIND)  # 400 when forged or damaged
    try:
        user, last_id, snap, *position = key
        if user != principal.caller_key:
            raise ValueError("another caller's cursor")
        if snap is not None and not _SNAPSHOT.fullmatch(snap):
            raise ValueError("not a snapshot")
        mark = Watermark(int(last_id), snap)
        if not position:
            return mark, None
        type_index, after = position
        return mark, _Snapshot(int(type_index), uuid.UUID(after) if after else None)
    except (ValueError, TypeError) as exc:
        raise InvalidCursor(
            "This sync cursor is not yours or not valid; sync again without it."
        ) from exc


def next_watermark(
    mark: Watermark, page: Sequence[Change], snapshot: str | None, full: bool
) -> Watermark:
    """The cursor after delivering `page`: the first changes, in id order, of those ended in
    `snapshot` with `id > mark.last_id` or not ended in `mark.snapshot`.

    Not full: every change ended in `snapshot` is delivered now or was before, up to the highest
    id seen. Full: everything ended in `snapshot` up to the page's last id is delivered (the
    window is taken in id order; rows outside it were delivered before), so that id is the new
    mark even if lower than the old one: a later read may repeat a few rows (an upsert twice is
    harmless), never skip one.
    """
    ids = [c.id for c in page]
    if snapshot is None:  # SQLite: id order is commit order
        return Watermark(max([mark.last_id, *ids]), None)
    return Watermark(ids[-1] if full else max([mark.last_id, *ids]), snapshot)


def _in_scope(read: InScopeReader) -> Reader:
    """A domain's `read_many` for ids this module has checked to be in the caller's scope."""

    async def reader(
        session: AsyncSession, principal: Principal, ids: Sequence[uuid.UUID]
    ) -> Mapping[uuid.UUID, SyncData]:
        return await read(session, principal, ids, in_scope=True)

    return reader


# Each domain's own read (what its GET answers), for many ids at once.
_READERS: dict[str, Reader] = {
    "household": household_service.read_many,
    "assignment": assignment_service.read_many,
    "mentoring_session": session_service.read_many,
    "action_item": _in_scope(action_service.read_many),
    "assessment": _in_scope(assessment_service.read_many),
}


async def _read(
    session: AsyncSession, principal: Principal, keys: Sequence[Key], *, scoped: bool
) -> dict[Key, SyncData]:
    """Current data of the objects the caller keeps, through each domain's own read (each the
    model its GET answers, built with the caller's view)."""
    out: dict[Key, SyncData] = {}
    for entity_type in SYNC_TYPES:
        ids = list(dict.fromkeys(i for t, i in keys if t == entity_type))
        if entity_type == "action_item" and ids:
            ids = _read_with_sessions(out, ids)
        if not ids:
            continue
        if not scoped and entity_type in _CHECKED_HERE:
            kept = set(await repository.ids_in_scope(session, principal, entity_type, among=ids))
            ids = [i for i in ids if i in kept]
        found = await _READERS[entity_type](session, principal, ids)
        out |= {(entity_type, i): data for i, data in found.items()}
    return out


def _read_with_sessions(out: dict[Key, SyncData], ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """Take the action items among `ids` that came with their session, read just before in the
    same page (a visit is usually sent with what was agreed at it), into `out`; the rest are left
    to read. What a session shows of its actions is their own GET, and whoever may keep the
    session keeps them (they hang off its household); redacted sessions show none."""
    with_sessions = {
        action.id: action
        for data in out.values()
        if isinstance(data, SessionRead)
        for action in data.actions
    }
    out |= {("action_item", i): with_sessions[i] for i in ids if i in with_sessions}
    return [i for i in ids if i not in with_sessions]


async def _entries(
    session: AsyncSession,
    principal: Principal,
    keys: Sequence[Key],
    gone: set[Key],
    *,
    scoped: bool = False,
) -> list[Entry]:
    """Entries for `keys` (`scoped`: already known to be in the caller's sync scope)."""
    data = await _read(session, principal, [k for k in keys if k not in gone], scoped=scoped)
    items: list[Entry] = []
    for entity_type, entity_id in dict.fromkeys(keys):
        found = None if (entity_type, entity_id) in gone else data.get((entity_type, entity_id))
        entry = ENTRY_OF[entity_type]
        if found is None:
            items.append(entry(id=entity_id, op="delete", version=None, data=None))
        else:
            items.append(entry(id=entity_id, op="upsert", version=found.version, data=found))
    return items


def _page(items: list[Entry], cursor: str, has_more: bool) -> SyncPage:
    return SyncPage.model_validate({"items": items, "next_cursor": cursor, "has_more": has_more})


async def _snapshot_page(
    session: AsyncSession, principal: Principal, mark: Watermark, at: _Snapshot, limit: int
) -> SyncPage:
    keys: list[Key] = []
    position: _Snapshot | None = at
    while position is not None and position.type_index < len(SYNC_TYPES):
        room = limit - len(keys)
        entity_type = SYNC_TYPES[position.type_index]
        ids = await repository.ids_in_scope(
            session, principal, entity_type, after=position.after, limit=room + 1
        )
        keys += [(entity_type, i) for i in ids[:room]]
        if len(ids) > room:  # the page is full and this type goes on
            position = _Snapshot(position.type_index, keys[-1][1] if room else position.after)
            break
        position = _Snapshot(position.type_index + 1, None)
    else:
        position = None  # the snapshot is complete: changes since its start come next
    # Objects gone between listing and reading were never sent: nothing to delete.
    entries = await _entries(session, principal, keys, set(), scoped=True)
    items = [i for i in entries if i.op == "upsert"]
    return _page(items, _encode(principal, mark, position), position is not None)


async def _mentor_keys(
    session: AsyncSession, mentor_id: uuid.UUID, page: Sequence[Change]
) -> tuple[list[Key], set[Key]]:
    """The page's objects for a mentor, with a household gained sent whole and one lost
    deleted whole; returns the keys in order and those to delete."""
    pairs = [c for c in page if c.entity_type == "assignment" and c.mentor_id == mentor_id]
    held_now, held_once = await repository.households_held(
        session, mentor_id, (c.household_id for c in pairs if c.household_id)
    )
    # An assignment row deleted (its household or mentor was deleted): the pair existed.
    held_once |= {c.household_id for c in pairs if c.op == "delete" and c.household_id}
    held_once -= held_now
    keys: list[Key] = []
    gone: set[Key] = set()
    for change in page:
        household = change.household_id
        if change not in pairs or household is None:
            keys.append((change.entity_type, change.entity_id))
        elif household in held_now or household in held_once:
            whole = await repository.of_household(session, mentor_id, household)
            keys += [*whole, (change.entity_type, change.entity_id)]
            if household in held_once:
                gone |= {*whole, (change.entity_type, change.entity_id)}
        # else: a proposal that never became active — nothing to tell.
    return keys, gone


async def _changes_page(
    session: AsyncSession, principal: Principal, mark: Watermark, limit: int
) -> SyncPage:
    since = await repository.changes_since(
        session,
        principal,
        after_id=mark.last_id,
        old_snapshot=mark.snapshot,
        limit=limit + 1,
    )
    if mark.last_id < since.horizon:
        raise _expired()
    full = len(since.changes) > limit
    page = since.changes[:limit]
    if principal.role == Role.MENTOR and principal.mentor_id:
        keys, gone = await _mentor_keys(session, principal.mentor_id, page)
        # A mentor's page is already its sync scope, checked against its assignments as they
        # are now (its own sessions and pairs of households it holds; what a gained household
        # brings is read by scope): no second check per object.
        items = await _entries(session, principal, keys, gone, scoped=True)
    else:
        keys = [(c.entity_type, c.entity_id) for c in page]
        items = await _entries(session, principal, keys, set())
    return _page(
        items, _encode(principal, next_watermark(mark, page, since.snapshot, full), None), full
    )


def _expired() -> Gone:
    return Gone(
        "Changes since this cursor are no longer kept; sync again from zero (no cursor).",
        extra={"code": "sync_cursor_expired"},
    )


async def sync(
    session: AsyncSession, principal: Principal, cursor: str | None, limit: int
) -> SyncPage:
    if cursor is None:  # a first sync: everything in scope, then changes from here on
        snap, last_id, horizon = await repository.position(session)
        mark = Watermark(max(last_id, horizon), snap)
        return await _snapshot_page(session, principal, mark, _Snapshot(0, None), limit)
    mark, snapshot = _decode(cursor, principal)
    if snapshot is None:  # the usual call: changes since the last sync, in one read
        return await _changes_page(session, principal, mark, limit)
    _snap, _last_id, horizon = await repository.position(session)
    if mark.last_id < horizon:  # a first sync paged so slowly that the log was pruned since
        raise _expired()
    return await _snapshot_page(session, principal, mark, snapshot, limit)


async def prune(session: AsyncSession, retention_days: int, now: datetime | None = None) -> int:
    """Drop changes older than the retention (the worker or `bina sync prune` calls it)."""
    before = (now or utcnow()) - timedelta(days=retention_days)
    return await repository.prune(session, before)


async def prune_log(settings: Settings, retention_days: int) -> int:
    """`prune` in a transaction of its own, for the command line."""
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return await prune(session, retention_days)
    finally:
        await engine.dispose()
