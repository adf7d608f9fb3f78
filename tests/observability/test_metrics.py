"""GET /metrics: requests counted under their route template and status (never one series per
path), the database pool in use, and who may scrape it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from ipaddress import ip_network

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import Settings, get_settings
from bina.main import create_app
from tests import factories
from tests.observability.conftest import scrape

TOKEN = "metrics-token-0123456789-0123456789-abcdef"
REQUESTS = "http_requests_total"
DURATION_COUNT = "http_request_duration_seconds_count"


Configure = Callable[..., None]


@pytest.fixture
def configure(app: FastAPI, settings: Settings) -> Iterator[Configure]:
    """The app reads its settings on every scrape: change them for this test only."""
    original = app.state.settings

    def apply(**update: object) -> None:
        app.state.settings = settings.model_copy(update=update)

    yield apply
    app.state.settings = original


class TestRequestMetrics:
    async def test_a_request_is_counted_under_its_route_template_and_status(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        headers = await factories.headers_for(db, "admin")
        template = "/api/v1/households/{household_id}"
        labels = {"route": template, "method": "GET", "status": "404"}
        before = await scrape(client)

        r = await client.get(f"/api/v1/households/{uuid.uuid4()}", headers=headers)
        assert r.status_code == 404

        after = await scrape(client)
        assert after.value(REQUESTS, **labels) - before.value(REQUESTS, **labels) == 1
        assert after.value(DURATION_COUNT, **labels) - before.value(DURATION_COUNT, **labels) == 1
        assert not any(
            "/api/v1/households/" in route and "{" not in route
            for route in after.label_values(REQUESTS, "route")
        )

    async def test_the_status_is_the_answer_the_client_got(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        headers = await factories.headers_for(db, "admin")
        ok = {"route": "/api/v1/households", "method": "GET", "status": "200"}
        refused = {**ok, "status": "401"}
        before = await scrape(client)

        assert (await client.get("/api/v1/households", headers=headers)).status_code == 200
        assert (await client.get("/api/v1/households")).status_code == 401

        after = await scrape(client)
        assert after.value(REQUESTS, **ok) - before.value(REQUESTS, **ok) == 1
        assert after.value(REQUESTS, **refused) - before.value(REQUESTS, **refused) == 1

    async def test_unknown_paths_share_one_label(self, client: httpx.AsyncClient) -> None:
        labels = {"route": "unmatched", "method": "GET", "status": "404"}
        before = await scrape(client)

        for _ in range(2):
            r = await client.get(f"/api/v1/no-such-thing/{uuid.uuid4()}")
            assert r.status_code == 404

        after = await scrape(client)
        assert after.value(REQUESTS, **labels) - before.value(REQUESTS, **labels) == 2
        routes = after.label_values(REQUESTS, "route")
        assert not any("no-such-thing" in route for route in routes)

    async def test_an_unknown_method_is_one_label(self, client: httpx.AsyncClient) -> None:
        await client.request("BREW", "/healthz")

        methods = (await scrape(client)).label_values(REQUESTS, "method")
        assert "BREW" not in methods
        assert "other" in methods

    async def test_connections_checked_out_of_the_pool_are_in_use(
        self, client: httpx.AsyncClient, app: FastAPI
    ) -> None:
        async with app.state.engine.connect():
            held = (await scrape(client)).value("bina_db_pool_connections_in_use")
        released = (await scrape(client)).value("bina_db_pool_connections_in_use")

        assert held - released == 1
        assert released >= 0

    async def test_metrics_are_not_an_api_operation(self, client: httpx.AsyncClient) -> None:
        doc = (await client.get("/api/v1/openapi.json")).json()
        assert "/metrics" not in doc["paths"]


class TestAccess:
    async def test_loopback_may_scrape_without_a_token(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/metrics")).status_code == 200

    async def test_another_network_is_refused(self, remote_client: httpx.AsyncClient) -> None:
        r = await remote_client.get("/metrics")

        assert r.status_code == 403
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["status"] == 403
        assert "http_requests_total" not in r.text

    async def test_a_configured_network_may_scrape(
        self,
        remote_client: httpx.AsyncClient,
        configure: Configure,
    ) -> None:
        networks = [ip_network("10.0.0.0/8"), ip_network("203.0.113.0/24")]
        configure(metrics_allow_networks=networks)

        assert (await remote_client.get("/metrics")).status_code == 200

    async def test_configured_networks_replace_loopback(
        self,
        client: httpx.AsyncClient,
        configure: Configure,
    ) -> None:
        configure(metrics_allow_networks=[ip_network("10.0.0.0/8")])

        assert (await client.get("/metrics")).status_code == 403

    async def test_with_a_token_configured_a_caller_without_it_is_401(
        self,
        remote_client: httpx.AsyncClient,
        configure: Configure,
    ) -> None:
        configure(metrics_token=SecretStr(TOKEN))

        missing = await remote_client.get("/metrics")
        wrong = await remote_client.get(
            "/metrics", headers={"Authorization": f"Bearer {TOKEN[:-1]}x"}
        )

        for r in (missing, wrong):
            assert r.status_code == 401
            assert r.headers["content-type"] == "application/problem+json"
            assert r.headers["www-authenticate"] == "Bearer"
            assert "http_requests_total" not in r.text

    async def test_the_right_token_may_scrape_from_anywhere(
        self,
        remote_client: httpx.AsyncClient,
        configure: Configure,
    ) -> None:
        configure(metrics_token=SecretStr(TOKEN))

        r = await remote_client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

        assert r.status_code == 200
        assert "http_requests_total" in r.text

    async def test_a_user_access_token_is_not_the_metrics_token(
        self,
        remote_client: httpx.AsyncClient,
        db: AsyncSession,
        configure: Configure,
    ) -> None:
        configure(metrics_token=SecretStr(TOKEN))
        headers = await factories.headers_for(db, "admin")

        assert (await remote_client.get("/metrics", headers=headers)).status_code == 401

    async def test_scrapes_are_not_rate_limited_per_caller(
        self,
        client: httpx.AsyncClient,
        configure: Configure,
    ) -> None:
        configure(requests_per_minute=1)

        statuses = [(await client.get("/metrics")).status_code for _ in range(3)]

        assert statuses == [200, 200, 200]


class TestSwitchedOff:
    async def test_no_metrics_endpoint(self) -> None:
        off = create_app(get_settings().model_copy(update={"metrics_enabled": False}))
        transport = httpx.ASGITransport(app=off)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            r = await c.get("/metrics")

        assert r.status_code == 404
        assert off.state.metrics is None
