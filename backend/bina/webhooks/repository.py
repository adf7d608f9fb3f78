"""SQL for webhooks: endpoints in the caller's reach, the subscribers of an event, the outbox
(written in bulk), what a delivery attempt needs and what it leaves behind."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit.pagination import PageParams, SortKey, counted_page
from bina.kit.repository import CHUNK
from bina.models import IntegrationClient, User, WebhookDelivery, WebhookEndpoint
from bina.security.principal import Principal

ENDPOINTS = cast(Table, WebhookEndpoint.__table__)
DELIVERIES = cast(Table, WebhookDelivery.__table__)
_e = ENDPOINTS.c
_d = DELIVERIES.c
_u = cast(Table, User.__table__).c
_c = cast(Table, IntegrationClient.__table__).c

ENDPOINT_SORT = {"created_at": SortKey("created_at", _e.created_at, datetime)}
DELIVERY_SORT = {"created_at": SortKey("created_at", _d.created_at, datetime)}
_ENDPOINT_FIELDS = tuple(c for c in ENDPOINTS.c if c.key not in ("secret", "previous_secret"))


def _owned(principal: Principal) -> list[ColumnElement[bool]]:
    """A client reaches only its own endpoints; an admin reaches all."""
    return [_e.owner_client_id == principal.client_id] if principal.is_client else []


async def get(
    session: AsyncSession, principal: Principal, endpoint_id: uuid.UUID, *, for_update: bool
) -> WebhookEndpoint | None:
    stmt = select(WebhookEndpoint).where(_e.id == endpoint_id, *_owned(principal))
    if for_update:
        stmt = stmt.with_for_update()
    endpoint: WebhookEndpoint | None = await session.scalar(
        stmt.execution_options(populate_existing=True)
    )
    return endpoint


def add(session: AsyncSession, endpoint: WebhookEndpoint) -> None:
    session.add(endpoint)


async def list_page(
    session: AsyncSession, principal: Principal, page: PageParams
) -> tuple[Sequence[dict[str, Any]], str | None, int | None]:
    stmt = select(*_ENDPOINT_FIELDS).where(*_owned(principal))
    return await counted_page(
        session, stmt, keys=ENDPOINT_SORT, sort="-created_at", id_column=_e.id, page=page
    )


async def deliveries_page(
    session: AsyncSession, endpoint_id: uuid.UUID, status: str | None, page: PageParams
) -> tuple[Sequence[dict[str, Any]], str | None, int | None]:
    where = [_d.endpoint_id == endpoint_id]
    if status is not None:
        where.append(_d.status == status)
    stmt = select(*(c for c in DELIVERIES.c if c.key != "body")).where(*where)
    return await counted_page(
        session, stmt, keys=DELIVERY_SORT, sort="-created_at", id_column=_d.id, page=page
    )


async def get_delivery(
    session: AsyncSession, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDelivery | None:
    stmt = select(WebhookDelivery).where(_d.id == delivery_id, _d.endpoint_id == endpoint_id)
    delivery: WebhookDelivery | None = await session.scalar(
        stmt.with_for_update().execution_options(populate_existing=True)
    )
    return delivery


# ------------------------------------------------------------------------------- emission


async def subscribers(session: AsyncSession) -> Sequence[Any]:
    """Every active endpoint with what its owner is now: the person (active? role?) or the
    client (revoked? scopes, regions). Filtered by event type by the caller (a JSON list)."""
    stmt = (
        select(
            _e.id,
            _e.event_types,
            _e.created_by,
            _u.active.label("user_active"),
            _u.role.label("user_role"),
            _u.email.label("user_email"),
            _u.agency_code.label("user_agency"),
            _u.region_code.label("user_region"),
            _e.owner_client_id,
            _c.name.label("client_name"),
            _c.agency_code.label("client_agency"),
            _c.scopes.label("client_scopes"),
            _c.region_codes.label("client_regions"),
            _c.revoked_at.label("client_revoked_at"),
        )
        .select_from(
            ENDPOINTS.outerjoin(User.__table__, _u.id == _e.created_by).outerjoin(
                IntegrationClient.__table__, _c.id == _e.owner_client_id
            )
        )
        .where(_e.active)
    )
    return (await session.execute(stmt)).all()


async def insert_deliveries(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(WebhookDelivery), list(rows[start : start + CHUNK]))


# ------------------------------------------------------------------------------- delivery


async def delivery_target(session: AsyncSession, delivery_id: uuid.UUID) -> Any:
    """What an attempt needs: the message and where and how to sign it."""
    stmt = (
        select(
            _d.id,
            _d.status,
            _d.job_id,
            _d.message_id,
            _d.body,
            _d.endpoint_id,
            _e.url,
            _e.active,
            _e.secret,
            _e.previous_secret,
            _e.previous_secret_expires_at,
        )
        .select_from(DELIVERIES.join(ENDPOINTS, _e.id == _d.endpoint_id))
        .where(_d.id == delivery_id)
    )
    return (await session.execute(stmt)).one_or_none()


async def record_attempt(
    session: AsyncSession, delivery_id: uuid.UUID, now: datetime, values: dict[str, Any]
) -> None:
    await session.execute(
        update(DELIVERIES)
        .where(_d.id == delivery_id, _d.status == "pending")
        .values(attempts=_d.attempts + 1, last_attempt_at=now, updated_at=now, **values)
    )


async def fail_pending(
    session: AsyncSession,
    now: datetime,
    error: str,
    *,
    delivery_id: uuid.UUID | None = None,
    endpoint_id: uuid.UUID | None = None,
) -> None:
    """Stop a delivery still waiting, or every one of an endpoint (their jobs then find them
    finished)."""
    which = _d.id == delivery_id if delivery_id is not None else _d.endpoint_id == endpoint_id
    await session.execute(
        update(DELIVERIES)
        .where(which, _d.status == "pending")
        .values(status="failed", next_attempt_at=None, last_error=error, updated_at=now)
    )


async def disable(session: AsyncSession, endpoint_id: uuid.UUID, now: datetime, why: str) -> None:
    await session.execute(
        update(ENDPOINTS)
        .where(_e.id == endpoint_id, _e.active)
        .values(
            active=False,
            disabled_at=now,
            disabled_reason=why,
            version=_e.version + 1,
            updated_at=now,
        )
    )


async def outcomes(session: AsyncSession, since: datetime) -> dict[str, int]:
    """How many deliveries wait (`pending`), and how many finished since `since` by outcome
    (`succeeded`, `failed`): each an index range, so a scrape stays cheap on a large outbox."""
    pending = await session.scalar(select(func.count()).where(_d.status == "pending"))
    finished = await session.execute(
        select(_d.status, func.count())
        .where(_d.updated_at >= since, _d.status != "pending")
        .group_by(_d.status)
    )
    return {"pending": int(pending or 0)} | {status: int(n) for status, n in finished}


async def prune(session: AsyncSession, before: datetime) -> int:
    result = await session.execute(
        delete(DELIVERIES).where(_d.status != "pending", _d.updated_at < before)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
