"""Webhook test helpers: register an endpoint through the API, run the job worker."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import Settings
from bina.jobs.worker import Worker
from bina.models import WebhookDelivery
from tests.households.factories import CreatedHousehold, create_household
from tests.webhooks.receiver import Receiver

BASE = "/api/v1/webhooks"
Headers = dict[str, str]


@dataclass(frozen=True, slots=True)
class Hook:
    id: str
    secret: str
    etag: str
    body: dict[str, Any]

    @property
    def url(self) -> str:
        return f"{BASE}/{self.id}"


async def register(
    client: httpx.AsyncClient, headers: Headers, url: str, event_types: list[str]
) -> Hook:
    r = await client.post(BASE, json={"url": url, "event_types": event_types}, headers=headers)
    assert r.status_code == 201, r.text
    body = r.json()
    return Hook(body["id"], body["secret"], r.headers["etag"], body)


def worker_settings(settings: Settings, **overrides: Any) -> Settings:
    """The worker's settings: private networks allowed (the receiver is on 127.0.0.1) and no
    wait between retries, unless the test says otherwise."""
    values: dict[str, Any] = {
        "webhooks_allow_private_networks": True,
        "webhook_retry_seconds": "0,0",
    }
    return settings.model_copy(update=values | overrides)


async def deliver(app: FastAPI, settings: Settings, **overrides: Any) -> int:
    """Run every due job to its end (retries with no delay included); how many attempts ran."""
    worker = Worker(app.state.sessionmaker, worker_settings(settings, **overrides), "test")
    return await worker.run_once()


async def deliveries(db: AsyncSession, hook: Hook | None = None) -> list[WebhookDelivery]:
    await db.rollback()  # a fresh snapshot: what the requests and workers committed since
    stmt = select(WebhookDelivery).order_by(WebhookDelivery.created_at, WebhookDelivery.id)
    if hook is not None:
        stmt = stmt.where(WebhookDelivery.endpoint_id == uuid.UUID(hook.id))
    return list((await db.scalars(stmt.execution_options(populate_existing=True))).all())


@dataclass
class Scene:
    """What a webhook test works with: the API, the app and its database, an admin, a
    receiver on 127.0.0.1."""

    client: httpx.AsyncClient
    app: FastAPI
    settings: Settings
    db: AsyncSession
    admin: Headers
    receiver: Receiver

    async def hooked(
        self, event_types: list[str], headers: Headers | None = None, path: str = "/hook"
    ) -> Hooked:
        """An endpoint on the receiver at `path`, registered by `headers` (default: the admin)."""
        url = self.receiver.url(path)
        hook = await register(self.client, headers or self.admin, url, event_types)
        return Hooked(**vars(self), hook=hook)

    async def deliver(self, **overrides: Any) -> int:
        return await deliver(self.app, self.settings, **overrides)

    async def household(self, **overrides: Any) -> CreatedHousehold:
        return await create_household(self.client, self.admin, **overrides)


@dataclass
class Hooked(Scene):
    """A scene with one endpoint registered on its receiver."""

    hook: Hook

    async def deliveries(self, *, every: bool = False) -> list[WebhookDelivery]:
        """This endpoint's deliveries (`every`: all endpoints'), oldest first."""
        return await deliveries(self.db, None if every else self.hook)
