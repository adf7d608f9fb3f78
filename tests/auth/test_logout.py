"""POST /auth/logout: end one sign-in (its refresh token family) or every sign-in at once."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.auth.helpers import assert_unauthorized, auth, login, me, refresh

LOGOUT_URL = "/api/v1/auth/logout"
EMAIL = "ada@uji.go.id"


async def _two_sign_ins(
    client: httpx.AsyncClient, db: AsyncSession
) -> tuple[dict[str, str], dict[str, str]]:
    await factories.user(db, email=EMAIL)
    phone = (await login(client, EMAIL, factories.DEFAULT_PASSWORD)).json()
    laptop = (await login(client, EMAIL, factories.DEFAULT_PASSWORD)).json()
    return phone, laptop


class TestLogout:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert_unauthorized(await client.post(LOGOUT_URL))

    async def test_with_a_refresh_token_ends_that_sign_in_only(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        phone, laptop = await _two_sign_ins(client, db)
        r = await client.post(
            LOGOUT_URL,
            data={"refresh_token": phone["refresh_token"]},
            headers=auth(phone["access_token"]),
        )
        assert r.status_code == 204, r.text
        assert_unauthorized(await refresh(client, phone["refresh_token"]))
        assert (await refresh(client, laptop["refresh_token"])).status_code == 200

    async def test_with_a_refresh_token_ends_its_whole_family(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        phone, _ = await _two_sign_ins(client, db)
        rotated = (await refresh(client, phone["refresh_token"])).json()
        r = await client.post(
            LOGOUT_URL,
            data={"refresh_token": phone["refresh_token"]},  # an older token of the family
            headers=auth(rotated["access_token"]),
        )
        assert r.status_code == 204
        assert_unauthorized(await refresh(client, rotated["refresh_token"]))

    async def test_without_a_refresh_token_ends_every_sign_in(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        phone, laptop = await _two_sign_ins(client, db)
        r = await client.post(LOGOUT_URL, headers=auth(phone["access_token"]))
        assert r.status_code == 204
        for tokens in (phone, laptop):
            assert_unauthorized(await me(client, tokens["access_token"]))
            assert_unauthorized(await refresh(client, tokens["refresh_token"]))
        assert (await login(client, EMAIL, factories.DEFAULT_PASSWORD)).status_code == 200

    async def test_someone_elses_refresh_token_is_refused(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        phone, _ = await _two_sign_ins(client, db)
        other = await factories.user(db, email="lain@uji.go.id")
        r = await client.post(
            LOGOUT_URL,
            data={"refresh_token": phone["refresh_token"]},
            headers=factories.bearer(other),
        )
        assert_unauthorized(r)
        assert (await refresh(client, phone["refresh_token"])).status_code == 200

    async def test_an_access_token_in_place_of_the_refresh_token_is_refused(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        phone, _ = await _two_sign_ins(client, db)
        r = await client.post(
            LOGOUT_URL,
            data={"refresh_token": phone["access_token"]},
            headers=auth(phone["access_token"]),
        )
        assert_unauthorized(r)
