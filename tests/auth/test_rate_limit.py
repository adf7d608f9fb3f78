"""Sign-in attempts are limited per account: 429 with Retry-After, other accounts unaffected."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import get_settings
from tests import factories
from tests.auth.helpers import login


class TestLoginRateLimit:
    async def test_too_many_attempts_are_429_with_retry_after(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, email="ada@uji.go.id")
        limit = get_settings().login_attempts_per_15min
        for _ in range(limit):
            assert (await login(client, "ada@uji.go.id", "salah-kata-sandi")).status_code == 401
        r = await login(client, "ada@uji.go.id", factories.DEFAULT_PASSWORD)
        assert r.status_code == 429, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert 1 <= int(r.headers["retry-after"]) <= 15 * 60

    async def test_the_limit_is_per_account_whatever_the_spelling(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, email="ada@uji.go.id")
        limit = get_settings().login_attempts_per_15min
        for i in range(limit):
            email = "ADA@uji.go.id" if i % 2 else " ada@uji.go.id "
            await login(client, email, "salah-kata-sandi")
        assert (await login(client, "ada@uji.go.id", "x" * 10)).status_code == 429

    async def test_another_account_is_not_blocked(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, email="ada@uji.go.id")
        await factories.user(db, email="budi@uji.go.id")
        for _ in range(get_settings().login_attempts_per_15min + 1):
            await login(client, "ada@uji.go.id", "salah-kata-sandi")
        r = await login(client, "budi@uji.go.id", factories.DEFAULT_PASSWORD)
        assert r.status_code == 200, r.text

    async def test_unknown_accounts_are_limited_too(self, client: httpx.AsyncClient) -> None:
        for _ in range(get_settings().login_attempts_per_15min):
            assert (await login(client, "tidak-ada@uji.go.id", "salah")).status_code == 401
        assert (await login(client, "tidak-ada@uji.go.id", "salah")).status_code == 429

    async def test_a_successful_sign_in_starts_the_count_again(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, email="ada@uji.go.id")
        limit = get_settings().login_attempts_per_15min
        for _ in range(limit - 1):
            await login(client, "ada@uji.go.id", "salah-kata-sandi")
        assert (await login(client, "ada@uji.go.id", factories.DEFAULT_PASSWORD)).status_code == 200
        for _ in range(limit - 1):
            await login(client, "ada@uji.go.id", "salah-kata-sandi")
        assert (await login(client, "ada@uji.go.id", factories.DEFAULT_PASSWORD)).status_code == 200
