"""A caller whose account changes loses what it lost on its very next request, however the change
was made: through the API, or by another process (another API worker, an admin's SQL). The caller's
row is read on every request; nothing about it is kept in memory."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import User
from tests import factories


async def _elsewhere(app: FastAPI, user: User, **values: Any) -> None:
    """Change the user outside any ORM session, as another process would."""
    async with app.state.engine.begin() as conn:
        await conn.execute(update(User).values(**values).where(User.id == user.id))


async def test_deactivated_by_another_process(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await factories.user(db, role="admin")
    headers = factories.bearer(user)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    await _elsewhere(app, user, active=False)
    r = await client.get("/api/v1/auth/me", headers=headers)
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"


async def test_role_taken_away_by_another_process(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await factories.user(db, role="admin")
    headers = factories.bearer(user)
    assert (await client.get("/api/v1/users", headers=headers)).status_code == 200
    await _elsewhere(app, user, role="auditor")
    assert (await client.get("/api/v1/users", headers=headers)).status_code == 403


async def test_password_changed_by_another_process_ends_old_tokens(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await factories.user(db, role="coordinator", region_code="16.71.13")
    headers = factories.bearer(user)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    await _elsewhere(app, user, token_generation=user.token_generation + 1)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401


async def test_deactivated_through_the_api_is_out_on_the_very_next_request(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    admin = factories.bearer(await factories.user(db, role="admin"))
    user = await factories.user(db, role="admin")
    headers = factories.bearer(user)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    current = await client.get(f"/api/v1/users/{user.id}", headers=admin)
    r = await client.patch(
        f"/api/v1/users/{user.id}",
        json={"active": False},
        headers={**admin, "If-Match": current.headers["ETag"]},
    )
    assert r.status_code == 200, r.text
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401
