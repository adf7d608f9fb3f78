"""Bearer tokens: only an unexpired access token, signed by us with the pinned HS256, works."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from jose import jwt
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import get_settings
from tests import factories
from tests.auth.helpers import assert_unauthorized, claims_for, login, me, refresh, sign

REQUIRED = ["exp", "iat", "sub", "aud", "iss", "typ", "jti"]


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


class TestAccessTokenValidation:
    async def test_a_well_formed_token_works(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        assert (await me(client, sign(claims_for(u)))).status_code == 200

    async def test_no_token_is_401(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/api/v1/auth/me")
        assert_unauthorized(r)
        assert r.headers["www-authenticate"] == "Bearer"

    async def test_another_scheme_is_401(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/api/v1/auth/me", headers={"Authorization": "Basic YTpi"})
        assert_unauthorized(r)

    async def test_garbage_is_401(self, client: httpx.AsyncClient) -> None:
        assert_unauthorized(await me(client, "not.a.token"))

    async def test_expired_token_is_401(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        u = await factories.user(db)
        past = datetime.now(UTC) - timedelta(hours=1)
        token = sign(claims_for(u, iat=int(past.timestamp()), exp=int(past.timestamp()) + 60))
        assert_unauthorized(await me(client, token))

    async def test_wrong_signature_is_401(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        token = sign(claims_for(u), key="another-secret-key-that-is-long-enough-000")
        assert_unauthorized(await me(client, token))

    async def test_tampered_payload_is_401(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db, role="mentor")
        admin = await factories.user(db, role="admin")
        header, _, signature = sign(claims_for(u)).split(".")
        forged = f"{header}.{_b64(claims_for(admin))}.{signature}"
        assert_unauthorized(await me(client, forged))

    async def test_another_hmac_algorithm_with_our_own_key_is_401(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        u = await factories.user(db)
        for algorithm in ("HS512", "HS384"):
            with subtests.test(algorithm=algorithm):
                assert_unauthorized(await me(client, sign(claims_for(u), algorithm=algorithm)))

    async def test_unsigned_alg_none_is_401(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        u = await factories.user(db)
        for alg in ("none", "None", "NONE"):
            with subtests.test(alg=alg):
                unsigned = f"{_b64({'alg': alg, 'typ': 'JWT'})}.{_b64(claims_for(u))}."
                assert_unauthorized(await me(client, unsigned))

    async def test_alg_none_keeping_a_valid_signature_is_401(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        _, payload, signature = sign(claims_for(u)).split(".")
        token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{payload}.{signature}"
        assert_unauthorized(await me(client, token))

    async def test_a_missing_claim_is_401(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        u = await factories.user(db)
        for claim in [*REQUIRED, "gen"]:
            with subtests.test(claim=claim):
                claims = claims_for(u)
                del claims[claim]
                assert_unauthorized(await me(client, sign(claims)))

    async def test_a_wrong_claim_is_401(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        u = await factories.user(db)
        wrong: list[tuple[str, object]] = [
            ("aud", "another-api"),
            ("iss", "someone-else"),
            ("sub", "not-a-uuid"),
            ("sub", "00000000-0000-0000-0000-000000000000"),
            ("jti", "not-a-uuid"),
            ("gen", 99),
            ("typ", "id"),
            ("typ", "refresh"),
        ]
        for claim, value in wrong:
            with subtests.test(claim=claim, value=value):
                assert_unauthorized(await me(client, sign(claims_for(u, **{claim: value}))))

    async def test_a_refresh_token_is_not_an_access_token(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, email="ada@uji.go.id")
        tokens = (await login(client, "ada@uji.go.id", factories.DEFAULT_PASSWORD)).json()
        assert_unauthorized(await me(client, tokens["refresh_token"]))


class TestRefreshTokenValidation:
    async def test_an_access_token_is_not_a_refresh_token(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, email="ada@uji.go.id")
        tokens = (await login(client, "ada@uji.go.id", factories.DEFAULT_PASSWORD)).json()
        assert_unauthorized(await refresh(client, tokens["access_token"]))

    async def test_a_refresh_token_we_never_issued_is_401(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        claims = claims_for(u, typ="refresh", fam="6b1e1d1e-0000-4000-8000-000000000000")
        r = await refresh(client, sign(claims))
        assert_unauthorized(r)
        assert r.json()["error"] == "invalid_grant"

    async def test_an_expired_refresh_token_is_401(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        past = int((datetime.now(UTC) - timedelta(days=30)).timestamp())
        claims = claims_for(u, typ="refresh", iat=past, exp=past + 60)
        assert_unauthorized(await refresh(client, sign(claims)))

    async def test_a_refresh_token_signed_with_hs512_is_401(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, email="ada@uji.go.id")
        tokens = (await login(client, "ada@uji.go.id", factories.DEFAULT_PASSWORD)).json()
        claims = jwt.get_unverified_claims(tokens["refresh_token"])
        assert_unauthorized(await refresh(client, sign(claims, algorithm="HS512")))


def test_the_pinned_algorithm_is_hs256() -> None:
    assert get_settings().jwt_algorithm == "HS256"
