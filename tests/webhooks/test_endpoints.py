"""/webhooks: an admin manages every endpoint, an integration client with webhooks:manage only
its own (another's is 404); URLs must be https and public (SSRF), event types known; the secret
is shown once; changes need If-Match; everything is audited."""

from __future__ import annotations

import base64

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import AuditEvent
from tests import factories
from tests.households.checks import problem
from tests.integration_clients.factories import register as register_client
from tests.integration_clients.factories import token_headers
from tests.webhooks.factories import BASE, register

Headers = dict[str, str]
PUBLIC_URL = "https://93.184.215.14/hooks/bina"  # a public address: no DNS needed
EVENTS = ["household.created"]


async def client_headers(client: httpx.AsyncClient, admin: Headers, *scopes: str) -> Headers:
    registered = await register_client(client, admin, scopes=list(scopes))
    return await token_headers(client, registered)


class TestCreate:
    async def test_an_admin_registers_and_sees_the_secret_once(
        self, client: httpx.AsyncClient, db: AsyncSession, admin: Headers
    ) -> None:
        body = {"url": PUBLIC_URL, "event_types": EVENTS, "description": "DTSEN"}
        r = await client.post(BASE, json=body, headers=admin)
        assert r.status_code == 201, r.text
        created = r.json()
        assert created["secret"].startswith("whsec_")
        assert len(base64.b64decode(created["secret"].removeprefix("whsec_"))) == 32
        assert r.headers["location"] == f"{BASE}/{created['id']}"
        assert r.headers["etag"] == '"1"'
        assert r.headers["cache-control"] == "no-store"
        assert (created["active"], created["event_types"]) == (True, EVENTS)
        shown = await client.get(f"{BASE}/{created['id']}", headers=admin)
        assert "secret" not in shown.json()
        listed = await client.get(BASE, headers=admin)
        assert "secret" not in listed.json()["items"][0]
        actions = (await db.scalars(select(AuditEvent.action))).all()
        assert "webhook.create" in actions

    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        r = await client.post(BASE, json={"url": PUBLIC_URL, "event_types": EVENTS})
        assert r.status_code == 401

    @pytest.mark.parametrize("role", ["coordinator", "agency_admin", "mentor", "auditor"])
    async def test_people_other_than_admins_are_403(
        self, client: httpx.AsyncClient, db: AsyncSession, role: str
    ) -> None:
        headers = await factories.headers_for(db, role)
        r = await client.get(BASE, headers=headers)
        problem(r, 403)

    async def test_a_client_without_webhooks_manage_is_403_naming_the_scope(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        headers = await client_headers(client, admin, "households:read")
        r = await client.post(
            BASE, json={"url": PUBLIC_URL, "event_types": EVENTS}, headers=headers
        )
        assert "webhooks:manage" in problem(r, 403)["detail"]

    @pytest.mark.parametrize("events", [["household.deleted"], [], ["webhook.test"]])
    async def test_unknown_or_no_event_types_are_422(
        self, client: httpx.AsyncClient, admin: Headers, events: list[str]
    ) -> None:
        r = await client.post(BASE, json={"url": PUBLIC_URL, "event_types": events}, headers=admin)
        body = problem(r, 422)
        assert body["errors"][0]["loc"][:2] == ["body", "event_types"]


class TestUrlsRefused:
    """Private networks are not allowed here (the setting is off)."""

    @pytest.mark.parametrize(
        ("url", "kind", "said"),
        [
            ("http://93.184.215.14/hook", "url_scheme", "https"),
            ("ftp://93.184.215.14/hook", "url_scheme", "https"),
            ("https://localhost/hook", "url_private_network", "localhost resolves to"),
            ("https://10.0.0.1/hook", "url_private_network", "10.0.0.1, a private address"),
            (
                "https://169.254.169.254/latest/meta-data",
                "url_private_network",
                "169.254.169.254, a link-local address",
            ),
            ("https://[::1]:8443/hook", "url_private_network", "::1, a loopback address"),
            (
                "https://[::ffff:10.0.0.1]/hook",
                "url_private_network",
                "a private address",
            ),
            ("https://0.0.0.0/hook", "url_private_network", "unspecified"),
            ("https://user:pw@93.184.215.14/hook", "url_invalid", "user name"),
        ],
    )
    async def test_a_url_that_is_not_https_or_not_public_is_422(
        self, client: httpx.AsyncClient, admin: Headers, url: str, kind: str, said: str
    ) -> None:
        r = await client.post(BASE, json={"url": url, "event_types": EVENTS}, headers=admin)
        body = problem(r, 422)
        assert body["errors"] == [
            {"loc": ["body", "url"], "msg": body["errors"][0]["msg"], "type": kind}
        ]
        assert said in body["detail"]

    async def test_a_patch_to_a_private_url_is_refused_too(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        hook = await register(client, admin, PUBLIC_URL, EVENTS)
        r = await client.patch(
            hook.url, json={"url": "https://127.0.0.1/x"}, headers=admin | {"If-Match": hook.etag}
        )
        assert "127.0.0.1, a loopback address" in problem(r, 422)["detail"]

    async def test_private_networks_are_allowed_when_the_setting_says_so(
        self, client: httpx.AsyncClient, admin: Headers, private_ok: None
    ) -> None:
        await register(client, admin, "http://127.0.0.1:9/hook", EVENTS)
        await register(client, admin, "http://localhost:9/hook", EVENTS)


class TestOwnership:
    async def test_a_client_manages_only_its_own_and_the_admin_all(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        dinsos = await client_headers(client, admin, "webhooks:manage")
        dukcapil = await client_headers(client, admin, "webhooks:manage")
        theirs = await register(client, dinsos, PUBLIC_URL, EVENTS)
        ours = await register(client, admin, PUBLIC_URL, EVENTS)
        assert theirs.body["owner_client_id"] is not None
        assert theirs.body["created_by"] is None
        assert ours.body["owner_client_id"] is None

        listed = await client.get(BASE, headers=dinsos)
        assert [w["id"] for w in listed.json()["items"]] == [theirs.id]
        assert (await client.get(BASE, headers=dukcapil)).json()["items"] == []
        every = await client.get(BASE, headers=admin)
        assert {w["id"] for w in every.json()["items"]} == {theirs.id, ours.id}

        for url in (theirs.url, f"{theirs.url}/deliveries"):
            problem(await client.get(url, headers=dukcapil), 404)
        problem(await client.get(ours.url, headers=dinsos), 404)
        problem(await client.post(f"{theirs.url}/test", headers=dukcapil), 404)
        r = await client.patch(
            theirs.url, json={"description": "x"}, headers=dukcapil | {"If-Match": theirs.etag}
        )
        problem(r, 404)
        assert (await client.get(theirs.url, headers=admin)).status_code == 200


class TestChange:
    async def test_patch_needs_if_match_and_disables_and_enables(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        hook = await register(client, admin, PUBLIC_URL, EVENTS)
        problem(await client.patch(hook.url, json={"active": False}, headers=admin), 428)
        stale = await client.patch(
            hook.url, json={"active": False}, headers=admin | {"If-Match": '"7"'}
        )
        problem(stale, 412)
        r = await client.patch(
            hook.url,
            json={"active": False, "event_types": ["assignment.created", "assignment.ended"]},
            headers=admin | {"If-Match": hook.etag},
        )
        assert r.status_code == 200, r.text
        off = r.json()
        assert (off["active"], off["version"]) == (False, 2)
        assert off["disabled_at"] is not None
        assert off["disabled_reason"] == "disabled by admin"
        assert off["event_types"] == ["assignment.created", "assignment.ended"]
        problem(await client.post(f"{hook.url}/test", headers=admin), 409)
        r = await client.patch(
            hook.url, json={"active": True}, headers=admin | {"If-Match": r.headers["etag"]}
        )
        assert (r.json()["active"], r.json()["disabled_at"]) == (True, None)

    async def test_delete_needs_if_match_and_removes_it(
        self, client: httpx.AsyncClient, db: AsyncSession, admin: Headers
    ) -> None:
        hook = await register(client, admin, PUBLIC_URL, EVENTS)
        problem(await client.delete(hook.url, headers=admin), 428)
        r = await client.delete(hook.url, headers=admin | {"If-Match": hook.etag})
        assert r.status_code == 204
        problem(await client.get(hook.url, headers=admin), 404)
        actions = (await db.scalars(select(AuditEvent.action))).all()
        assert "webhook.delete" in actions

    async def test_rotate_secret_issues_a_new_one_with_a_grace(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        hook = await register(client, admin, PUBLIC_URL, EVENTS)
        r = await client.post(f"{hook.url}/rotate-secret", headers=admin)
        assert r.status_code == 200, r.text
        rotated = r.json()
        assert rotated["secret"] != hook.secret
        assert rotated["previous_secret_expires_at"] is not None
        assert r.headers["cache-control"] == "no-store"
        bad = await client.post(
            f"{hook.url}/rotate-secret", json={"grace_hours": 1000}, headers=admin
        )
        problem(bad, 422)
