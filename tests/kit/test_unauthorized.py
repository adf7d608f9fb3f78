"""Every operation that needs a caller answers 401 problem+json with `WWW-Authenticate: Bearer`
when the token is missing, forged, expired, of the wrong type or of a deactivated user; the
operation list comes from the OpenAPI document, so new routes are covered without edits here."""

from __future__ import annotations

import base64
import json
import re
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from jose import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import get_settings
from bina.security import tokens
from tests import factories
from tests.kit.test_problems import assert_problem

METHODS = ("get", "post", "put", "patch", "delete")


def secured_operations(app: FastAPI) -> list[tuple[str, str]]:
    """(method, concrete path) of every operation whose OpenAPI entry declares a security need."""
    ops = []
    for path, item in app.openapi()["paths"].items():
        for method, op in item.items():
            if method in METHODS and op.get("security"):
                concrete = re.sub(
                    r"\{([^}]+)\}",
                    lambda m: str(uuid.uuid4()) if m.group(1).endswith("id") else "16.71",
                    path,
                )
                ops.append((method, concrete))
    return ops


def assert_unauthorized(r: httpx.Response) -> None:
    assert_problem(r, 401)
    assert r.headers["www-authenticate"] == "Bearer", r.request.url


async def _call_all(
    app: FastAPI, client: httpx.AsyncClient, headers: dict[str, str]
) -> list[httpx.Response]:
    ops = secured_operations(app)
    assert len(ops) >= 3, "the document lost its security requirements"
    return [await client.request(m.upper(), p, headers=headers) for m, p in ops]


def _token(claims: dict[str, Any], key: str | None = None, alg: str = "HS256") -> str:
    s = get_settings()
    return str(jwt.encode(claims, key or s.secret_key, algorithm=alg))


def _unsigned(claims: dict[str, Any]) -> str:
    def part(obj: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _claims(sub: uuid.UUID, **over: Any) -> dict[str, Any]:
    s = get_settings()
    base: dict[str, Any] = {
        "sub": str(sub),
        "typ": "access",
        "jti": str(uuid.uuid4()),
        "gen": 0,
        "iat": 2_000_000_000 - 60,
        "exp": 4_000_000_000,
        "iss": s.jwt_issuer,
        "aud": s.jwt_audience,
    }
    base.update(over)
    return {k: v for k, v in base.items() if v is not None}


class TestEveryProtectedOperation:
    async def test_without_a_token(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        for r in await _call_all(app, client, {}):
            assert_unauthorized(r)

    @pytest.mark.parametrize(
        "authorization",
        ["Bearer not-a-jwt", "Basic YWRtaW46YWRtaW4=", "Bearer ", "bearer a.b.c"],
        ids=["garbage", "basic", "empty", "three-dots"],
    )
    async def test_with_a_malformed_credential(
        self, app: FastAPI, client: httpx.AsyncClient, authorization: str
    ) -> None:
        for r in await _call_all(app, client, {"Authorization": authorization}):
            assert_unauthorized(r)

    @pytest.mark.parametrize(
        "variant",
        [
            "other-key",
            "expired",
            "refresh-type",
            "no-aud",
            "wrong-iss",
            "other-alg",
            "alg-none",
            "no-jti",
        ],
    )
    async def test_with_a_forged_or_unfit_token(
        self, app: FastAPI, client: httpx.AsyncClient, db: AsyncSession, variant: str
    ) -> None:
        u = await factories.user(db)
        token = {
            "other-key": lambda: _token(_claims(u.id), key="x" * 40),
            "expired": lambda: _token(_claims(u.id, iat=1_000_000_000, exp=1_000_000_060)),
            "refresh-type": lambda: _token(_claims(u.id, typ="refresh", fam=str(uuid.uuid4()))),
            "no-aud": lambda: _token(_claims(u.id, aud=None)),
            "wrong-iss": lambda: _token(_claims(u.id, iss="someone-else")),
            "other-alg": lambda: _token(_claims(u.id), alg="HS512"),
            "alg-none": lambda: _unsigned(_claims(u.id)),
            "no-jti": lambda: _token(_claims(u.id, jti=None)),
        }[variant]()
        for r in await _call_all(app, client, {"Authorization": f"Bearer {token}"}):
            assert_unauthorized(r)

    async def test_of_a_deactivated_user(
        self, app: FastAPI, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db, active=False)
        for r in await _call_all(app, client, factories.bearer(u)):
            assert_unauthorized(r)

    async def test_of_a_user_who_no_longer_exists(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        token, _ = tokens.encode(
            get_settings(), sub=str(uuid.uuid4()), typ="access", gen=0, lifetime=timedelta(hours=1)
        )
        for r in await _call_all(app, client, {"Authorization": f"Bearer {token}"}):
            assert_unauthorized(r)


class TestSignInRefusals:
    async def test_a_wrong_password_is_401_with_the_challenge(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        r = await client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": u.email, "password": "salah-sandi-99"},
        )
        assert_unauthorized(r)

    async def test_a_garbage_refresh_token_is_401_with_the_challenge(
        self, client: httpx.AsyncClient
    ) -> None:
        r = await client.post(
            "/api/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": "x.y.z"}
        )
        assert_unauthorized(r)
