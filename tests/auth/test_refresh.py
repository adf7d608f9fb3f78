"""POST /auth/token, grant_type=refresh_token: rotation, and reuse that kills the whole family."""

from __future__ import annotations

import asyncio
import uuid

import httpx
from fastapi import FastAPI
from jose import jwt
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import AuditEvent, RefreshToken, User
from bina.models.base import utcnow
from tests import factories
from tests.auth.helpers import assert_unauthorized, login, me, refresh

EMAIL = "ada@uji.go.id"


async def _until_blocked(app: FastAPI, backend: str) -> None:
    """Wait until the request under test waits for our row lock (PostgreSQL) or write lock."""
    if backend == "sqlite":
        await asyncio.sleep(0.3)
        return
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    for _ in range(200):
        async with app.state.engine.connect() as conn:
            if await conn.scalar(waiting):
                return
        await asyncio.sleep(0.02)
    raise AssertionError("the refresh request never waited for the lock")


async def _sign_in(client: httpx.AsyncClient, db: AsyncSession) -> dict[str, str]:
    await factories.user(db, email=EMAIL)
    r = await login(client, EMAIL, factories.DEFAULT_PASSWORD)
    assert r.status_code == 200, r.text
    tokens: dict[str, str] = r.json()
    return tokens


class TestRefreshGrant:
    async def test_rotation_gives_a_new_pair_and_refuses_the_old_refresh_token(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        first = await _sign_in(client, db)
        r = await refresh(client, first["refresh_token"])
        assert r.status_code == 200, r.text
        second = r.json()
        assert second["refresh_token"] != first["refresh_token"]
        assert second["access_token"] != first["access_token"]
        assert (await me(client, second["access_token"])).status_code == 200
        assert_unauthorized(await refresh(client, first["refresh_token"]))

    async def test_each_new_refresh_token_rotates_again(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        tokens = await _sign_in(client, db)
        for _ in range(3):
            r = await refresh(client, tokens["refresh_token"])
            assert r.status_code == 200, r.text
            tokens = r.json()

    async def test_reusing_a_spent_token_revokes_the_whole_family(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        first = await _sign_in(client, db)
        second = (await refresh(client, first["refresh_token"])).json()
        # Someone replays the first (stolen) token: refused, and the family dies with it.
        assert_unauthorized(await refresh(client, first["refresh_token"]))
        assert_unauthorized(await refresh(client, second["refresh_token"]))

    async def test_reuse_racing_the_first_use_still_revokes_the_family(
        self, client: httpx.AsyncClient, db: AsyncSession, app: FastAPI, backend: str
    ) -> None:
        tokens = await _sign_in(client, db)
        jti = uuid.UUID(jwt.get_unverified_claims(tokens["refresh_token"])["jti"])
        # The first use, by someone else, has spent the token but not committed yet...
        await db.execute(
            update(RefreshToken).where(RefreshToken.jti == jti).values(used_at=utcnow())
        )
        racing = asyncio.create_task(refresh(client, tokens["refresh_token"]))
        await _until_blocked(app, backend)
        await db.commit()
        # ...so the second use is refused, and it is recognised as reuse: the family dies.
        assert_unauthorized(await racing)
        revoked_at = await db.scalar(select(RefreshToken.revoked_at).where(RefreshToken.jti == jti))
        assert revoked_at is not None

    async def test_reuse_is_audited(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        first = await _sign_in(client, db)
        await refresh(client, first["refresh_token"])
        await refresh(client, first["refresh_token"])
        await db.commit()
        actions = set(await db.scalars(select(AuditEvent.action)))
        assert "auth.refresh_reuse" in actions

    async def test_reuse_leaves_other_sign_ins_alone(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        phone = await _sign_in(client, db)
        laptop = (await login(client, EMAIL, factories.DEFAULT_PASSWORD)).json()
        await refresh(client, phone["refresh_token"])
        await refresh(client, phone["refresh_token"])  # reuse: the phone's family dies
        assert (await refresh(client, laptop["refresh_token"])).status_code == 200

    async def test_a_deactivated_user_cannot_refresh(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        tokens = await _sign_in(client, db)
        user = await db.scalar(select(User).where(User.email == EMAIL))
        assert user is not None
        user.active = False
        await db.commit()
        assert_unauthorized(await refresh(client, tokens["refresh_token"]))

    async def test_the_refresh_token_is_required(self, client: httpx.AsyncClient) -> None:
        r = await client.post("/api/v1/auth/token", data={"grant_type": "refresh_token"})
        assert r.status_code == 400
