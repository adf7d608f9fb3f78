"""Emitting events: `emit(session, "household.updated", ids)` where a change is made, in its
transaction. For every active endpoint subscribed to the type whose owner may read the object,
one delivery whose `data` is the object as that owner reads it — through the domain's own read
(`read_many`, the same read schemas and visibility rules as its GET) — and its job.

Who an endpoint's owner is: the admin who registered it (while that account is an active admin),
or the integration client that registered it (while not revoked), with the client's scopes and
region codes; a client needs the event type's read scope.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit.repository import id_chunks
from bina.models.base import utcnow
from bina.security.principal import Principal, Role
from bina.security.scopes import ALL_SCOPES, Scope
from bina.webhooks import outbox, repository
from bina.webhooks.signing import new_message_id


def subscriber(row: Any) -> Principal | None:
    """The owner of an endpoint as a caller, or None when it may read nothing now."""
    if row.owner_client_id is not None:
        if row.client_revoked_at is not None:
            return None
        scopes = frozenset(Scope(s) for s in row.client_scopes if s in ALL_SCOPES)
        return Principal.of_client(
            row.owner_client_id, row.client_name, row.client_agency, scopes, row.client_regions
        )
    if not row.user_active or row.user_role != Role.ADMIN.value:
        return None
    return Principal(
        user_id=row.created_by,
        role=Role.ADMIN,
        email=row.user_email,
        agency_code=row.user_agency,
        region_code=row.user_region,
        mentor_id=None,
    )


async def emit(session: AsyncSession, event_type: str, ids: Sequence[uuid.UUID]) -> None:
    """Queue `event_type` about each of `ids` (changed and flushed in this transaction) to
    every endpoint that subscribes to it and whose owner may read the object."""
    # The catalogue reads through the domains' services, and the domains call `emit`: it is
    # imported when an event is emitted rather than when this module is.
    from bina.webhooks.catalog import EVENTS

    if not ids:
        return
    kind = EVENTS[event_type]  # a KeyError here is a typo in the caller: fail loudly
    audience: dict[str, tuple[Principal, list[uuid.UUID]]] = {}
    for row in await repository.subscribers(session):
        if event_type not in row.event_types:
            continue
        principal = subscriber(row)
        if principal is None or (principal.is_client and kind.scope not in principal.scopes):
            continue
        audience.setdefault(principal.caller_key, (principal, []))[1].append(row.id)
    if not audience:
        return
    now = utcnow()
    message_ids: dict[uuid.UUID, str] = {}
    rows: list[dict[str, Any]] = []
    for principal, endpoint_ids in audience.values():
        for chunk in id_chunks(ids):
            for object_id, model in (await kind.read(session, principal, chunk)).items():
                message_id = message_ids.setdefault(object_id, new_message_id())
                body = outbox.envelope(event_type, now, model.model_dump(mode="json"))
                rows += [
                    outbox.delivery(endpoint_id, message_id, event_type, object_id, body, now)
                    for endpoint_id in endpoint_ids
                ]
    await outbox.queue(session, rows)
