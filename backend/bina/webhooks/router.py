"""/webhooks: endpoints that receive Bina's events, their deliveries, tests and secret rotation
(design §10). Admins manage every endpoint; an integration client with `webhooks:manage` only
its own."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from bina.config import Settings
from bina.db import Session
from bina.kit.idempotency import shows_a_secret
from bina.kit.openapi import CREATE, DELETE, LIST, READ, UPDATE, problems
from bina.kit.pagination import PageParams, page_params
from bina.kit.preconditions import IfMatch, set_etag
from bina.security.principal import Principal, Role, requires
from bina.security.scopes import Scope
from bina.webhooks import service
from bina.webhooks.schemas import (
    DeliveryFilters,
    DeliveryList,
    DeliveryRead,
    DeliveryStatus,
    SecretRotation,
    WebhookCreate,
    WebhookList,
    WebhookRead,
    WebhookUpdate,
    WebhookWithSecret,
)

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

Manager = Annotated[Principal, requires(Scope.WEBHOOKS_MANAGE, Role.ADMIN)]
ACTION = (401, 403, 404, 409, 413, 422, 429)


async def app_settings(request: Request) -> Settings:
    """The running app's settings (whether private networks are allowed)."""
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(app_settings)]


@router.post(
    "",
    status_code=201,
    response_model=WebhookWithSecret,
    responses=problems(*CREATE),
    dependencies=[Depends(shows_a_secret)],
)
async def create_webhook(
    session: Session,
    settings: AppSettings,
    principal: Manager,
    response: Response,
    body: WebhookCreate,
) -> WebhookWithSecret:
    """Subscribe an https URL to event types; its signing `secret` is in this answer only."""
    webhook = await service.create(session, settings, principal, body)
    response.headers["Location"] = f"/api/v1/webhooks/{webhook.id}"
    response.headers["Cache-Control"] = "no-store"
    set_etag(response, webhook.version)
    return webhook


@router.get("", response_model=WebhookList, responses=problems(*LIST, 429))
async def list_webhooks(
    session: Session, principal: Manager, page: Annotated[PageParams, Depends(page_params)]
) -> WebhookList:
    """Webhooks you manage (a client: its own), newest first; never their secrets."""
    return await service.list_webhooks(session, principal, page)


@router.get("/{webhook_id}", response_model=WebhookRead, responses=problems(*READ, 429))
async def get_webhook(
    session: Session, principal: Manager, response: Response, webhook_id: uuid.UUID
) -> WebhookRead:
    """One webhook with its ETag: URL, event types, whether it is active (and why not)."""
    webhook = await service.get(session, principal, webhook_id)
    set_etag(response, webhook.version)
    return webhook


@router.patch("/{webhook_id}", response_model=WebhookRead, responses=problems(*UPDATE, 429))
async def update_webhook(
    session: Session,
    settings: AppSettings,
    principal: Manager,
    response: Response,
    webhook_id: uuid.UUID,
    body: WebhookUpdate,
    if_match: IfMatch = None,
) -> WebhookRead:
    """Change the URL, event types or description, or disable / enable it (If-Match)."""
    webhook = await service.update(session, settings, principal, webhook_id, body, if_match)
    set_etag(response, webhook.version)
    return webhook


@router.delete("/{webhook_id}", status_code=204, responses=problems(*DELETE, 429))
async def delete_webhook(
    session: Session, principal: Manager, webhook_id: uuid.UUID, if_match: IfMatch = None
) -> None:
    """Delete it with its deliveries (If-Match); nothing more is sent to it."""
    await service.delete(session, principal, webhook_id, if_match)


@router.get(
    "/{webhook_id}/deliveries", response_model=DeliveryList, responses=problems(*LIST, 404, 429)
)
async def list_deliveries(
    session: Session,
    principal: Manager,
    webhook_id: uuid.UUID,
    page: Annotated[PageParams, Depends(page_params)],
    status: DeliveryStatus | None = None,
) -> DeliveryList:
    """Its deliveries, newest first: status, attempts, the receiver's answer, the next try."""
    filters = DeliveryFilters(status=status)
    return await service.list_deliveries(session, principal, webhook_id, filters, page)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/redeliver",
    status_code=202,
    response_model=DeliveryRead,
    responses=problems(*ACTION),
)
async def redeliver(
    session: Session, principal: Manager, webhook_id: uuid.UUID, delivery_id: uuid.UUID
) -> DeliveryRead:
    """Send a finished delivery again: the same message and `webhook-id`, new attempts."""
    return await service.redeliver(session, principal, webhook_id, delivery_id)


@router.post(
    "/{webhook_id}/test",
    status_code=202,
    response_model=DeliveryRead,
    responses=problems(*ACTION),
)
async def send_test(session: Session, principal: Manager, webhook_id: uuid.UUID) -> DeliveryRead:
    """Send a `webhook.test` event now (one attempt); its outcome shows in the deliveries."""
    return await service.send_test(session, principal, webhook_id)


@router.post(
    "/{webhook_id}/rotate-secret",
    response_model=WebhookWithSecret,
    responses=problems(*UPDATE, 429),
    dependencies=[Depends(shows_a_secret)],
)
async def rotate_secret(
    session: Session,
    principal: Manager,
    response: Response,
    webhook_id: uuid.UUID,
    body: SecretRotation | None = None,
    if_match: IfMatch = None,
) -> WebhookWithSecret:
    """A new secret (in this answer only); deliveries carry a signature with the old one too
    for `grace_hours` (default 24). `If-Match` is optional here."""
    grace = (body or SecretRotation()).grace_hours
    webhook = await service.rotate_secret(session, principal, webhook_id, grace, if_match)
    response.headers["Cache-Control"] = "no-store"
    set_etag(response, webhook.version)
    return webhook
