"""A receiver per test, the app allowed to register it (private networks on), an admin."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import Settings
from tests import factories
from tests.webhooks.factories import Scene
from tests.webhooks.receiver import Receiver

Headers = dict[str, str]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def private_ok(app: FastAPI) -> Iterator[None]:
    """Development and tests: webhooks may target 127.0.0.1 over http (for this test only:
    the app is shared)."""
    before = app.state.settings
    app.state.settings = before.model_copy(update={"webhooks_allow_private_networks": True})
    yield
    app.state.settings = before


@pytest.fixture
async def admin(db: AsyncSession) -> Headers:
    return await factories.headers_for(db, "admin")


@pytest.fixture
async def scene(
    client: httpx.AsyncClient,
    app: FastAPI,
    settings: Settings,
    db: AsyncSession,
    admin: Headers,
    receiver: Receiver,
    private_ok: None,
) -> Scene:
    return Scene(client, app, settings, db, admin, receiver)
