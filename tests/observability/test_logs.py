"""The request log: one JSON line per request with what an operator needs to follow it (request
id, route template, status, duration, who called), and never personal data."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import Settings, get_settings
from bina.db import create_engine
from bina.observability.logs import JsonFormatter, PlainFormatter
from tests import factories
from tests.households.factories import nik
from tests.integration_clients.factories import register, token_headers

FIELDS = {"request_id", "method", "route", "status", "duration_ms", "caller_kind", "caller_id"}


def _line_of(caplog: pytest.LogCaptureFixture, response: httpx.Response) -> dict[str, object]:
    """The request's log line, as the JSON formatter writes it."""
    rid = response.headers["x-request-id"]
    records = [r for r in caplog.records if r.name == "bina.access"]
    lines = [json.loads(JsonFormatter().format(r)) for r in records]
    mine = [line for line in lines if line.get("request_id") == rid]
    assert len(mine) == 1, lines
    return mine[0]


@pytest.fixture
def access_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="bina.access")
    return caplog


class TestRequestLine:
    async def test_a_signed_in_request_names_its_user_and_route(
        self, client: httpx.AsyncClient, db: AsyncSession, access_log: pytest.LogCaptureFixture
    ) -> None:
        admin = await factories.user(db, role="admin")

        r = await client.get("/api/v1/households?limit=5", headers=factories.bearer(admin))

        line = _line_of(access_log, r)
        assert line.keys() >= FIELDS
        assert line["level"] == "info"
        assert line["method"] == "GET"
        assert line["route"] == "/api/v1/households"
        assert line["status"] == 200
        assert isinstance(line["duration_ms"], float)
        assert line["duration_ms"] >= 0
        assert line["caller_kind"] == "user"
        assert line["caller_id"] == str(admin.id)

    async def test_an_integration_client_is_logged_by_its_id(
        self, client: httpx.AsyncClient, db: AsyncSession, access_log: pytest.LogCaptureFixture
    ) -> None:
        admin = factories.bearer(await factories.user(db, role="admin"))
        registered = await register(client, admin, scopes=["mentors:read"])

        r = await client.get("/api/v1/mentors", headers=await token_headers(client, registered))

        line = _line_of(access_log, r)
        assert (line["status"], line["route"]) == (200, "/api/v1/mentors")
        assert line["caller_kind"] == "client"
        assert line["caller_id"] == registered.id

    async def test_an_anonymous_request_is_logged_as_such(
        self, client: httpx.AsyncClient, access_log: pytest.LogCaptureFixture
    ) -> None:
        r = await client.get("/api/v1/households")

        line = _line_of(access_log, r)
        assert line["status"] == 401
        assert line["caller_kind"] == "anonymous"
        assert line["caller_id"] is None

    async def test_the_client_request_id_is_the_logged_one(
        self, client: httpx.AsyncClient, access_log: pytest.LogCaptureFixture
    ) -> None:
        r = await client.get("/healthz", headers={"X-Request-ID": "probe-42"})

        assert _line_of(access_log, r)["request_id"] == "probe-42"

    async def test_no_nik_from_the_query_string_or_the_path(
        self, client: httpx.AsyncClient, db: AsyncSession, access_log: pytest.LogCaptureFixture
    ) -> None:
        headers = await factories.headers_for(db, "admin")
        number = nik()

        searched = await client.get(f"/api/v1/households?q={number}", headers=headers)
        unknown = await client.get(f"/api/v1/penduduk/{number}?nik={number}", headers=headers)

        assert _line_of(access_log, searched)["route"] == "/api/v1/households"
        assert _line_of(access_log, unknown)["route"] == "unmatched"
        for record in access_log.records:
            assert number not in JsonFormatter().format(record)
            assert number not in PlainFormatter().format(record)


class TestFormatSetting:
    def test_json_outside_development_plain_in_it(self) -> None:
        settings = get_settings()
        assert settings.model_copy(update={"env": "production"}).json_logs
        assert not settings.model_copy(update={"env": "development"}).json_logs

    def test_the_setting_wins(self) -> None:
        assert Settings(env="development", log_format="json").json_logs
        assert not Settings(env="production", log_format="plain").json_logs

    def test_plain_lines_carry_the_same_fields(self) -> None:
        record = logging.LogRecord("bina.access", logging.INFO, __file__, 1, "request", None, None)
        record.fields = {"route": "/healthz", "status": 200}

        assert PlainFormatter().format(record).endswith("request route=/healthz status=200")


class TestDatabaseErrors:
    async def test_a_failed_statement_does_not_carry_its_values(self, settings: Settings) -> None:
        """A 500's log line holds the database's error message: never the values bound in it."""
        number = nik()
        engine = create_engine(settings)
        try:
            async with engine.connect() as conn:
                with pytest.raises(SQLAlchemyError) as failure:
                    await conn.execute(
                        text("SELECT * FROM no_such_table WHERE x = :v"), {"v": number}
                    )
        finally:
            await engine.dispose()

        assert "no_such_table" in str(failure.value)
        assert number not in str(failure.value)
