"""Every error a client can meet is RFC 9457 problem+json with the same shape (design.md §4):
unknown paths and methods, validation, broken cursors, oversized bodies, missing credentials."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import Settings, get_settings
from bina.kit.pagination import encode_cursor
from bina.main import create_app
from bina.models import AuditEvent
from tests import factories

PROBLEM = "application/problem+json"
AUDIT = "/api/v1/audit-events"
SECRET = "Rahasia-Sekali-1671"


def assert_problem(r: httpx.Response, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    body: dict[str, Any] = r.json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"]
    assert body["detail"]
    assert "Traceback" not in r.text
    return body


class TestUnknownPathsAndMethods:
    async def test_unknown_api_path_is_a_404_problem(self, client: httpx.AsyncClient) -> None:
        body = assert_problem(await client.get("/api/v1/no-such-thing"), 404)
        assert body["instance"] == "/api/v1/no-such-thing"

    async def test_wrong_method_is_a_405_problem_naming_the_allowed_ones(
        self, client: httpx.AsyncClient
    ) -> None:
        r = await client.delete("/api/v1/auth/me")
        assert_problem(r, 405)
        assert r.headers["allow"] == "GET"


class TestValidation:
    async def test_422_lists_each_field_with_loc_msg_type(self, client: httpx.AsyncClient) -> None:
        r = await client.post(
            "/api/v1/auth/token", data={"grant_type": "password", "username": "a" * 300}
        )
        body = assert_problem(r, 422)
        assert body["errors"] == [
            {
                "loc": ["body", "username"],
                "msg": body["errors"][0]["msg"],
                "type": "string_too_long",
            }
        ]
        assert "username" in body["detail"]

    async def test_a_password_in_a_bad_request_is_never_echoed(
        self, client: httpx.AsyncClient
    ) -> None:
        r = await client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": SECRET * 20, "password": SECRET},
        )
        assert_problem(r, 422)
        assert SECRET not in r.text

    async def test_a_bad_json_body_is_never_echoed(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        r = await client.post(
            "/api/v1/households",
            headers=admin_headers,
            json={"kk_number": SECRET, "head_nik": SECRET, "head_name": 7, "extra": SECRET},
        )
        body = assert_problem(r, 422)
        assert SECRET not in r.text
        assert {"type", "loc", "msg"} == set(body["errors"][0])

    async def test_malformed_json_is_a_422_problem_without_the_text(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        r = await client.post(
            "/api/v1/households",
            headers={**admin_headers, "content-type": "application/json"},
            content=b'{"head_nik": "' + SECRET.encode() + b'",',
        )
        assert_problem(r, 422)
        assert SECRET not in r.text

    async def test_a_body_that_is_not_utf8_is_a_documented_400_problem(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        r = await client.post(
            "/api/v1/households",
            headers={**admin_headers, "content-type": "application/json"},
            content=b"\x10\xff-" + SECRET.encode(),
        )
        assert_problem(r, 400)
        assert SECRET not in r.text
        doc = (await client.get("/api/v1/openapi.json")).json()
        assert "400" in doc["paths"]["/api/v1/households"]["post"]["responses"]

    @pytest.mark.parametrize("limit", ["201", "0", "-1", "lots"])
    async def test_limit_outside_1_to_200_is_422(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], limit: str
    ) -> None:
        r = await client.get(AUDIT, params={"limit": limit}, headers=admin_headers)
        body = assert_problem(r, 422)
        assert body["errors"][0]["loc"] == ["query", "limit"]

    async def test_limit_200_is_fine(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        r = await client.get(AUDIT, params={"limit": "200"}, headers=admin_headers)
        assert r.status_code == 200, r.text


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _signed_with(secret: str, state: object) -> str:
    payload = orjson.dumps(state)
    key = hashlib.sha256(b"bina-cursor:" + secret.encode()).digest()
    return f"{_b64(payload)}.{_b64(hmac.new(key, payload, hashlib.sha256).digest()[:16])}"


class TestCursors:
    """A cursor a client damaged or made up is 400 (start again), never a 500 or someone's data."""

    async def _page(self, client: httpx.AsyncClient, headers: dict[str, str], cursor: str) -> Any:
        return await client.get(AUDIT, params={"cursor": cursor}, headers=headers)

    async def test_a_real_cursor_continues_the_list(
        self, client: httpx.AsyncClient, db: AsyncSession, admin_headers: dict[str, str]
    ) -> None:
        for n in range(3):
            db.add(AuditEvent(action=f"test.event{n}", detail={}))
        await db.commit()
        first = await client.get(AUDIT, params={"limit": 2}, headers=admin_headers)
        assert first.status_code == 200, first.text
        cursor = first.json()["next_cursor"]
        assert cursor
        second = await self._page(client, admin_headers, cursor)
        assert second.status_code == 200, second.text
        seen = [e["id"] for e in first.json()["items"] + second.json()["items"]]
        assert len(seen) == len(set(seen)) == 3

    async def test_payload_changed_under_its_signature(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        real = encode_cursor({"s": "-id", "k": [1000]})
        _, sig = real.split(".")
        forged = f"{_b64(orjson.dumps({'s': '-id', 'k': [999999]}))}.{sig}"
        assert_problem(await self._page(client, admin_headers, forged), 400)

    async def test_signed_with_another_key(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        forged = _signed_with("guessed-secret", {"s": "-id", "k": [999999]})
        assert_problem(await self._page(client, admin_headers, forged), 400)

    async def test_validly_signed_for_another_listing(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        other = encode_cursor(
            {"s": "-created_at", "k": ["2026-01-01T00:00:00+00:00", str(os.urandom(16).hex())]}
        )
        body = assert_problem(await self._page(client, admin_headers, other), 400)
        assert body["type"].endswith("/invalid-cursor")

    @pytest.mark.parametrize(
        "state",
        [{"s": "-id", "k": ["1"]}, {"s": "-id", "k": [1, 2]}, {"s": "-id"}, ["-id", 1], "x"],
        ids=["string-key", "two-keys", "no-keys", "a-list", "a-string"],
    )
    async def test_validly_signed_but_damaged(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], state: object
    ) -> None:
        assert_problem(await self._page(client, admin_headers, encode_cursor(state)), 400)

    @pytest.mark.parametrize(
        "garbage",
        [
            _b64(os.urandom(48)),
            f"{_b64(os.urandom(30))}.{_b64(os.urandom(16))}",
            "....",
            "é.ü",
            "%%%",
        ],
        ids=["base64", "two-parts", "dots", "non-ascii", "percent"],
    )
    async def test_garbage(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], garbage: str
    ) -> None:
        assert_problem(await self._page(client, admin_headers, garbage), 400)

    async def test_overlong_cursor_is_422(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        assert_problem(await self._page(client, admin_headers, "A" * 513), 422)


class TestBodyLimit:
    async def test_declared_content_length_over_the_limit_is_413(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        r = await client.post(
            "/api/v1/auth/token",
            content=b"a" * (settings.max_body_bytes + 1),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert_problem(r, 413)

    async def test_chunked_body_over_the_limit_is_413(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        async def chunks() -> AsyncIterator[bytes]:
            yield b"grant_type=password&username=a%40b.id&password="
            for _ in range(settings.max_body_bytes // 65536 + 1):
                yield b"a" * 65536

        r = await client.post(
            "/api/v1/auth/token",
            content=chunks(),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert "content-length" not in r.request.headers
        assert_problem(r, 413)

    async def test_chunked_json_over_the_limit_with_an_idempotency_key_is_413(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str], settings: Settings
    ) -> None:
        async def chunks() -> AsyncIterator[bytes]:
            yield b'{"notes": "'
            for _ in range(settings.max_body_bytes // 65536 + 1):
                yield b"a" * 65536
            yield b'"}'

        headers = {**admin_headers, "content-type": "application/json", "idempotency-key": "k1"}
        r = await client.post("/api/v1/households", content=chunks(), headers=headers)
        assert_problem(r, 413)
        # Nothing was stored under the key: the next request with it runs normally.
        again = await client.post("/api/v1/households", json={}, headers=headers)
        assert_problem(again, 422)
        assert "idempotent-replayed" not in again.headers

    async def test_a_body_at_the_limit_is_read(
        self, client: httpx.AsyncClient, settings: Settings
    ) -> None:
        prefix = b"grant_type=password&username=a%40b.id&password="
        body = prefix + b"a" * (settings.max_body_bytes - len(prefix))
        r = await client.post(
            "/api/v1/auth/token",
            content=body,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert_problem(r, 422)  # read and judged: the password is over its own 256 limit


class TestRequestId:
    async def test_a_sane_client_id_is_echoed(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/healthz", headers={"X-Request-ID": "phone-42.retry_1"})
        assert r.headers["x-request-id"] == "phone-42.retry_1"

    @pytest.mark.parametrize(
        "given", ["has spaces", "a" * 65, "semi;colon", "<script>", ""], ids=str
    )
    async def test_an_odd_client_id_is_replaced(
        self, client: httpx.AsyncClient, given: str
    ) -> None:
        r = await client.get("/healthz", headers={"X-Request-ID": given})
        assert r.headers["x-request-id"] != given
        assert len(r.headers["x-request-id"]) == 32

    async def test_generated_when_absent_and_unique(self, client: httpx.AsyncClient) -> None:
        ids = {(await client.get("/healthz")).headers["x-request-id"] for _ in range(3)}
        assert len(ids) == 3

    async def test_errors_carry_it_too(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/api/v1/nothing", headers={"X-Request-ID": "trace-404"})
        assert r.headers["x-request-id"] == "trace-404"

    async def test_the_audit_trail_records_it(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await factories.headers_for(db, "mentor")
        r = await client.get(AUDIT, headers={**mentor, "X-Request-ID": "who-asked-1"})
        assert_problem(r, 403)
        event = await db.scalar(select(AuditEvent).where(AuditEvent.action == "authz.denied"))
        assert event is not None
        assert event.request_id == "who-asked-1"


class TestCaching:
    async def test_api_answers_are_no_store(
        self, client: httpx.AsyncClient, admin_headers: dict[str, str]
    ) -> None:
        for r in (
            await client.get("/api/v1/auth/me", headers=admin_headers),
            await client.get(AUDIT, headers=admin_headers),
            await client.get("/api/v1/regions"),
            await client.get("/api/v1/nothing"),
        ):
            assert r.headers["cache-control"] == "no-store", r.request.url


class TestHealth:
    async def test_healthz(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/healthz")
        assert (r.status_code, r.json()) == (200, {"status": "ok"})

    async def test_readyz(self, client: httpx.AsyncClient) -> None:
        r = await client.get("/readyz")
        assert (r.status_code, r.json()) == (200, {"status": "ready"})


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+asyncpg://postgres@127.0.0.1:1/nowhere",
        "sqlite+aiosqlite:////nonexistent-bina-dir/sub/bina.db",
    ],
    ids=["postgres-port-closed", "sqlite-unopenable"],
)
async def test_readyz_is_503_when_the_database_does_not_answer(url: str) -> None:
    settings = get_settings().model_copy(update={"database_url": url, "db_pool_timeout_s": 2.0})
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            alive = await c.get("/healthz")
            ready = await c.get("/readyz")
    assert alive.status_code == 200  # the process itself is fine
    body = assert_problem(ready, 503)
    assert "nowhere" not in ready.text
    assert "nonexistent" not in ready.text
    assert body["detail"] == "The database is not reachable."


async def test_an_unexpected_error_is_a_500_problem_without_internals(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings)

    async def boom() -> None:
        raise RuntimeError(f"database said: head_nik = {SECRET} in SELECT")

    app.add_api_route("/api/v1/test-boom", boom, methods=["GET"])
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            r = await c.get("/api/v1/test-boom", headers={"X-Request-ID": "boom-1"})
    body = assert_problem(r, 500)
    assert SECRET not in r.text
    assert "SELECT" not in r.text
    assert body["type"].endswith("/internal-error")
    # Support can find the log line from what the client saw.
    assert r.headers["x-request-id"] == "boom-1"
    assert r.headers["cache-control"] == "no-store"
    logged = [rec for rec in caplog.records if rec.name == "bina.errors"]
    assert len(logged) == 1
    assert "boom-1" in logged[0].getMessage()
    assert logged[0].exc_info is not None
