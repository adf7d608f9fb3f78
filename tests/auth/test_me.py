"""GET /auth/me: every role sees its own account, scope included, and nothing secret."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.auth.helpers import assert_unauthorized
from tests.users.factories import mentor

ME_URL = "/api/v1/auth/me"


class TestMe:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert_unauthorized(await client.get(ME_URL))

    async def test_each_role_sees_its_account(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        scopes: list[tuple[str, str | None, str | None]] = [
            ("admin", None, None),
            ("agency_admin", "DINSOS", None),
            ("coordinator", None, "16.71.13"),
            ("auditor", None, None),
        ]
        for role, agency_code, region_code in scopes:
            with subtests.test(role=role):
                u = await factories.user(db, role=role, name="Siti Aminah")
                r = await client.get(ME_URL, headers=factories.bearer(u))
                assert r.status_code == 200, r.text
                assert r.json() == {
                    "id": str(u.id),
                    "email": u.email,
                    "name": "Siti Aminah",
                    "role": role,
                    "agency_code": agency_code,
                    "region_code": region_code,
                    "mentor_id": None,
                    "active": True,
                }

    async def test_a_mentor_sees_its_mentor_link(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        m = await mentor(db)
        u = await factories.user(db, role="mentor", mentor_id=m.id)
        r = await client.get(ME_URL, headers=factories.bearer(u))
        assert r.status_code == 200
        assert r.json()["role"] == "mentor"
        assert r.json()["mentor_id"] == str(m.id)

    async def test_never_shows_the_password_hash(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        r = await client.get(ME_URL, headers=factories.bearer(u))
        assert "password" not in r.text
        assert "argon2" not in r.text
        assert "token_generation" not in r.json()
