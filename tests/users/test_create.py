"""POST /users: an admin makes any account; an agency admin only its own mentors' accounts."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import User
from tests import factories
from tests.auth.helpers import login
from tests.users.factories import audit_events, mentor

URL = "/api/v1/users"
PASSWORD = "sungai-musi-1671"


def _body(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "email": "baru@uji.go.id",
        "name": "Pengguna Baru",
        "role": "auditor",
        "password": PASSWORD,
    }
    body.update(fields)
    return {k: v for k, v in body.items() if v is not ...}


def _error_locs(r: httpx.Response) -> list[list[Any]]:
    assert r.status_code in (409, 422), r.text
    return [e["loc"] for e in r.json()["errors"]]


class TestCreateUserAccess:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert (await client.post(URL, json=_body())).status_code == 401

    async def test_other_roles_are_403(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        for role in ("coordinator", "mentor", "auditor"):
            with subtests.test(role=role):
                headers = await factories.headers_for(db, role)
                r = await client.post(URL, json=_body(), headers=headers)
                assert r.status_code == 403
                assert r.headers["content-type"] == "application/problem+json"


class TestAdminCreatesUser:
    @pytest.mark.parametrize(
        ("role", "scope"),
        [
            ("admin", {}),
            ("auditor", {}),
            ("agency_admin", {"agency_code": "DINKES"}),
            ("coordinator", {"region_code": "16.71.01"}),
            ("coordinator", {"region_code": "16.71.01.1001"}),
        ],
    )
    async def test_creates_each_role_and_the_account_can_sign_in(
        self, client: httpx.AsyncClient, db: AsyncSession, role: str, scope: dict[str, str]
    ) -> None:
        admin = await factories.headers_for(db)
        r = await client.post(URL, json=_body(role=role, **scope), headers=admin)
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["role"] == role
        assert body["email"] == "baru@uji.go.id"
        assert body["active"] is True
        assert body["version"] == 1
        assert r.headers["etag"] == '"1"'
        assert r.headers["location"] == f"/api/v1/users/{body['id']}"
        for field in ("agency_code", "region_code", "mentor_id"):
            assert body[field] == scope.get(field)
        assert {"created_at", "updated_at"} <= body.keys()
        assert "password" not in r.text
        assert (await login(client, "baru@uji.go.id", PASSWORD)).status_code == 200

    async def test_creates_a_mentor_account_linked_to_its_mentor(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        m = await mentor(db, agency_code="DISDIK")
        admin = await factories.headers_for(db)
        r = await client.post(URL, json=_body(role="mentor", mentor_id=str(m.id)), headers=admin)
        assert r.status_code == 201, r.text
        assert r.json()["mentor_id"] == str(m.id)
        assert r.json()["agency_code"] is None

    async def test_email_is_stored_in_lower_case(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = await factories.headers_for(db)
        r = await client.post(URL, json=_body(email="Siti.Aminah@Palembang.go.id"), headers=admin)
        assert r.status_code == 201
        assert r.json()["email"] == "siti.aminah@palembang.go.id"

    async def test_may_create_an_inactive_account(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = await factories.headers_for(db)
        r = await client.post(URL, json=_body(active=False), headers=admin)
        assert r.status_code == 201
        assert r.json()["active"] is False
        assert (await login(client, "baru@uji.go.id", PASSWORD)).status_code == 401

    async def test_is_audited_without_personal_data_or_password(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin_user = await factories.user(db)
        r = await client.post(
            URL,
            json=_body(role="agency_admin", agency_code="DINSOS"),
            headers=factories.bearer(admin_user),
        )
        [event] = await audit_events(db, "user.create")
        assert event.actor_id == admin_user.id
        assert event.object_type == "user"
        assert event.object_id == r.json()["id"]
        assert event.detail["role"] == "agency_admin"
        assert event.detail["agency_code"] == "DINSOS"
        stored = str(event.detail)
        for secret in (PASSWORD, "argon2", "baru@uji.go.id", "Pengguna Baru"):
            assert secret not in stored


class TestCreateUserValidation:
    async def test_a_bad_field_is_422_on_that_field(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        admin = await factories.headers_for(db)
        bad: list[tuple[str, object]] = [
            ("email", "bukan-email"),
            ("email", "a@localhost"),
            ("email", "x" * 250 + "@uji.go.id"),
            ("name", ""),
            ("name", "   "),
            ("name", "n" * 201),
            ("role", "superuser"),
            ("role", "Admin"),
            ("password", None),
            ("password", "p" * 129),
            ("active", "kadang"),
            ("mentor_id", "bukan-uuid"),
        ]
        for field, value in bad:
            with subtests.test(field=field, value=value):
                r = await client.post(URL, json=_body(**{field: value}), headers=admin)
                assert r.status_code == 422, r.text
                assert r.headers["content-type"] == "application/problem+json"
                assert _error_locs(r)[0][:2] == ["body", field]

    async def test_a_missing_field_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        admin = await factories.headers_for(db)
        for field in ("email", "name", "role", "password"):
            with subtests.test(field=field):
                r = await client.post(URL, json=_body(**{field: ...}), headers=admin)
                assert _error_locs(r) == [["body", field]]

    async def test_a_weak_password_is_refused_without_echoing_it(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        admin = await factories.headers_for(db)
        for password in ("pendek", "1234567", "password123", "QWERTY123"):
            with subtests.test(password=password):
                r = await client.post(URL, json=_body(password=password), headers=admin)
                assert _error_locs(r) == [["body", "password"]]
                assert r.json()["errors"][0]["type"] == "password_policy"
                assert password not in r.text

    async def test_unknown_fields_are_refused(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        admin = await factories.headers_for(db)
        extras: list[dict[str, object]] = [
            {"id": "00000000-0000-0000-0000-000000000001"},
            {"token_generation": 5},
            {"password_hash": "x"},
            {"version": 9},
            {"is_superuser": True},
        ]
        for extra in extras:
            with subtests.test(extra=extra):
                r = await client.post(URL, json=_body(**extra), headers=admin)
                assert _error_locs(r) == [["body", next(iter(extra))]]
                assert r.json()["errors"][0]["type"] == "extra_forbidden"

    async def test_each_role_needs_its_scope(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        admin = await factories.headers_for(db)
        needs = {"agency_admin": "agency_code", "coordinator": "region_code", "mentor": "mentor_id"}
        for role, missing in needs.items():
            with subtests.test(role=role):
                r = await client.post(URL, json=_body(role=role), headers=admin)
                assert _error_locs(r) == [["body", missing]]
                assert r.json()["errors"][0]["type"] == "missing"

    async def test_a_scope_the_role_does_not_use_is_refused(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        admin = await factories.headers_for(db)
        cases: list[tuple[str, dict[str, str], str]] = [
            ("admin", {"agency_code": "DINSOS"}, "agency_code"),
            ("auditor", {"region_code": "16.71.13"}, "region_code"),
            ("agency_admin", {"agency_code": "DINSOS", "region_code": "16.71.13"}, "region_code"),
            ("coordinator", {"region_code": "16.71.13", "agency_code": "DINSOS"}, "agency_code"),
        ]
        for role, scope, field in cases:
            with subtests.test(role=role, scope=scope):
                r = await client.post(URL, json=_body(role=role, **scope), headers=admin)
                assert _error_locs(r) == [["body", field]]
                assert r.json()["errors"][0]["type"] == "not_for_role"

    async def test_an_unknown_reference_is_422_on_its_field(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        admin = await factories.headers_for(db)
        cases: list[tuple[str, str, str]] = [
            ("agency_admin", "agency_code", "DINAS-FIKTIF"),
            ("coordinator", "region_code", "16.71.99"),
            ("mentor", "mentor_id", "6b1e1d1e-0000-4000-8000-000000000000"),
        ]
        for role, field, value in cases:
            with subtests.test(field=field):
                r = await client.post(URL, json=_body(role=role, **{field: value}), headers=admin)
                assert _error_locs(r) == [["body", field]]
                assert r.json()["errors"][0]["type"] == "unknown"

    async def test_a_mentor_with_an_account_already_is_409(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        m = await mentor(db)
        await factories.user(db, role="mentor", mentor_id=m.id)
        admin = await factories.headers_for(db)
        r = await client.post(URL, json=_body(role="mentor", mentor_id=str(m.id)), headers=admin)
        assert r.status_code == 409
        assert _error_locs(r) == [["body", "mentor_id"]]

    async def test_a_duplicate_email_is_409_whatever_its_case(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, email="ada@uji.go.id")
        admin = await factories.headers_for(db)
        r = await client.post(URL, json=_body(email="ADA@uji.go.id"), headers=admin)
        assert r.status_code == 409
        assert _error_locs(r) == [["body", "email"]]
        assert r.headers["content-type"] == "application/problem+json"

    async def test_nothing_is_written_when_refused(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = await factories.headers_for(db)
        await client.post(
            URL, json=_body(role="coordinator", region_code="16.71.99"), headers=admin
        )
        assert await db.scalar(select(func.count()).select_from(User)) == 1
        assert await audit_events(db, "user.create") == []


class TestAgencyAdminCreatesUser:
    async def test_creates_an_account_for_a_mentor_of_its_agency(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        m = await mentor(db, agency_code="DINSOS")
        agency_admin = await factories.headers_for(db, "agency_admin", agency_code="DINSOS")
        r = await client.post(
            URL, json=_body(role="mentor", mentor_id=str(m.id)), headers=agency_admin
        )
        assert r.status_code == 201, r.text
        assert r.json()["role"] == "mentor"

    async def test_a_mentor_of_another_agency_is_unknown_to_it(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        m = await mentor(db, agency_code="DINKES")
        agency_admin = await factories.headers_for(db, "agency_admin", agency_code="DINSOS")
        r = await client.post(
            URL, json=_body(role="mentor", mentor_id=str(m.id)), headers=agency_admin
        )
        assert _error_locs(r) == [["body", "mentor_id"]]
        assert r.json()["errors"][0]["msg"] == "No mentor with this id in your agency."

    async def test_cannot_create_any_other_role(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        agency_admin = await factories.headers_for(db, "agency_admin", agency_code="DINSOS")
        cases: list[tuple[str, dict[str, str]]] = [
            ("admin", {}),
            ("auditor", {}),
            ("agency_admin", {"agency_code": "DINSOS"}),
            ("coordinator", {"region_code": "16.71.13"}),
        ]
        for role, scope in cases:
            with subtests.test(role=role):
                r = await client.post(URL, json=_body(role=role, **scope), headers=agency_admin)
                assert r.status_code == 403
        assert len(await audit_events(db, "authz.denied")) == len(cases)

    async def test_cannot_set_an_agency_or_region(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        m = await mentor(db, agency_code="DINSOS")
        agency_admin = await factories.headers_for(db, "agency_admin", agency_code="DINSOS")
        for scope in ({"agency_code": "DINSOS"}, {"region_code": "16.71.13"}):
            body = _body(role="mentor", mentor_id=str(m.id), **scope)
            assert (await client.post(URL, json=body, headers=agency_admin)).status_code == 403


class TestCreateUserIdempotency:
    async def test_the_same_key_and_body_replays_the_first_answer(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = await factories.headers_for(db) | {"Idempotency-Key": "buat-pengguna-1"}
        first = await client.post(URL, json=_body(), headers=admin)
        again = await client.post(URL, json=_body(), headers=admin)
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true"
        assert again.headers["etag"] == first.headers["etag"]
        assert again.headers["location"] == first.headers["location"]
        assert "idempotent-replayed" not in first.headers
        assert await db.scalar(select(func.count()).select_from(User)) == 2
        assert len(await audit_events(db, "user.create")) == 1

    async def test_the_same_key_with_another_body_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = await factories.headers_for(db) | {"Idempotency-Key": "buat-pengguna-2"}
        await client.post(URL, json=_body(), headers=admin)
        r = await client.post(URL, json=_body(email="lain@uji.go.id"), headers=admin)
        assert r.status_code == 422
        assert r.headers["content-type"] == "application/problem+json"
        assert await db.scalar(select(func.count()).select_from(User)) == 2

    async def test_a_refusal_is_replayed_too(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        await factories.user(db, email="baru@uji.go.id")
        admin = await factories.headers_for(db) | {"Idempotency-Key": "buat-pengguna-3"}
        first = await client.post(URL, json=_body(), headers=admin)
        again = await client.post(URL, json=_body(), headers=admin)
        assert first.status_code == again.status_code == 409
        assert again.headers["idempotent-replayed"] == "true"

    async def test_keys_are_per_caller(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        key = {"Idempotency-Key": "kunci-bersama"}
        one = await factories.headers_for(db) | key
        two = await factories.headers_for(db) | key
        assert (await client.post(URL, json=_body(), headers=one)).status_code == 201
        r = await client.post(URL, json=_body(email="dua@uji.go.id"), headers=two)
        assert r.status_code == 201
        assert "idempotent-replayed" not in r.headers
