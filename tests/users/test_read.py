"""GET /users/{id}: one account, with its ETag; out of scope looks exactly like not there."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import User
from tests import factories
from tests.users.factories import mentor

URL = "/api/v1/users"
OTHER_ROLES = ("coordinator", "mentor", "auditor")


class TestGetUser:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert (await client.get(f"{URL}/{uuid.uuid4()}")).status_code == 401

    async def test_other_roles_are_403(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        target = await factories.user(db)
        for role in OTHER_ROLES:
            with subtests.test(role=role):
                headers = await factories.headers_for(db, role)
                r = await client.get(f"{URL}/{target.id}", headers=headers)
                assert r.status_code == 403

    async def test_admin_reads_any_account_with_its_etag(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db, role="coordinator", name="Pak Camat")
        r = await client.get(f"{URL}/{target.id}", headers=await factories.headers_for(db))
        assert r.status_code == 200
        assert r.headers["etag"] == '"1"'
        assert r.headers["cache-control"] == "no-store"
        body = r.json()
        assert body["id"] == str(target.id)
        assert body["name"] == "Pak Camat"
        assert body["region_code"] == "16.71.13"
        assert set(body) == {
            "id",
            "email",
            "name",
            "role",
            "agency_code",
            "region_code",
            "mentor_id",
            "active",
            "version",
            "created_at",
            "updated_at",
        }

    async def test_unknown_id_is_404(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        r = await client.get(f"{URL}/{uuid.uuid4()}", headers=await factories.headers_for(db))
        assert r.status_code == 404
        assert r.headers["content-type"] == "application/problem+json"

    async def test_a_malformed_id_is_422(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        r = await client.get(f"{URL}/bukan-uuid", headers=await factories.headers_for(db))
        assert r.status_code == 422

    async def test_agency_admin_reads_its_mentors_account(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        m = await mentor(db, agency_code="DINSOS")
        target = await factories.user(db, role="mentor", mentor_id=m.id)
        agency_admin = await factories.headers_for(db, "agency_admin", agency_code="DINSOS")
        r = await client.get(f"{URL}/{target.id}", headers=agency_admin)
        assert r.status_code == 200
        assert r.json()["mentor_id"] == str(m.id)

    async def test_agency_admin_out_of_scope_is_404_without_personal_data(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        me = await factories.user(db, role="agency_admin", agency_code="DINSOS")
        targets = {
            "other agency's mentor": await _mentor_account(db, "DINKES"),
            "coordinator": await factories.user(db, role="coordinator"),
            "admin": await factories.user(db, role="admin"),
            "itself": me,
        }
        unknown = await client.get(f"{URL}/{uuid.uuid4()}", headers=factories.bearer(me))
        for kind, target in targets.items():
            with subtests.test(kind=kind):
                r = await client.get(f"{URL}/{target.id}", headers=factories.bearer(me))
                assert r.status_code == 404
                assert target.email not in r.text
                assert target.name not in r.text
                assert r.json()["detail"] == unknown.json()["detail"]


async def _mentor_account(db: AsyncSession, agency_code: str) -> User:
    m = await mentor(db, agency_code=agency_code)
    return await factories.user(db, role="mentor", mentor_id=m.id)
