"""An admin registers another agency's system, rotates its secret and revokes it; the system
takes tokens with client credentials and reaches only what its scopes and regions allow."""

from __future__ import annotations

import base64

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import AuditEvent, IdempotencyKey, IntegrationClient
from tests import factories
from tests.households.factories import GANDUS, KERTAPATI_KECAMATAN, City, household_payload
from tests.integration_clients.factories import BASE, register, take_token, token_headers
from tests.kit.test_problems import assert_problem

Headers = dict[str, str]
ALL_READ = ["households:read", "sessions:read", "assignments:read", "mentors:read"]


class TestRegister:
    async def test_the_secret_is_shown_once_and_stored_only_as_a_keyed_hash(
        self, client: httpx.AsyncClient, admin: Headers, db: AsyncSession
    ) -> None:
        reg = await register(client, admin, scopes=["households:read", "households:read"])

        assert reg.body["scopes"] == ["households:read"]
        assert reg.body["active"] is True
        assert len(reg.client_secret) >= 43  # 256 bits, URL-safe
        shown = await client.get(f"{BASE}/{reg.id}", headers=admin)
        assert shown.status_code == 200
        assert "client_secret" not in shown.json()
        listed = (await client.get(BASE, headers=admin)).json()["items"]
        assert [c["client_id"] for c in listed] == [reg.client_id]
        assert reg.client_secret not in shown.text + str(listed)
        row = await db.scalar(select(IntegrationClient))
        assert row is not None
        assert reg.client_secret not in (row.secret_hash, row.client_id)
        assert len(row.secret_hash) == 64

    @pytest.mark.parametrize("role", ["agency_admin", "coordinator", "mentor", "auditor"])
    async def test_only_an_admin_registers(
        self, client: httpx.AsyncClient, db: AsyncSession, role: str
    ) -> None:
        other = await factories.headers_for(db, role)
        payload = {"name": "SIASN", "agency_code": "BKPSDM", "scopes": ["mentors:read"]}
        assert_problem(await client.post(BASE, json=payload, headers=other), 403)
        assert_problem(await client.post(BASE, json=payload), 401)

    @pytest.mark.parametrize(
        ("change", "loc"),
        [
            ({"scopes": ["households:delete"]}, ["body", "scopes", 0]),
            ({"scopes": []}, ["body", "scopes"]),
            ({"agency_code": "NO_SUCH"}, ["body", "agency_code"]),
            ({"region_codes": ["16.71.99"]}, ["body", "region_codes", 0]),
            ({"region_codes": ["Palembang"]}, ["body", "region_codes", 0]),
            ({"secret": "mine"}, ["body", "secret"]),
        ],
    )
    async def test_bad_input_is_422_naming_the_field_and_stores_nothing(
        self,
        client: httpx.AsyncClient,
        admin: Headers,
        db: AsyncSession,
        change: dict[str, object],
        loc: list[object],
    ) -> None:
        payload = {"name": "DTSEN", "agency_code": "DINSOS", "scopes": ["households:read"]}
        body = assert_problem(await client.post(BASE, json=payload | change, headers=admin), 422)
        assert loc in [e["loc"] for e in body["errors"]]
        assert await db.scalar(select(IntegrationClient)) is None

    async def test_a_client_cannot_manage_clients(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        reg = await register(client, admin, scopes=["households:read", "webhooks:manage"])
        as_client = await token_headers(client, reg)
        body = assert_problem(await client.get(BASE, headers=as_client), 403)
        assert "people" in body["detail"]


class TestToken:
    async def test_form_credentials_give_a_bearer_token_with_every_granted_scope(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        reg = await register(client, admin, scopes=["mentors:read", "households:read"])
        r = await take_token(client, reg.client_id, reg.client_secret)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["token_type"] == "bearer"
        assert body["scope"] == "households:read mentors:read"
        assert body["expires_in"] > 0
        assert body.get("refresh_token") is None
        assert r.headers["cache-control"] == "no-store"

    async def test_http_basic_client_authentication(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        reg = await register(client, admin, scopes=["mentors:read"])
        basic = base64.b64encode(f"{reg.client_id}:{reg.client_secret}".encode()).decode()
        r = await client.post(
            "/api/v1/auth/token",
            data={"grant_type": "client_credentials", "scope": "mentors:read"},
            headers={"Authorization": f"Basic {basic}"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["scope"] == "mentors:read"
        mentors = await client.get(
            "/api/v1/mentors", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
        )
        assert mentors.status_code == 200

    async def test_a_token_for_fewer_scopes_is_refused_beyond_them_naming_the_scope(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        reg = await register(client, admin, scopes=["mentors:read", "households:read"])
        narrow = await token_headers(client, reg, scope="mentors:read")
        assert (await client.get("/api/v1/mentors", headers=narrow)).status_code == 200
        body = assert_problem(await client.get("/api/v1/households", headers=narrow), 403)
        assert "households:read" in body["detail"]

    @pytest.mark.parametrize(
        ("credentials", "error"),
        [
            (("bina_unknown", "whatever"), "invalid_client"),
            ((None, "wrong-secret"), "invalid_client"),
            ((None, ""), "invalid_client"),
        ],
    )
    async def test_unknown_client_or_wrong_secret_is_401_invalid_client_and_audited(
        self,
        client: httpx.AsyncClient,
        admin: Headers,
        db: AsyncSession,
        credentials: tuple[str | None, str],
        error: str,
    ) -> None:
        reg = await register(client, admin, scopes=["mentors:read"])
        client_id, secret = credentials
        r = await take_token(client, client_id or reg.client_id, secret)
        body = assert_problem(r, 401)
        assert body["error"] == error
        assert "access_token" not in r.text
        failed = await db.scalars(
            select(AuditEvent.object_id).where(AuditEvent.action == "auth.client_failed")
        )
        assert list(failed) == [client_id or reg.client_id]

    @pytest.mark.parametrize("scope", ["households:read", "mentors:read stats:everything"])
    async def test_a_scope_not_granted_is_400_invalid_scope(
        self, client: httpx.AsyncClient, admin: Headers, scope: str
    ) -> None:
        reg = await register(client, admin, scopes=["mentors:read"])
        body = assert_problem(
            await take_token(client, reg.client_id, reg.client_secret, scope), 400
        )
        assert body["error"] == "invalid_scope"


class TestRotateAndRevoke:
    async def test_after_rotation_both_secrets_work_during_the_grace(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        reg = await register(client, admin, scopes=["mentors:read"])
        r = await client.post(f"{BASE}/{reg.id}/rotate-secret", headers=admin)
        assert r.status_code == 200, r.text
        new = r.json()["client_secret"]
        assert new != reg.client_secret
        assert r.json()["previous_secret_expires_at"] is not None
        assert (await take_token(client, reg.client_id, new)).status_code == 200
        assert (await take_token(client, reg.client_id, reg.client_secret)).status_code == 200

    async def test_without_a_grace_the_old_secret_stops_at_once(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        reg = await register(client, admin, scopes=["mentors:read"])
        r = await client.post(
            f"{BASE}/{reg.id}/rotate-secret", json={"grace_hours": 0}, headers=admin
        )
        assert r.status_code == 200, r.text
        old = await take_token(client, reg.client_id, reg.client_secret)
        assert assert_problem(old, 401)["error"] == "invalid_client"
        assert (
            await take_token(client, reg.client_id, r.json()["client_secret"])
        ).status_code == 200

    async def test_revocation_needs_if_match_and_kills_tokens_at_once(
        self, client: httpx.AsyncClient, admin: Headers, db: AsyncSession
    ) -> None:
        reg = await register(client, admin, scopes=["mentors:read"])
        as_client = await token_headers(client, reg)
        assert (await client.get("/api/v1/mentors", headers=as_client)).status_code == 200

        assert_problem(await client.delete(f"{BASE}/{reg.id}", headers=admin), 428)
        r = await client.delete(f"{BASE}/{reg.id}", headers=admin | {"If-Match": reg.etag})
        assert r.status_code == 204

        assert_problem(await client.get("/api/v1/mentors", headers=as_client), 401)
        again = await take_token(client, reg.client_id, reg.client_secret)
        assert assert_problem(again, 401)["error"] == "invalid_client"
        shown = (await client.get(f"{BASE}/{reg.id}", headers=admin)).json()
        assert shown["active"] is False
        actions = set(await db.scalars(select(AuditEvent.action)))
        assert {"integration_client.create", "integration_client.revoke"} <= actions

    async def test_a_scope_taken_away_is_gone_from_tokens_already_issued(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        reg = await register(client, admin, scopes=["mentors:read", "households:read"])
        as_client = await token_headers(client, reg)
        assert (await client.get("/api/v1/households", headers=as_client)).status_code == 200
        r = await client.patch(
            f"{BASE}/{reg.id}",
            json={"scopes": ["mentors:read"]},
            headers=admin | {"If-Match": reg.etag},
        )
        assert r.status_code == 200, r.text
        assert_problem(await client.get("/api/v1/households", headers=as_client), 403)


class TestReach:
    async def test_identifiers_are_masked_and_specific_data_withheld_without_reveal(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        reg = await register(client, admin, scopes=["households:read"])
        as_client = await token_headers(client, reg)
        r = await client.get(city.kertapati.url, headers=as_client)
        assert r.status_code == 200, r.text
        body = r.json()
        assert "*" in body["kk_number"]
        assert body["kk_number"] != city.kertapati.payload["kk_number"]
        anak = next(m for m in body["members"] if m["relationship"] == "anak")
        assert anak["in_school"] is None
        asked = await client.get(f"{city.kertapati.url}?reveal=nik", headers=as_client)
        assert_problem(asked, 403)

    async def test_identifiers_reveal_shows_them_and_the_audit_names_the_client(
        self, client: httpx.AsyncClient, admin: Headers, city: City, db: AsyncSession
    ) -> None:
        reg = await register(client, admin, scopes=["households:read", "identifiers:reveal"])
        as_client = await token_headers(client, reg)
        r = await client.get(f"{city.kertapati.url}?reveal=nik", headers=as_client)
        assert r.status_code == 200, r.text
        assert r.json()["kk_number"] == city.kertapati.payload["kk_number"]
        anak = next(m for m in r.json()["members"] if m["relationship"] == "anak")
        assert anak["in_school"] is True
        events = (
            await db.execute(
                select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.actor_role).where(
                    AuditEvent.object_id == city.kertapati.id
                )
            )
        ).all()
        by_client = {(a, str(actor)) for a, actor, role in events if role == "client"}
        assert {("household.reveal", reg.id), ("household.specific_read", reg.id)} <= by_client

    async def test_region_codes_limit_the_households_it_reaches(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        reg = await register(
            client, admin, scopes=["households:read"], region_codes=[KERTAPATI_KECAMATAN]
        )
        as_client = await token_headers(client, reg)
        listed = (await client.get("/api/v1/households", headers=as_client)).json()["items"]
        assert {h["id"] for h in listed} == {city.kertapati.id, city.kemas_rindo.id}
        assert_problem(await client.get(city.gandus.url, headers=as_client), 404)

    async def test_a_client_with_households_write_registers_a_family_in_its_region_only(
        self, client: httpx.AsyncClient, admin: Headers, db: AsyncSession
    ) -> None:
        reg = await register(
            client,
            admin,
            scopes=["households:write", "households:read"],
            region_codes=[KERTAPATI_KECAMATAN],
        )
        as_client = await token_headers(client, reg)
        r = await client.post("/api/v1/households", json=household_payload(), headers=as_client)
        assert r.status_code == 201, r.text
        created = await db.scalar(select(AuditEvent).where(AuditEvent.object_id == r.json()["id"]))
        assert created is not None
        assert (str(created.actor_id), created.actor_role) == (reg.id, "client")
        outside = household_payload(kelurahan_code=GANDUS)
        assert_problem(
            await client.post("/api/v1/households", json=outside, headers=as_client), 403
        )

    async def test_delta_sync_pages_for_a_client(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        reg = await register(client, admin, scopes=["sessions:read"])
        as_client = await token_headers(client, reg)
        r = await client.get("/api/v1/sync", headers=as_client)
        assert r.status_code == 200, r.text
        ids = {c["id"] for c in r.json()["items"] if c["type"] == "household"}
        assert {city.kertapati.id, city.gandus.id} <= ids
        other = await register(client, admin, scopes=["sessions:read"], name="Gateway")
        cursor = r.json()["next_cursor"]
        theirs = await client.get(
            "/api/v1/sync",
            params={"cursor": cursor},
            headers=await token_headers(client, other),
        )
        assert theirs.status_code == 400  # a cursor is its caller's own


class TestSecretsAreNotKept:
    async def test_an_idempotent_replay_of_a_registration_does_not_show_the_secret_again(
        self, client: httpx.AsyncClient, admin: Headers, db: AsyncSession
    ) -> None:
        payload = {"name": "SIASN BKPSDM", "agency_code": "BKPSDM", "scopes": ["mentors:read"]}
        key = {"Idempotency-Key": "register-siasn-1"}
        first = await client.post(BASE, json=payload, headers=admin | key)
        assert first.status_code == 201, first.text
        secret = first.json()["client_secret"]

        again = await client.post(BASE, json=payload, headers=admin | key)

        body = assert_problem(again, 409)
        assert secret not in again.text
        assert again.headers["location"] == first.headers["location"]
        assert "rotate" in body["detail"]
        kept = await db.scalars(select(IdempotencyKey.response_body))
        assert all(secret.encode() not in (b or b"") for b in kept)
        listed = (await client.get(BASE, headers=admin)).json()["items"]
        assert len(listed) == 1  # registered once
