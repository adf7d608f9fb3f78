"""Integration clients for tests: registered through the API by an admin, tokens taken with
client credentials as a partner system would."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

BASE = "/api/v1/integration-clients"
TOKEN_URL = "/api/v1/auth/token"


@dataclass(frozen=True, slots=True)
class Registered:
    id: str
    client_id: str
    client_secret: str
    etag: str
    body: dict[str, Any]


async def register(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    *,
    scopes: list[str],
    region_codes: list[str] | None = None,
    name: str = "DTSEN Dinsos",
    agency_code: str = "DINSOS",
) -> Registered:
    payload: dict[str, Any] = {"name": name, "agency_code": agency_code, "scopes": scopes}
    if region_codes is not None:
        payload["region_codes"] = region_codes
    r = await client.post(BASE, json=payload, headers=admin)
    assert r.status_code == 201, r.text
    body = r.json()
    return Registered(body["id"], body["client_id"], body["client_secret"], r.headers["etag"], body)


async def take_token(
    client: httpx.AsyncClient, client_id: str, secret: str, scope: str | None = None
) -> httpx.Response:
    data = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    if scope is not None:
        data["scope"] = scope
    return await client.post(TOKEN_URL, data=data)


async def token_headers(
    client: httpx.AsyncClient, registered: Registered, scope: str | None = None
) -> dict[str, str]:
    r = await take_token(client, registered.client_id, registered.client_secret, scope)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}
