"""The OpenAPI document tells client writers every error an operation can answer, in the shape
it really has. The expected statuses are derived from what each route depends on, so a new route
is checked the day it is added.

Where each status comes from (read from the code):
- 401: `get_principal` (any signed-in caller) — the operation declares HTTPBearer security.
- 403: `requires(...)`: a person without the role, a client without the scope or on a route for
  people only (every signed-in route: an integration client may always lack the scope);
  `?reveal=` (only some roles may unmask identifiers).
- 404: a path parameter names an object that may not exist or be outside the caller's scope.
- 400: `page_params` (a damaged or forged `cursor`).
- 422: any parameter or body (FastAPI validation); and Idempotency-Key checks on signed-in POSTs.
- 409: IdempotencyMiddleware on signed-in POSTs (the same key still running).
- 412, 428: PATCH and DELETE (`check_if_match`), and any operation taking If-Match.
- 413: BodyLimitMiddleware on every operation that reads a request body; 400 there too (a body
  that is not UTF-8 cannot be read at all: FastAPI answers 400, malformed JSON is 422).
- 400, 401, 429 on POST /auth/token; 429 on POST /auth/password (per-account attempt limit);
  503 on /readyz.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts

from bina.kit.pagination import page_params
from bina.security.principal import access_of, get_principal

API = "/api/v1"
TOKEN = f"{API}/auth/token"
EXPLICIT: dict[tuple[str, str], set[int]] = {
    ("POST", TOKEN): {400, 401, 429},
    ("POST", f"{API}/auth/password"): {429},
    ("GET", "/readyz"): {503},
}


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dep in dependant.dependencies:
        if dep.call is not None:
            yield dep.call
        yield from _calls(dep)


def _all_params(dependant: Dependant) -> Iterator[Any]:
    yield from dependant.path_params
    yield from dependant.query_params
    yield from dependant.header_params
    yield from dependant.cookie_params
    yield from dependant.body_params
    for dep in dependant.dependencies:
        yield from _all_params(dep)


def expected_errors(route: RouteContext, method: str) -> set[int]:
    calls = list(_calls(route.dependant))
    params = list(_all_params(route.dependant))
    headers = {p.alias.lower() for p in route.dependant.header_params}
    for dep in route.dependant.dependencies:
        headers |= {p.alias.lower() for p in dep.header_params}
    signed_in = get_principal in calls
    has_body = bool(route.body_field)
    codes: set[int] = set()
    if signed_in:
        codes.add(401)
    if any(access_of(c) is not None for c in calls):
        codes.add(403)
    if any(p.alias == "reveal" for p in route.dependant.query_params):
        codes.add(403)  # only some roles may see identifiers unmasked
    if params:
        codes.add(422)
    if route.dependant.path_params:
        codes.add(404)
    if page_params in calls:
        codes.add(400)
    if method in ("PATCH", "DELETE") or "if-match" in headers:
        codes |= {412, 428}
    if has_body:
        codes |= {400, 413}
    if method == "POST" and signed_in:
        codes |= {409, 422}
    return codes | EXPLICIT.get((method, route.path), set())


def _operations(app: FastAPI) -> Iterator[tuple[str, RouteContext]]:
    """Every documented (method, route) as the app serves it (prefixes applied)."""
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute) and route.include_in_schema:
            for method in sorted((route.methods or set()) - {"HEAD", "OPTIONS"}):
                yield method, route


class TestDocument:
    async def test_is_served_as_json(self, client: httpx.AsyncClient) -> None:
        r = await client.get(f"{API}/openapi.json")
        assert r.status_code == 200
        doc = r.json()
        assert doc["openapi"].startswith("3.")
        assert f"{API}/auth/token" in doc["paths"]
        assert "/readyz" in doc["paths"]

    async def test_every_api_operation_but_sign_in_requires_a_bearer_token(
        self, client: httpx.AsyncClient
    ) -> None:
        doc = (await client.get(f"{API}/openapi.json")).json()
        scheme_names = {
            name
            for name, scheme in doc["components"]["securitySchemes"].items()
            if scheme == {**scheme, "type": "http", "scheme": "bearer"}
        }
        open_ops = []
        for path, item in doc["paths"].items():
            for method, op in item.items():
                if not path.startswith(API + "/") or path == TOKEN:
                    continue
                names = {n for req in op.get("security", []) for n in req}
                if not names & scheme_names:
                    open_ops.append(f"{method.upper()} {path}")
                assert "401" in op["responses"], f"{method.upper()} {path} omits 401"
        assert open_ops == []

    async def test_every_operation_documents_the_errors_it_can_answer(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        doc = (await client.get(f"{API}/openapi.json")).json()
        missing: dict[tuple[str, str], set[int]] = {}
        checked = 0
        for method, route in _operations(app):
            op = doc["paths"][route.path_format][method.lower()]
            documented = {int(code) for code in op["responses"] if code.isdigit()}
            gap = expected_errors(route, method) - documented
            if gap:
                missing[(method, route.path)] = gap
            checked += 1
        assert checked >= 10
        assert missing == {}, "document these with responses=problems(...): " + repr(missing)

    async def test_patch_and_delete_document_412_and_428(self, client: httpx.AsyncClient) -> None:
        doc = (await client.get(f"{API}/openapi.json")).json()
        writes = [
            (method, path, set(op["responses"]))
            for path, item in doc["paths"].items()
            for method, op in item.items()
            if method in ("patch", "delete")
        ]
        assert writes, "no PATCH or DELETE operation to check"
        for method, path, codes in writes:
            assert {"412", "428"} <= codes, f"{method.upper()} {path}"

    async def test_every_error_is_documented_as_problem_json(
        self, client: httpx.AsyncClient
    ) -> None:
        doc = (await client.get(f"{API}/openapi.json")).json()
        problem = doc["components"]["schemas"]["Problem"]
        assert {"type", "title", "status", "detail"} <= set(problem["required"])
        assert "errors" in problem["properties"]
        wrong = []
        for path, item in doc["paths"].items():
            for method, op in item.items():
                for code, response in op["responses"].items():
                    if not code.isdigit() or int(code) < 400:
                        continue
                    schema = response.get("content", {}).get("application/problem+json", {})
                    if schema.get("schema") != {"$ref": "#/components/schemas/Problem"}:
                        wrong.append(f"{method.upper()} {path} {code}")
        assert wrong == []

    async def test_the_derived_table_is_not_vacuous(self, app: FastAPI) -> None:
        # The rules above must recognise the dependencies they look for, or the table says nothing.
        table = {(m, r.path): expected_errors(r, m) for m, r in _operations(app)}
        assert table[("GET", f"{API}/audit-events")] >= {400, 401, 403, 422}
        assert table[("GET", f"{API}/regions/{{code}}")] >= {401, 404, 422}
        assert table[("POST", f"{API}/auth/logout")] >= {401, 409, 413, 422}
        assert table[("GET", "/healthz")] == set()
        patches = [codes for (m, _), codes in table.items() if m == "PATCH"]
        assert patches
        assert all({412, 428, 413} <= codes for codes in patches)


class TestOperationIds:
    """Generated SDKs name their methods after operation ids: `households-list` becomes
    `households.list` (or `householdsList`), never `list_households_api_v1_households_get`."""

    @staticmethod
    def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
        return [
            (method, path, op)
            for path, item in doc["paths"].items()
            for method, op in item.items()
            if isinstance(op, dict) and "responses" in op
        ]

    async def test_unique_across_the_document(self, client: httpx.AsyncClient) -> None:
        doc = (await client.get(f"{API}/openapi.json")).json()
        ids = [op["operationId"] for _, _, op in self._operations(doc)]

        assert len(ids) >= 10
        assert sorted(ids) == sorted(set(ids))

    async def test_tag_then_what_it_does_in_kebab_case(self, client: httpx.AsyncClient) -> None:
        doc = (await client.get(f"{API}/openapi.json")).json()
        wrong = [
            f"{method.upper()} {path}: {op['operationId']}"
            for method, path, op in self._operations(doc)
            if not re.fullmatch(r"[a-z]+(-[a-z]+)+", op["operationId"])
            or not op["operationId"].startswith(op["tags"][0] + "-")
        ]
        assert wrong == []

    async def test_sdk_names_read_well(self, client: httpx.AsyncClient) -> None:
        doc = (await client.get(f"{API}/openapi.json")).json()
        ids = {(method, path): op["operationId"] for method, path, op in self._operations(doc)}

        assert ids[("get", f"{API}/households")] == "households-list"
        assert ids[("get", f"{API}/households/{{household_id}}")] == "households-get"
        assert ids[("post", f"{API}/mentoring-sessions/{{session_id}}/verify")] == (
            "mentoring-sessions-verify"
        )
        assert ids[("get", f"{API}/households/{{household_id}}/members")] == (
            "households-list-members"
        )
