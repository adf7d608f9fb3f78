"""A NUL or an unpaired surrogate wherever a client can put a string (PostgreSQL cannot store
either) is a 422 naming the field, never a 500, and nothing is written. The parameters and body
fields come from the OpenAPI document, so a new route or field is covered the day it is added."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bina.main import create_app
from tests import factories
from tests.kit.test_problems import assert_problem
from tests.mentors.factories import mentor_payload

API = "/api/v1"
DOC = create_app().openapi()
SCHEMAS = DOC["components"]["schemas"]
METHODS = ("get", "post", "put", "patch", "delete")
MAX_DEPTH = 6  # deeper than any body the API takes
# In a URL: a NUL, and a lone surrogate as UTF-8 would write it (which is invalid UTF-8).
BAD_IN_URL = {"nul": "a%00b", "surrogate": "a%ED%A0%80b"}
BAD_IN_JSON = {"nul": "a\x00b", "surrogate": "a\ud800b"}

Loc = tuple[str | int, ...]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _alternatives(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in ("anyOf", "allOf", "oneOf"):
        for option in schema.get(key, []):
            yield _resolve(option)


def _takes_string(schema: dict[str, Any]) -> bool:
    schema = _resolve(schema)
    if schema.get("type") == "array":
        return _takes_string(schema.get("items", {}))
    return schema.get("type") == "string" or any(map(_takes_string, _alternatives(schema)))


def _string_fields(schema: dict[str, Any], depth: int = 0) -> Iterator[Loc]:
    """Where a string goes in a body of `schema`: a key per object, 0 per array."""
    schema = _resolve(schema)
    if depth > MAX_DEPTH:
        return
    if schema.get("type") == "string":
        yield ()
    for name, field in schema.get("properties", {}).items():
        yield from ((name, *rest) for rest in _string_fields(field, depth + 1))
    if "items" in schema:
        yield from ((0, *rest) for rest in _string_fields(schema["items"], depth + 1))
    for option in _alternatives(schema):
        yield from _string_fields(option, depth)


def _operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in DOC["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method.upper(), path, operation


def _concrete(path: str, bad: tuple[str, str] | None = None) -> str:
    """`path` with every parameter filled in; `bad` = (name, raw value) for one of them."""

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if bad is not None and name == bad[0]:
            return bad[1]
        return str(uuid.uuid4()) if name.endswith("id") else "16.71"

    return re.sub(r"\{([^}]+)\}", fill, path)


def _url_with(path: str, where: str, name: str, raw: str) -> str:
    """A URL of `path` with the parameter `name` (in the path or the query) set to `raw`."""
    if where == "path":
        return _concrete(path, (name, raw))
    return f"{_concrete(path)}?{name}={raw}"


def _parameter_cases() -> Iterator[Any]:
    for method, path, operation in _operations():
        for p in operation.get("parameters", []):
            if p["in"] in ("query", "path") and _takes_string(p["schema"]):
                short = path.removeprefix(API)
                yield pytest.param(
                    method, path, p["in"], p["name"], id=f"{method} {short} {p['in']}.{p['name']}"
                )


def _body_cases() -> Iterator[Any]:
    for method, path, operation in _operations():
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            for loc in dict.fromkeys(_string_fields(content["application/json"]["schema"])):
                field = ".".join(map(str, loc))
                short = path.removeprefix(API)
                yield pytest.param(method, path, loc, id=f"{method} {short} body.{field}")


PARAMETER_CASES = list(_parameter_cases())
BODY_CASES = list(_body_cases())


def _nested(loc: Loc, value: str) -> Any:
    """The smallest JSON document with `value` at `loc`."""
    if not loc:
        return value
    inner = _nested(loc[1:], value)
    return [inner] if isinstance(loc[0], int) else {loc[0]: inner}


def assert_refused(r: httpx.Response, loc: list[str | int]) -> None:
    body = assert_problem(r, 422)
    assert body["type"].endswith("/validation-error")
    found = [e for e in body["errors"] if e["type"] == "string_bad_character"]
    assert [e["loc"] for e in found] == [loc], body
    assert "NUL" in found[0]["msg"]


@pytest.fixture
async def admin(db: AsyncSession) -> dict[str, str]:
    """Signed in as admin, so the answer is never a refusal of the caller."""
    return await factories.headers_for(db, "admin")


def test_the_document_yields_cases() -> None:
    assert len(PARAMETER_CASES) >= 50, "the walk over the OpenAPI parameters found too few"
    assert len(BODY_CASES) >= 50, "the walk over the OpenAPI bodies found too few"


@pytest.mark.parametrize(("method", "path", "where", "name"), PARAMETER_CASES)
async def test_a_bad_parameter_is_422_naming_it(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    method: str,
    path: str,
    where: str,
    name: str,
) -> None:
    for kind, bad in BAD_IN_URL.items():
        r = await client.request(method, _url_with(path, where, name, bad), headers=admin)
        assert r.status_code == 422, (kind, r.text)
        assert_refused(r, [where, name])


@pytest.mark.parametrize(("method", "path", "loc"), BODY_CASES)
async def test_a_bad_string_in_the_body_is_422_naming_the_field(
    client: httpx.AsyncClient, admin: dict[str, str], method: str, path: str, loc: Loc
) -> None:
    for kind, bad in BAD_IN_JSON.items():
        # Written with \u escapes, as a client's JSON encoder sends them.
        body = json.dumps(_nested(loc, bad), ensure_ascii=True)
        headers = {**admin, "content-type": "application/json"}
        r = await client.request(method, _concrete(path), headers=headers, content=body)
        assert r.status_code == 422, (kind, r.text)
        assert_refused(r, ["body", *loc])


class TestWhatElseIsRefused:
    async def test_an_anonymous_request_is_422_too(self, client: httpx.AsyncClient) -> None:
        assert_refused(await client.get(f"{API}/mentors?q=a%00b"), ["query", "q"])

    async def test_a_bad_sign_in_form_field_is_422(self, client: httpx.AsyncClient) -> None:
        r = await client.post(
            f"{API}/auth/token",
            data={"grant_type": "password", "username": "a\x00b@uji.id", "password": "x"},
        )
        assert_refused(r, ["body", "username"])

    async def test_a_bad_key_is_named_printably(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        r = await client.post(
            f"{API}/mentors",
            headers={**admin, "content-type": "application/json"},
            content=b'{"competencies": [{"x\\ud800": 1}]}',
        )
        assert_refused(r, ["body", "competencies", 0, "x\ufffd"])

    async def test_a_surrogate_written_as_raw_bytes_is_422(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        # Python's JSON parser lets the UTF-8 form of a surrogate through as a lone surrogate.
        r = await client.post(
            f"{API}/mentors",
            headers={**admin, "content-type": "application/json"},
            content=b'{"name": "a\xed\xa0\x80b"}',
        )
        assert_refused(r, ["body", "name"])


class TestWhatIsNot:
    NAME = "Sumatera Selatan – Palembang é 漢字 😀"

    async def test_non_ascii_text_is_stored(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        payload = mentor_payload(name=self.NAME, position="Penyuluh – Ilir Barat ✓")
        r = await client.post(f"{API}/mentors", json=payload, headers=admin)
        assert r.status_code == 201, r.text
        assert r.json()["name"] == self.NAME
        found = await client.get(f"{API}/mentors", params={"q": "漢字 😀"}, headers=admin)
        assert found.status_code == 200, found.text
        assert [m["name"] for m in found.json()["items"]] == [self.NAME]

    async def test_a_refused_create_writes_nothing(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        r = await client.post(
            f"{API}/mentors",
            headers={**admin, "content-type": "application/json"},
            content=json.dumps(mentor_payload(name="Mentor\x00Uji")),
        )
        assert_refused(r, ["body", "name"])
        listed = await client.get(f"{API}/mentors", params={"include_total": "true"}, headers=admin)
        assert listed.status_code == 200, listed.text
        assert listed.json()["total"] == 0

    async def test_a_refused_create_does_not_use_up_its_idempotency_key(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        headers = {**admin, "content-type": "application/json", "idempotency-key": "k1"}
        bad = json.dumps(mentor_payload(name="Mentor\x00Uji"))
        assert_refused(
            await client.post(f"{API}/mentors", headers=headers, content=bad), ["body", "name"]
        )
        r = await client.post(
            f"{API}/mentors", headers=headers, content=json.dumps(mentor_payload())
        )
        assert r.status_code == 201, r.text
        assert "idempotent-replayed" not in r.headers
