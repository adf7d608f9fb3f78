"""Record audit events in the caller's transaction, or detached when that transaction fails."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bina.audit import repository
from bina.audit.schemas import AuditEventFilters, AuditEventList, AuditEventRead
from bina.kit.context import request_id
from bina.kit.pagination import PageParams
from bina.models import AuditEvent
from bina.security.principal import Principal

logger = logging.getLogger("bina.audit")


def _event(
    principal: Principal | None,
    action: str,
    object_type: str | None,
    object_id: uuid.UUID | str | None,
    detail: dict[str, Any] | None,
) -> AuditEvent:
    return AuditEvent(
        actor_id=principal.actor_id if principal else None,
        actor_role=principal.actor_role if principal else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        request_id=request_id.get(),
        detail=detail or {},
    )


def record(
    session: AsyncSession,
    principal: Principal | None,
    action: str,
    object_type: str | None = None,
    object_id: uuid.UUID | str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an event to the current transaction: it commits (or not) with the change it records."""
    session.add(_event(principal, action, object_type, object_id, detail))


SPECIFIC_READ = "household.specific_read"
_SPECIFIC_RECORDED = "bina.specific_read"  # Session.info: households already recorded


def record_specific_read(
    session: AsyncSession, principal: Principal, household_ids: Iterable[uuid.UUID]
) -> None:
    """One event per household and reader whose specific personal data (UU 27/2022 art. 4:
    health, disability, JKN, children's schooling) this transaction shows, however many parts
    of the answer show it, so the data-subject access report can say who read a family's health
    data. The reader is the caller, or the owner of a webhook endpoint the change is sent to.
    The request must write (`bina.db.audited_read` on a GET)."""
    recorded: set[tuple[str, uuid.UUID]] = session.info.setdefault(_SPECIFIC_RECORDED, set())
    for household_id in dict.fromkeys(household_ids):
        if (principal.caller_key, household_id) not in recorded:
            recorded.add((principal.caller_key, household_id))
            record(session, principal, SPECIFIC_READ, "household", household_id)


async def record_detached(
    maker: async_sessionmaker[AsyncSession],
    principal: Principal | None,
    action: str,
    object_type: str | None = None,
    object_id: uuid.UUID | str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record in a transaction of its own (e.g. a refused request, whose own one rolls back)."""
    try:
        async with maker() as session, session.begin():
            session.add(_event(principal, action, object_type, object_id, detail))
    except Exception:  # an audit failure must not turn a 403 into a 500; it is logged loudly
        logger.exception("could not record audit event %s", action)


async def events_about(session: AsyncSession, object_ids: Sequence[str]) -> list[AuditEventRead]:
    """The whole trail of some objects (say, a household and everything recorded about it)."""
    return [_named(*row) for row in await repository.events_about(session, object_ids)]


def _named(event: Any, name: str | None, email: str | None) -> AuditEventRead:
    read = AuditEventRead.model_validate(event)
    return read.model_copy(update={"actor_name": name, "actor_email": email})


async def list_events(
    session: AsyncSession, filters: AuditEventFilters, page: PageParams
) -> AuditEventList:
    rows, cursor, total = await repository.list_events(session, filters, page)
    items = [_named(event, name, email) for event, name, email in rows]
    return AuditEventList(items=items, next_cursor=cursor, total=total)
