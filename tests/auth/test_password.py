"""POST /auth/password: change your own password; every other sign-in ends at once."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import get_settings
from bina.models import AuditEvent
from tests import factories
from tests.auth.helpers import assert_unauthorized, auth, login, me, refresh

URL = "/api/v1/auth/password"
EMAIL = "ada@uji.go.id"
NEW_PASSWORD = "palembang-emas-2045"


async def _signed_in(client: httpx.AsyncClient, db: AsyncSession) -> dict[str, str]:
    await factories.user(db, role="mentor", email=EMAIL)
    tokens: dict[str, str] = (await login(client, EMAIL, factories.DEFAULT_PASSWORD)).json()
    return tokens


def _change(current: str = factories.DEFAULT_PASSWORD, new: str = NEW_PASSWORD) -> dict[str, str]:
    return {"current_password": current, "new_password": new}


class TestChangeOwnPassword:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert_unauthorized(await client.post(URL, json=_change()))

    async def test_changes_it_and_ends_every_other_sign_in(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        phone = await _signed_in(client, db)
        laptop = (await login(client, EMAIL, factories.DEFAULT_PASSWORD)).json()
        r = await client.post(URL, json=_change(), headers=auth(phone["access_token"]))
        assert r.status_code == 200, r.text
        fresh = r.json()
        for old in (phone, laptop):
            assert_unauthorized(await me(client, old["access_token"]))
            assert_unauthorized(await refresh(client, old["refresh_token"]))
        assert (await me(client, fresh["access_token"])).status_code == 200
        assert (await refresh(client, fresh["refresh_token"])).status_code == 200
        assert_unauthorized(await login(client, EMAIL, factories.DEFAULT_PASSWORD))
        assert (await login(client, EMAIL, NEW_PASSWORD)).status_code == 200

    async def test_is_audited_without_the_password(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        tokens = await _signed_in(client, db)
        await client.post(URL, json=_change(), headers=auth(tokens["access_token"]))
        await db.commit()
        event = await db.scalar(
            select(AuditEvent).where(AuditEvent.action == "auth.password_change")
        )
        assert event is not None
        assert NEW_PASSWORD not in str(event.detail)

    async def test_a_wrong_current_password_is_422_on_that_field(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        tokens = await _signed_in(client, db)
        r = await client.post(
            URL, json=_change(current="salah-kata-sandi"), headers=auth(tokens["access_token"])
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "current_password"]
        assert (await me(client, tokens["access_token"])).status_code == 200

    async def test_guessing_the_current_password_is_rate_limited(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        tokens = await _signed_in(client, db)
        for _ in range(get_settings().login_attempts_per_15min):
            r = await client.post(
                URL, json=_change(current="tebak"), headers=auth(tokens["access_token"])
            )
            assert r.status_code == 422
        r = await client.post(URL, json=_change(), headers=auth(tokens["access_token"]))
        assert r.status_code == 429
        assert "retry-after" in r.headers

    async def test_the_new_password_must_follow_the_policy(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        tokens = await _signed_in(client, db)
        for weak in ("pendek", "password123"):
            r = await client.post(URL, json=_change(new=weak), headers=auth(tokens["access_token"]))
            assert r.status_code == 422
            assert r.json()["errors"][0]["loc"] == ["body", "new_password"]
            assert r.json()["errors"][0]["type"] == "password_policy"
            assert weak not in r.text

    async def test_unknown_fields_are_refused(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        tokens = await _signed_in(client, db)
        body = _change() | {"role": "admin"}
        r = await client.post(URL, json=body, headers=auth(tokens["access_token"]))
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["body", "role"]
