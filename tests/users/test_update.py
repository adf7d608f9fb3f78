"""PATCH /users/{id}: change an account under If-Match; a new password or deactivation ends
every sign-in of that account at once."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import User
from tests import factories
from tests.auth.helpers import assert_unauthorized, login, me, refresh
from tests.users.factories import audit_events, mentor, reload

URL = "/api/v1/users"
OTHER_ROLES = ("coordinator", "mentor", "auditor")
NEW_PASSWORD = "ampera-jembatan-1965"


def _if_match(headers: dict[str, str], version: int = 1) -> dict[str, str]:
    return headers | {"If-Match": f'"{version}"'}


async def _patch(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    user: User,
    body: dict[str, Any],
    version: int = 1,
) -> httpx.Response:
    return await client.patch(f"{URL}/{user.id}", json=body, headers=_if_match(headers, version))


async def _mentor_account(db: AsyncSession, agency_code: str = "DINSOS", **kw: Any) -> User:
    m = await mentor(db, agency_code=agency_code)
    return await factories.user(db, role="mentor", mentor_id=m.id, **kw)


class TestUpdateUserAccess:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        target = await factories.user(db)
        r = await client.patch(
            f"{URL}/{target.id}", json={"name": "X"}, headers={"If-Match": '"1"'}
        )
        assert r.status_code == 401

    async def test_other_roles_are_403(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        target = await factories.user(db)
        for role in OTHER_ROLES:
            with subtests.test(role=role):
                r = await _patch(
                    client, await factories.headers_for(db, role), target, {"name": "X"}
                )
                assert r.status_code == 403
        assert (await reload(db, target)).version == 1

    async def test_unknown_id_is_404(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        r = await client.patch(
            f"{URL}/{uuid.uuid4()}",
            json={"name": "X"},
            headers=_if_match(await factories.headers_for(db)),
        )
        assert r.status_code == 404


class TestUpdateUserPreconditions:
    async def test_without_if_match_is_428(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db)
        r = await client.patch(
            f"{URL}/{target.id}", json={"name": "X"}, headers=await factories.headers_for(db)
        )
        assert r.status_code == 428
        assert r.headers["content-type"] == "application/problem+json"
        assert (await reload(db, target)).name == target.name

    async def test_a_stale_version_is_412_with_the_current_one(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db)
        admin = await factories.headers_for(db)
        assert (await _patch(client, admin, target, {"name": "Pertama"})).status_code == 200
        r = await _patch(client, admin, target, {"name": "Kedua"}, version=1)
        assert r.status_code == 412
        assert r.json()["current_version"] == 2
        assert r.json()["current_etag"] == '"2"'
        assert (await reload(db, target)).name == "Pertama"

    async def test_each_change_moves_the_etag_on(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db)
        admin = await factories.headers_for(db)
        r = await _patch(client, admin, target, {"name": "Baru"})
        assert r.status_code == 200
        assert r.headers["etag"] == '"2"'
        assert r.json()["version"] == 2
        r = await _patch(client, admin, target, {"name": "Lagi"}, version=2)
        assert r.headers["etag"] == '"3"'

    async def test_a_patch_that_changes_nothing_keeps_the_version(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db, name="Sama")
        admin = await factories.headers_for(db)
        for body in ({}, {"name": "Sama"}):
            r = await _patch(client, admin, target, body)
            assert r.status_code == 200
            assert r.headers["etag"] == '"1"'
        assert await audit_events(db, "user.update") == []


class TestAdminUpdatesUser:
    async def test_changes_role_and_scope_together(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db, role="coordinator")
        admin_user = await factories.user(db)
        r = await _patch(
            client,
            factories.bearer(admin_user),
            target,
            {"role": "agency_admin", "region_code": None, "agency_code": "BAPPEDA"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["role"] == "agency_admin"
        assert r.json()["agency_code"] == "BAPPEDA"
        assert r.json()["region_code"] is None
        [event] = await audit_events(db, "user.update")
        assert event.actor_id == admin_user.id
        assert event.object_id == str(target.id)
        assert event.detail["changed"] == ["agency_code", "region_code", "role"]
        assert event.detail["role"] == {"from": "coordinator", "to": "agency_admin"}
        assert event.detail["region_code"] == {"from": "16.71.13", "to": None}

    async def test_a_role_change_leaving_the_old_scope_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db, role="coordinator")
        r = await _patch(client, await factories.headers_for(db), target, {"role": "auditor"})
        assert r.status_code == 422
        assert [e["loc"] for e in r.json()["errors"]] == [["body", "region_code"]]

    async def test_links_a_mentor_account_to_another_mentor(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await _mentor_account(db)
        other = await mentor(db, agency_code="DISDIK")
        r = await _patch(
            client, await factories.headers_for(db), target, {"mentor_id": str(other.id)}
        )
        assert r.status_code == 200
        assert r.json()["mentor_id"] == str(other.id)

    async def test_unknown_references_are_422(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        admin = await factories.headers_for(db)
        cases: list[tuple[User, str, str]] = [
            (await factories.user(db, role="agency_admin"), "agency_code", "FIKTIF"),
            (await factories.user(db, role="coordinator"), "region_code", "16.71.99"),
            (await _mentor_account(db), "mentor_id", str(uuid.UUID(int=7))),
        ]
        for target, field, value in cases:
            with subtests.test(field=field):
                r = await _patch(client, admin, target, {field: value})
                assert r.status_code == 422
                assert [e["loc"] for e in r.json()["errors"]] == [["body", field]]

    async def test_a_required_field_cannot_be_nulled(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        target = await factories.user(db)
        admin = await factories.headers_for(db)
        for field in ("email", "name", "role", "password", "active"):
            with subtests.test(field=field):
                r = await _patch(client, admin, target, {field: None})
                assert r.status_code == 422
                assert r.json()["errors"][0]["loc"] == ["body", field]

    async def test_unknown_fields_are_refused(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        target = await factories.user(db)
        admin = await factories.headers_for(db)
        for body in ({"token_generation": 0}, {"version": 5}, {"password_hash": "x"}, {"id": "x"}):
            with subtests.test(body=body):
                r = await _patch(client, admin, target, body)
                assert r.status_code == 422
                assert r.json()["errors"][0]["type"] == "extra_forbidden"

    async def test_a_taken_email_is_409(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        await factories.user(db, email="ada@uji.go.id")
        target = await factories.user(db)
        r = await _patch(
            client, await factories.headers_for(db), target, {"email": "Ada@uji.go.id"}
        )
        assert r.status_code == 409
        assert [e["loc"] for e in r.json()["errors"]] == [["body", "email"]]

    async def test_a_mentor_linked_elsewhere_is_409(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        taken = await _mentor_account(db)
        target = await _mentor_account(db)
        r = await _patch(
            client, await factories.headers_for(db), target, {"mentor_id": str(taken.mentor_id)}
        )
        assert r.status_code == 409
        assert [e["loc"] for e in r.json()["errors"]] == [["body", "mentor_id"]]

    async def test_cannot_demote_or_deactivate_itself(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = await factories.user(db)
        for body in ({"role": "auditor"}, {"active": False}):
            r = await _patch(client, factories.bearer(admin), admin, body)
            assert r.status_code == 409, r.text
        r = await _patch(client, factories.bearer(admin), admin, {"name": "Nama Baru"})
        assert r.status_code == 200


class TestUpdateEndsSessions:
    async def test_a_new_password_kills_every_old_token(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db, role="coordinator", email="camat@uji.go.id")
        tokens = (await login(client, "camat@uji.go.id", factories.DEFAULT_PASSWORD)).json()
        r = await _patch(
            client, await factories.headers_for(db), target, {"password": NEW_PASSWORD}
        )
        assert r.status_code == 200, r.text
        assert "password" not in r.json()
        assert_unauthorized(await me(client, tokens["access_token"]))
        assert_unauthorized(await refresh(client, tokens["refresh_token"]))
        assert_unauthorized(await login(client, "camat@uji.go.id", factories.DEFAULT_PASSWORD))
        assert (await login(client, "camat@uji.go.id", NEW_PASSWORD)).status_code == 200

    async def test_a_new_password_is_audited_by_name_only(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db)
        await _patch(client, await factories.headers_for(db), target, {"password": NEW_PASSWORD})
        [event] = await audit_events(db, "user.update")
        assert event.detail["changed"] == ["password"]
        assert event.detail["sessions_ended"] is True
        assert NEW_PASSWORD not in str(event.detail)
        assert "argon2" not in str(event.detail)

    async def test_a_weak_password_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db)
        r = await _patch(client, await factories.headers_for(db), target, {"password": "12345678"})
        assert r.status_code == 422
        assert r.json()["errors"][0]["type"] == "password_policy"
        assert "12345678" not in r.text

    async def test_deactivation_kills_every_token_and_reactivation_allows_sign_in(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db, role="auditor", email="inspektur@uji.go.id")
        tokens = (await login(client, "inspektur@uji.go.id", factories.DEFAULT_PASSWORD)).json()
        admin = await factories.headers_for(db)
        r = await _patch(client, admin, target, {"active": False})
        assert r.status_code == 200
        assert r.json()["active"] is False
        assert_unauthorized(await me(client, tokens["access_token"]))
        assert_unauthorized(await refresh(client, tokens["refresh_token"]))
        [event] = await audit_events(db, "user.deactivate")
        assert event.detail["active"] == {"from": True, "to": False}
        r = await _patch(client, admin, target, {"active": True}, version=r.json()["version"])
        assert r.status_code == 200
        assert len(await audit_events(db, "user.reactivate")) == 1
        assert_unauthorized(await me(client, tokens["access_token"]))  # old tokens stay dead
        assert (
            await login(client, "inspektur@uji.go.id", factories.DEFAULT_PASSWORD)
        ).status_code == 200

    async def test_a_role_change_takes_effect_on_the_next_request(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db, role="admin")
        token = factories.bearer(target)
        assert (await client.get(URL, headers=token)).status_code == 200
        await _patch(client, await factories.headers_for(db), target, {"role": "auditor"})
        assert (await client.get(URL, headers=token)).status_code == 403


class TestAgencyAdminUpdatesUser:
    async def test_changes_its_mentors_name_password_and_activity(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await _mentor_account(db, "DINSOS")
        agency_admin = await factories.headers_for(db, "agency_admin", agency_code="DINSOS")
        r = await _patch(
            client,
            agency_admin,
            target,
            {"name": "Nama Baru", "password": NEW_PASSWORD, "active": False, "role": "mentor"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["name"] == "Nama Baru"
        assert r.json()["active"] is False

    async def test_relinks_only_to_a_mentor_of_its_agency(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await _mentor_account(db, "DINSOS")
        own = await mentor(db, agency_code="DINSOS")
        foreign = await mentor(db, agency_code="DINKES")
        agency_admin = await factories.headers_for(db, "agency_admin", agency_code="DINSOS")
        r = await _patch(client, agency_admin, target, {"mentor_id": str(foreign.id)})
        assert r.status_code == 422
        r = await _patch(client, agency_admin, target, {"mentor_id": str(own.id)})
        assert r.status_code == 200

    async def test_cannot_raise_a_role_or_set_a_scope(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        target = await _mentor_account(db, "DINSOS")
        agency_admin = await factories.headers_for(db, "agency_admin", agency_code="DINSOS")
        bodies: list[dict[str, Any]] = [
            {"role": "admin"},
            {"role": "agency_admin"},
            {"role": "coordinator"},
            {"agency_code": "DINSOS"},
            {"agency_code": "DINKES"},
            {"region_code": "16.71.13"},
        ]
        for body in bodies:
            with subtests.test(body=body):
                r = await _patch(client, agency_admin, target, body)
                assert r.status_code == 403
        fresh = await reload(db, target)
        assert (fresh.role, fresh.agency_code, fresh.version) == ("mentor", None, 1)

    async def test_out_of_scope_is_404_without_personal_data(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        me_ = await factories.user(db, role="agency_admin", agency_code="DINSOS")
        targets = {
            "other agency's mentor": await _mentor_account(db, "DINKES"),
            "coordinator": await factories.user(db, role="coordinator"),
            "itself": me_,
        }
        for kind, target in targets.items():
            with subtests.test(kind=kind):
                r = await _patch(client, factories.bearer(me_), target, {"name": "Diambil Alih"})
                assert r.status_code == 404
                assert target.email not in r.text
                assert target.name not in r.text
                assert (await reload(db, target)).name != "Diambil Alih"
        assert (await reload(db, target)).name != "Diambil Alih"
