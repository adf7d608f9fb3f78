"""Sign-in helpers and hand-made tokens for the auth tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from jose import jwt

from bina.config import get_settings
from bina.models import User

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/auth/me"


async def login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(
        TOKEN_URL, data={"grant_type": "password", "username": email, "password": password}
    )


async def refresh(client: httpx.AsyncClient, refresh_token: str) -> httpx.Response:
    return await client.post(
        TOKEN_URL, data={"grant_type": "refresh_token", "refresh_token": refresh_token}
    )


async def me(client: httpx.AsyncClient, access_token: str) -> httpx.Response:
    return await client.get(ME_URL, headers=auth(access_token))


def auth(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


def claims_for(user: User, **overrides: Any) -> dict[str, Any]:
    """Every claim a valid access token of `user` carries; `overrides` change or add some."""
    settings = get_settings()
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": str(user.id),
        "typ": "access",
        "jti": str(uuid.uuid4()),
        "gen": user.token_generation,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
    }
    claims.update(overrides)
    return claims


def sign(claims: dict[str, Any], *, algorithm: str = "HS256", key: str | None = None) -> str:
    return jwt.encode(claims, key or get_settings().secret_key, algorithm=algorithm)


def assert_unauthorized(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401
    assert body["type"].endswith("/unauthorized")
    assert "detail" in body
