"""The callers this process has checked, kept in memory while PostgreSQL tells it of every change.

Every authenticated request reads its caller's row (role, scope, active, token generation), so
a deactivation or a role change takes effect at once. On PostgreSQL that read is one more round
trip and statement per request; here the row is kept instead, and dropped the moment it may have
changed:

- a trigger NOTIFYs channel `bina_users` with the user's id (`*` on TRUNCATE) when a checked
  column changes or the row is deleted, in commit order, to every listening process;
- this process's own ORM writes to users drop the rows at their commit, before the answer is
  sent (so the next request, here, never races the notification);
- rows are only served while the listening connection is up: it is checked every few seconds,
  and when it is lost everything is dropped and reads go to the database until it is back;
- a row read while a change was on its way is not kept (an epoch counts the drops).

SQLite has no notifications: there every request reads the row (no cache is made).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from bina.models import User

CHANNEL = "bina_users"
HEARTBEAT_SECONDS = 5.0
MAX_ENTRIES = 100_000  # beyond every ASN of the city; then start afresh
_CHANGED = "bina.users_changed"  # Session.info: user ids written, or None for "any"

log = logging.getLogger(__name__)
_caches: set[CallerCache] = set()


class CallerCache:
    """Caller rows by user id, valid while `live`. `connect` opens a listening connection."""

    def __init__(self, connect: Callable[[], Awaitable[Any]]) -> None:
        self._connect = connect
        self._rows: dict[uuid.UUID, tuple[Any, ...]] = {}
        self._epoch = 0
        self._live = False
        self._task: asyncio.Task[None] | None = None

    @property
    def live(self) -> bool:
        return self._live

    @property
    def epoch(self) -> int:
        """Take it before reading a row from the database; give it back to `put`."""
        return self._epoch

    def get(self, user_id: uuid.UUID) -> tuple[Any, ...] | None:
        return self._rows.get(user_id) if self._live else None

    def put(self, user_id: uuid.UUID, row: tuple[Any, ...], epoch: int) -> None:
        """Keep a row read from the database, unless anything was dropped since `epoch` was
        taken (the row may predate a change whose notice has already gone by)."""
        if not self._live or epoch != self._epoch:
            return
        if len(self._rows) >= MAX_ENTRIES:
            self._rows.clear()
        self._rows[user_id] = row

    def forget(self, user_ids: Iterable[uuid.UUID] | None) -> None:
        """Drop these callers (None: all of them)."""
        self._epoch += 1
        if user_ids is None:
            self._rows.clear()
            return
        for user_id in user_ids:
            self._rows.pop(user_id, None)

    def start(self) -> None:
        _caches.add(self)
        self._task = asyncio.create_task(self._listen_forever(), name="bina-caller-cache")

    async def stop(self) -> None:
        _caches.discard(self)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._down()

    def _down(self) -> None:
        self._live = False
        self.forget(None)

    def _notified(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            self.forget(None if payload == "*" else [uuid.UUID(payload)])
        except ValueError:
            self.forget(None)

    async def _listen_forever(self) -> None:
        delay = 1.0
        while True:
            try:
                await self._listen()
                delay = 1.0
            except asyncio.CancelledError:
                raise
            except Exception:  # whatever broke: serve from the database meanwhile
                log.warning("caller cache: listening failed; retrying in %.0f s", delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)

    async def _listen(self) -> None:
        conn = await self._connect()
        lost = asyncio.Event()
        try:
            conn.add_termination_listener(lambda _conn: lost.set())
            await conn.add_listener(CHANNEL, self._notified)
            # Listening from here on: a row read after this point is either current or its
            # change will be notified. Reads begun earlier may not be kept (new epoch).
            self.forget(None)
            self._live = True
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), HEARTBEAT_SECONDS)
                    break
                # A silent network loses no EOF: ask, and give up on the connection if it
                # does not answer in time.
                await asyncio.wait_for(conn.execute("SELECT 1"), HEARTBEAT_SECONDS)
        finally:
            self._down()
            conn.terminate()


def _forget_everywhere(user_ids: Iterable[uuid.UUID] | None) -> None:
    ids = None if user_ids is None else list(user_ids)
    for cache in list(_caches):
        cache.forget(ids)


@event.listens_for(Session, "after_flush")
def _users_flushed(session: Session, _context: Any) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, User):
            changed = session.info.setdefault(_CHANGED, set())
            if changed is not None:
                changed.add(obj.id)


@event.listens_for(Session, "do_orm_execute")
def _users_bulk_written(state: ORMExecuteState) -> None:
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper is not None and mapper.class_ is User:
        state.session.info[_CHANGED] = None  # which rows: unknown


@event.listens_for(Session, "after_commit")
def _users_committed(session: Session) -> None:
    if _CHANGED in session.info:
        _forget_everywhere(session.info.pop(_CHANGED))


@event.listens_for(Session, "after_rollback")
def _users_rolled_back(session: Session) -> None:
    session.info.pop(_CHANGED, None)
