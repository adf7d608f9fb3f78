"""A caller whose account changes loses what it lost at once, however the change was made: through
the API in this process, or by another process (another API worker, an admin's SQL), whose change
reaches this one as a PostgreSQL notification. While that notification channel is down, every
request reads the database again. (SQLite keeps no callers: the same tests hold trivially.)"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.db import LISTENER_NAME
from bina.models import User
from tests import factories

DEADLINE_SECONDS = 10.0  # a notification takes milliseconds; this only bounds a failing test


async def _elsewhere(app: FastAPI, user: User, **values: Any) -> None:
    """Change the user outside any ORM session, as another process would."""
    async with app.state.engine.begin() as conn:
        await conn.execute(update(User).values(**values).where(User.id == user.id))


async def _until(client: httpx.AsyncClient, path: str, headers: dict[str, str], status: int) -> int:
    """The status `path` answers once it answers `status`, or its last answer at the deadline."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while True:
        answer = (await client.get(path, headers=headers)).status_code
        if answer == status or time.monotonic() > deadline:
            return answer
        await asyncio.sleep(0.01)


async def _kept(app: FastAPI, user: User) -> None:
    """On PostgreSQL, the caller is now served from memory (so the test exercises that)."""
    callers = app.state.callers
    if callers is not None:
        assert callers.live
        assert callers.get(user.id) is not None


async def _until_live(app: FastAPI, live: bool) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while True:
        if app.state.callers.live == live or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.01)
    assert app.state.callers.live == live


async def test_deactivated_by_another_process(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await factories.user(db, role="admin")
    headers = factories.bearer(user)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    await _kept(app, user)
    await _elsewhere(app, user, active=False)
    assert await _until(client, "/api/v1/auth/me", headers, 401) == 401


async def test_role_taken_away_by_another_process(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await factories.user(db, role="admin")
    headers = factories.bearer(user)
    assert (await client.get("/api/v1/users", headers=headers)).status_code == 200
    await _kept(app, user)
    await _elsewhere(app, user, role="auditor")
    assert await _until(client, "/api/v1/users", headers, 403) == 403


async def test_deactivated_through_the_api_is_out_on_the_very_next_request(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession
) -> None:
    admin = factories.bearer(await factories.user(db, role="admin"))
    user = await factories.user(db, role="admin")
    headers = factories.bearer(user)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    await _kept(app, user)
    current = await client.get(f"/api/v1/users/{user.id}", headers=admin)
    r = await client.patch(
        f"/api/v1/users/{user.id}",
        json={"active": False},
        headers={**admin, "If-Match": current.headers["ETag"]},
    )
    assert r.status_code == 200, r.text
    # No waiting: this process dropped the caller when the change committed.
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401


async def test_while_the_channel_is_down_every_request_reads_the_database(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, backend: str
) -> None:
    if backend != "postgres":
        return  # SQLite always reads the database
    user = await factories.user(db, role="admin")
    headers = factories.bearer(user)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    await _kept(app, user)
    async with app.state.engine.connect() as conn:
        await conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = :name"
            ),
            {"name": LISTENER_NAME},
        )
    await _until_live(app, live=False)
    assert app.state.callers.get(user.id) is None
    # A change made now has no one to notify; the next request reads it anyway.
    await _elsewhere(app, user, role="auditor")
    assert (await client.get("/api/v1/users", headers=headers)).status_code == 403

    # The channel comes back, and with it the kept callers and their notifications.
    await _until_live(app, live=True)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    await _kept(app, user)
    await _elsewhere(app, user, active=False)
    assert await _until(client, "/api/v1/auth/me", headers, 401) == 401
