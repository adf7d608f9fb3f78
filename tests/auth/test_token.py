"""POST /auth/token: signing in with a password and rotating refresh tokens."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories


async def _login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": password},
    )


class TestPasswordGrant:
    async def test_signs_in_and_me_shows_the_role(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db, role="coordinator", email="camat@uji.go.id")
        r = await _login(client, "Camat@uji.go.id", factories.DEFAULT_PASSWORD)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 15 * 60
        me = await client.get(
            "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
        assert me.status_code == 200
        assert me.json()["id"] == str(u.id)
        assert me.json()["role"] == "coordinator"
        assert me.json()["region_code"] == "16.71.13"

    async def test_unknown_user_and_wrong_password_answer_alike(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, email="ada@uji.go.id")
        wrong = await _login(client, "ada@uji.go.id", "salah-kata-sandi")
        unknown = await _login(client, "tidak-ada@uji.go.id", "salah-kata-sandi")
        assert wrong.status_code == unknown.status_code == 401
        assert wrong.headers["content-type"] == "application/problem+json"
        assert wrong.json()["detail"] == unknown.json()["detail"]
