"""DELETE /users/{id}: deactivates, never erases — the audit trail must keep naming the actor."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import AuditEvent
from tests import factories
from tests.auth.helpers import assert_unauthorized, login, me
from tests.users.factories import audit_events, mentor, reload

URL = "/api/v1/users"
OTHER_ROLES = ("coordinator", "mentor", "auditor")


class TestDeactivateUser:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        target = await factories.user(db)
        r = await client.delete(f"{URL}/{target.id}", headers={"If-Match": '"1"'})
        assert r.status_code == 401

    async def test_other_roles_are_403(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        target = await factories.user(db)
        for role in OTHER_ROLES:
            with subtests.test(role=role):
                headers = await factories.headers_for(db, role) | {"If-Match": '"1"'}
                r = await client.delete(f"{URL}/{target.id}", headers=headers)
                assert r.status_code == 403
        assert (await reload(db, target)).active is True

    async def test_without_if_match_is_428(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db)
        r = await client.delete(f"{URL}/{target.id}", headers=await factories.headers_for(db))
        assert r.status_code == 428
        assert (await reload(db, target)).active is True

    async def test_a_stale_if_match_is_412(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db)
        headers = await factories.headers_for(db) | {"If-Match": '"7"'}
        r = await client.delete(f"{URL}/{target.id}", headers=headers)
        assert r.status_code == 412
        assert r.json()["current_version"] == 1

    async def test_unknown_id_is_404(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        headers = await factories.headers_for(db) | {"If-Match": '"1"'}
        assert (await client.delete(f"{URL}/{uuid.uuid4()}", headers=headers)).status_code == 404

    async def test_deactivates_keeps_the_account_and_ends_its_sign_ins(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db, role="coordinator", email="camat@uji.go.id")
        tokens = (await login(client, "camat@uji.go.id", factories.DEFAULT_PASSWORD)).json()
        admin_user = await factories.user(db)
        admin = factories.bearer(admin_user)
        r = await client.delete(f"{URL}/{target.id}", headers=admin | {"If-Match": '"1"'})
        assert r.status_code == 200, r.text
        assert r.json()["active"] is False
        assert r.headers["etag"] == f'"{r.json()["version"]}"'
        assert_unauthorized(await me(client, tokens["access_token"]))
        assert_unauthorized(await login(client, "camat@uji.go.id", factories.DEFAULT_PASSWORD))
        # Still there, so the trail of what this account did keeps a name behind the id.
        still = await client.get(f"{URL}/{target.id}", headers=admin)
        assert still.status_code == 200
        assert still.json()["email"] == "camat@uji.go.id"
        [event] = await audit_events(db, "user.deactivate")
        assert event.actor_id == admin_user.id
        assert event.object_id == str(target.id)

    async def test_deleting_twice_changes_nothing_more(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await factories.user(db)
        admin = await factories.headers_for(db)
        first = await client.delete(f"{URL}/{target.id}", headers=admin | {"If-Match": '"1"'})
        etag = first.headers["etag"]
        again = await client.delete(f"{URL}/{target.id}", headers=admin | {"If-Match": etag})
        assert again.status_code == 200
        assert again.headers["etag"] == etag
        assert len(await audit_events(db, "user.deactivate")) == 1

    async def test_an_admin_cannot_delete_itself(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = await factories.user(db)
        headers = factories.bearer(admin) | {"If-Match": '"1"'}
        assert (await client.delete(f"{URL}/{admin.id}", headers=headers)).status_code == 409

    async def test_agency_admin_deactivates_its_mentors_account(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        m = await mentor(db, agency_code="DINSOS")
        target = await factories.user(db, role="mentor", mentor_id=m.id)
        headers = await factories.headers_for(db, "agency_admin", agency_code="DINSOS")
        r = await client.delete(f"{URL}/{target.id}", headers=headers | {"If-Match": '"1"'})
        assert r.status_code == 200
        assert r.json()["active"] is False

    async def test_agency_admin_out_of_scope_is_404(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        m = await mentor(db, agency_code="DINKES")
        target = await factories.user(db, role="mentor", mentor_id=m.id)
        headers = await factories.headers_for(db, "agency_admin", agency_code="DINSOS")
        r = await client.delete(f"{URL}/{target.id}", headers=headers | {"If-Match": '"1"'})
        assert r.status_code == 404
        assert target.email not in r.text
        assert (await reload(db, target)).active is True

    async def test_refusals_are_audited(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        target = await factories.user(db)
        auditor = await factories.user(db, role="auditor")
        headers = factories.bearer(auditor) | {"If-Match": '"1"'}
        await client.delete(f"{URL}/{target.id}", headers=headers)
        await db.commit()
        denied = await db.scalar(select(AuditEvent).where(AuditEvent.action == "authz.denied"))
        assert denied is not None
        assert denied.actor_id == auditor.id
