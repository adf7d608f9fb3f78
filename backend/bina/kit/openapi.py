"""Shared OpenAPI `responses=` entries so every operation documents the errors it can return."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from pydantic import BaseModel


class ValidationItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[ValidationItem] | None = None


_DESCRIPTIONS = {
    400: "Bad request (e.g. a damaged or forged cursor).",
    401: "Missing, invalid or expired access token.",
    403: "Your role may not do this.",
    404: "No such object in your scope.",
    409: "Conflicts with existing data (duplicate identifier, request still running).",
    410: "Gone (e.g. a sync cursor older than the change log: sync again without it).",
    412: "If-Match names an old version; the body carries the current one.",
    413: "Request body too large.",
    422: "Validation failed; `errors` lists each field.",
    428: "If-Match header required.",
    429: "Too many requests; see Retry-After.",
    503: "Not ready (the database does not answer).",
}


PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    # `model` puts Problem in the components (FastAPI also files it under application/json);
    # the schema must sit under application/problem+json too, the media type errors really have.
    return {
        code: {
            "model": Problem,
            "description": _DESCRIPTIONS[code],
            "content": {"application/problem+json": {"schema": dict(PROBLEM_REF)}},
        }
        for code in codes
    }


READ = (401, 403, 404, 422)
LIST = (400, 401, 403, 422)
CREATE = (401, 403, 409, 413, 422, 429)
UPDATE = (401, 403, 404, 409, 412, 413, 422, 428)
DELETE = (401, 403, 404, 409, 412, 422, 428)


def document_unreadable_bodies(app: FastAPI) -> None:
    """Every operation that reads a JSON body also answers 400 when the body cannot be read at
    all (not UTF-8: FastAPI's own "error parsing the body"); JSON that does not parse is 422."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for path in schema.get("paths", {}).values():
                for operation in path.values():
                    if isinstance(operation, dict) and "requestBody" in operation:
                        responses = operation.setdefault("responses", {})
                        responses.setdefault("400", _unreadable_body())
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _unreadable_body() -> dict[str, Any]:
    return {
        "description": "The body could not be read (not UTF-8 text).",
        "content": {"application/problem+json": {"schema": dict(PROBLEM_REF)}},
    }


def operation_id(route: APIRoute) -> str:
    """`<tag>-<what the function does>`: the first tag, then the function's name in kebab case
    without the words the tag already says (`list_households` under `households` is
    `households-list`), so generated SDKs read `households.list`. Depends only on the tag and the
    function's name: stable while they are; tests/kit/test_openapi.py checks they are unique."""
    tag = str(route.tags[0]) if route.tags else ""
    said = {_stem(word) for word in tag.split("-")}
    words = route.name.split("_")
    rest = [word for word in words if _stem(word) not in said] or words
    return "-".join([tag, *rest]) if tag else "-".join(rest)


def _stem(word: str) -> str:
    return word.removesuffix("s")
