"""Webhook rules: an admin manages every endpoint, an integration client with `webhooks:manage`
only its own (others are not found); URLs are checked against SSRF on every change; secrets are
shown once; redeliveries and tests go through the outbox like every event; all audited."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bina.audit import service as audit
from bina.config import Settings
from bina.errors import Conflict, NotFound, Unprocessable
from bina.kit.pagination import PageParams
from bina.kit.preconditions import check_if_match
from bina.models import DELIVERY_STATUSES, WebhookDelivery, WebhookEndpoint
from bina.models.base import utcnow
from bina.security.principal import Principal
from bina.webhooks import outbox, repository, signing, targets
from bina.webhooks.catalog import TEST_EVENT
from bina.webhooks.schemas import (
    DeliveryFilters,
    DeliveryList,
    DeliveryRead,
    WebhookCreate,
    WebhookList,
    WebhookRead,
    WebhookUpdate,
    WebhookWithSecret,
)

_NOT_FOUND = "No webhook with this id among yours."
_FIELDS = tuple(WebhookRead.model_fields)


def _read(endpoint: WebhookEndpoint) -> WebhookRead:
    return WebhookRead.model_validate({k: getattr(endpoint, k) for k in _FIELDS})


def _with_secret(endpoint: WebhookEndpoint) -> WebhookWithSecret:
    values = {k: getattr(endpoint, k) for k in _FIELDS}
    return WebhookWithSecret.model_validate(values | {"secret": endpoint.secret})


def _delivery(values: dict[str, Any]) -> DeliveryRead:
    return DeliveryRead.model_validate(values | {"webhook_id": values["endpoint_id"]})


async def _check_url(settings: Settings, url: str) -> None:
    try:
        await targets.check(url, settings.webhooks_allow_private_networks)
    except targets.TargetRefused as exc:
        raise Unprocessable(
            f"This URL cannot receive webhooks: {exc}",
            errors=[{"loc": ["body", "url"], "msg": str(exc), "type": exc.kind}],
        ) from exc


async def _load(
    session: AsyncSession, principal: Principal, endpoint_id: uuid.UUID, *, for_update: bool
) -> WebhookEndpoint:
    endpoint = await repository.get(session, principal, endpoint_id, for_update=for_update)
    if endpoint is None:
        raise NotFound(_NOT_FOUND)
    return endpoint


async def create(
    session: AsyncSession, settings: Settings, principal: Principal, data: WebhookCreate
) -> WebhookWithSecret:
    await _check_url(settings, data.url)
    endpoint = WebhookEndpoint(
        url=data.url,
        event_types=list(data.event_types),
        description=data.description,
        secret=signing.new_secret(),
        active=True,
        created_by=None if principal.is_client else principal.user_id,
        owner_client_id=principal.client_id,
    )
    repository.add(session, endpoint)
    await session.flush()
    audit.record(
        session,
        principal,
        "webhook.create",
        "webhook",
        endpoint.id,
        {"event_types": endpoint.event_types},
    )
    return _with_secret(endpoint)


async def list_webhooks(
    session: AsyncSession, principal: Principal, page: PageParams
) -> WebhookList:
    rows, cursor, total = await repository.list_page(session, principal, page)
    return WebhookList(
        items=[WebhookRead.model_validate(r) for r in rows], next_cursor=cursor, total=total
    )


async def get(session: AsyncSession, principal: Principal, endpoint_id: uuid.UUID) -> WebhookRead:
    return _read(await _load(session, principal, endpoint_id, for_update=False))


async def update(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    endpoint_id: uuid.UUID,
    data: WebhookUpdate,
    if_match: str | None,
) -> WebhookRead:
    endpoint = await _load(session, principal, endpoint_id, for_update=True)
    check_if_match(if_match, endpoint.version)
    changes = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
    if "url" in changes:
        await _check_url(settings, changes["url"])
    active = changes.pop("active", endpoint.active)
    if active != endpoint.active:
        endpoint.active = active
        endpoint.disabled_at = None if active else utcnow()
        endpoint.disabled_reason = None if active else f"disabled by {principal.actor_role}"
    for name, value in changes.items():
        setattr(endpoint, name, value)
    endpoint.updated_at = utcnow()
    await session.flush()
    audit.record(
        session,
        principal,
        "webhook.update",
        "webhook",
        endpoint.id,
        {"fields": sorted(data.model_fields_set)},
    )
    return _read(endpoint)


async def delete(
    session: AsyncSession, principal: Principal, endpoint_id: uuid.UUID, if_match: str | None
) -> None:
    endpoint = await _load(session, principal, endpoint_id, for_update=True)
    check_if_match(if_match, endpoint.version)
    await session.delete(endpoint)  # its deliveries go with it; their jobs find nothing to send
    await session.flush()
    audit.record(session, principal, "webhook.delete", "webhook", endpoint_id)


async def rotate_secret(
    session: AsyncSession,
    principal: Principal,
    endpoint_id: uuid.UUID,
    grace_hours: int,
    if_match: str | None,
) -> WebhookWithSecret:
    endpoint = await _load(session, principal, endpoint_id, for_update=True)
    if if_match is not None:
        check_if_match(if_match, endpoint.version)
    now = utcnow()
    endpoint.previous_secret = endpoint.secret if grace_hours else None
    endpoint.previous_secret_expires_at = (
        now + timedelta(hours=grace_hours) if grace_hours else None
    )
    endpoint.secret = signing.new_secret()
    endpoint.updated_at = now
    await session.flush()
    audit.record(
        session,
        principal,
        "webhook.rotate_secret",
        "webhook",
        endpoint.id,
        {"grace_hours": grace_hours},
    )
    return _with_secret(endpoint)


async def outcomes(session: AsyncSession, since: datetime) -> dict[str, int]:
    """Deliveries waiting, and those finished since `since` by outcome (for /metrics)."""
    counts = dict.fromkeys(DELIVERY_STATUSES, 0)
    return counts | await repository.outcomes(session, since)


async def list_deliveries(
    session: AsyncSession,
    principal: Principal,
    endpoint_id: uuid.UUID,
    filters: DeliveryFilters,
    page: PageParams,
) -> DeliveryList:
    await _load(session, principal, endpoint_id, for_update=False)
    rows, cursor, total = await repository.deliveries_page(
        session, endpoint_id, filters.status, page
    )
    return DeliveryList(items=[_delivery(r) for r in rows], next_cursor=cursor, total=total)


def _delivery_of(row: WebhookDelivery) -> DeliveryRead:
    return _delivery({c.key: getattr(row, c.key) for c in WebhookDelivery.__table__.c})


async def redeliver(
    session: AsyncSession, principal: Principal, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> DeliveryRead:
    """Send a delivery again: a new series of attempts of the same message (same `webhook-id`,
    same body, a fresh signature)."""
    endpoint = await _load(session, principal, endpoint_id, for_update=False)
    delivery = await repository.get_delivery(session, endpoint.id, delivery_id)
    if delivery is None:
        raise NotFound("No delivery with this id for this webhook.")
    if delivery.status == "pending":
        raise Conflict("This delivery is still being tried; wait for it to succeed or fail.")
    if not endpoint.active:
        raise Conflict("This webhook is disabled; enable it (PATCH active) first.")
    now = utcnow()
    delivery.job_id = await outbox.requeue(session, delivery.id, now)
    delivery.status = "pending"
    delivery.next_attempt_at = now
    delivery.updated_at = now
    await session.flush()
    audit.record(
        session,
        principal,
        "webhook.redeliver",
        "webhook",
        endpoint.id,
        {"delivery_id": str(delivery.id), "message_id": delivery.message_id},
    )
    return _delivery_of(delivery)


async def send_test(
    session: AsyncSession, principal: Principal, endpoint_id: uuid.UUID
) -> DeliveryRead:
    """Queue a `webhook.test` message to this endpoint, sent at once (one attempt) through the
    same path as every event."""
    endpoint = await _load(session, principal, endpoint_id, for_update=False)
    if not endpoint.active:
        raise Conflict("This webhook is disabled; enable it (PATCH active) first.")
    now = utcnow()
    data = {"webhook_id": str(endpoint.id), "message": "A test event from Bina."}
    row = outbox.delivery(
        endpoint.id,
        signing.new_message_id(),
        TEST_EVENT,
        None,
        outbox.envelope(TEST_EVENT, now, data),
        now,
    )
    await outbox.queue(session, [row], once=True)
    audit.record(
        session, principal, "webhook.test", "webhook", endpoint.id, {"delivery_id": str(row["id"])}
    )
    return _delivery(row)
