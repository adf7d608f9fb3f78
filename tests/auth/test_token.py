"""POST /auth/token, grant_type=password: signing in, without telling who has an account."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import AuditEvent
from tests import factories
from tests.auth.helpers import TOKEN_URL, assert_unauthorized, auth, login, me


async def _actions(db: AsyncSession) -> list[str]:
    await db.commit()  # end any open snapshot, so the request's commits are visible
    actions = list(await db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    await db.commit()
    return actions


class TestPasswordGrant:
    async def test_signs_in_and_me_shows_the_role(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db, role="coordinator", email="camat@uji.go.id")
        r = await login(client, "Camat@uji.go.id", factories.DEFAULT_PASSWORD)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 15 * 60
        assert body["refresh_token"]
        assert r.headers["cache-control"] == "no-store"
        assert r.headers["pragma"] == "no-cache"
        profile = await me(client, body["access_token"])
        assert profile.status_code == 200
        assert profile.json()["id"] == str(u.id)
        assert profile.json()["role"] == "coordinator"
        assert profile.json()["region_code"] == "16.71.13"

    async def test_sign_in_is_audited(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        await factories.user(db, email="ada@uji.go.id")
        await login(client, "ada@uji.go.id", "salah-kata-sandi")
        await login(client, "ada@uji.go.id", factories.DEFAULT_PASSWORD)
        assert await _actions(db) == ["auth.login_failed", "auth.login"]

    async def test_unknown_user_and_wrong_password_answer_alike(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, email="ada@uji.go.id")
        wrong = await login(client, "ada@uji.go.id", "salah-kata-sandi")
        unknown = await login(client, "tidak-ada@uji.go.id", "salah-kata-sandi")
        assert_unauthorized(wrong)
        assert_unauthorized(unknown)
        assert wrong.json() == unknown.json()
        assert wrong.json()["error"] == "invalid_grant"
        assert dict(wrong.headers).keys() == dict(unknown.headers).keys()

    async def test_deactivated_user_gets_the_same_answer_as_a_wrong_password(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, email="pensiun@uji.go.id", active=False)
        right_password = await login(client, "pensiun@uji.go.id", factories.DEFAULT_PASSWORD)
        unknown = await login(client, "tidak-ada@uji.go.id", factories.DEFAULT_PASSWORD)
        assert_unauthorized(right_password)
        assert right_password.json() == unknown.json()

    async def test_deactivation_ends_an_existing_access_token_at_once(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await factories.user(db, role="coordinator", email="lurah@uji.go.id")
        tokens = (await login(client, "lurah@uji.go.id", factories.DEFAULT_PASSWORD)).json()
        assert (await me(client, tokens["access_token"])).status_code == 200
        admin = await factories.headers_for(db, "admin")
        r = await client.patch(
            f"/api/v1/users/{mentor.id}",
            json={"active": False},
            headers=admin | {"If-Match": '"1"'},
        )
        assert r.status_code == 200, r.text
        assert_unauthorized(await me(client, tokens["access_token"]))
        assert_unauthorized(await login(client, "lurah@uji.go.id", factories.DEFAULT_PASSWORD))

    async def test_a_deactivated_account_with_an_old_token_is_refused(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db, active=False)
        assert_unauthorized(await client.get("/api/v1/auth/me", headers=factories.bearer(u)))

    @pytest.mark.parametrize("missing", ["username", "password"])
    async def test_username_and_password_are_both_needed(
        self, client: httpx.AsyncClient, missing: str
    ) -> None:
        form = {"grant_type": "password", "username": "ada@uji.go.id", "password": "x" * 10}
        del form[missing]
        r = await client.post(TOKEN_URL, data=form)
        assert r.status_code == 400
        assert r.headers["content-type"] == "application/problem+json"

    async def test_an_unknown_grant_type_is_refused(self, client: httpx.AsyncClient) -> None:
        r = await client.post(TOKEN_URL, data={"grant_type": "implicit"})
        assert r.status_code == 400
        assert r.json()["error"] == "unsupported_grant_type"  # RFC 6749 §5.2

    async def test_the_password_is_never_echoed(self, client: httpx.AsyncClient) -> None:
        secret = "rahasia-" + "x" * 300
        r = await client.post(
            TOKEN_URL, data={"grant_type": "password", "username": "a@b.id", "password": secret}
        )
        assert r.status_code == 422
        assert secret not in r.text

    async def test_tokens_from_sign_in_work_as_bearer(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, role="auditor", email="inspektur@uji.go.id")
        body = (await login(client, "inspektur@uji.go.id", factories.DEFAULT_PASSWORD)).json()
        r = await client.get("/api/v1/audit-events", headers=auth(body["access_token"]))
        assert r.status_code == 200
