"""JSON answers written straight from plain rows with orjson, for the hottest list endpoints.

Building a pydantic model per row and validating it again on the way out costs more than the
query itself on a 50-row page; these endpoints still declare their `response_model` (the
OpenAPI schema) and tests check the answers against it."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from starlette.responses import Response

_OPTIONS = orjson.OPT_UTC_Z  # "2026-11-28T02:05:27.841406Z", exactly as pydantic writes it


def _default(value: Any) -> str:
    # asyncpg hands back its own UUID class, which orjson does not know; it prints canonically.
    if isinstance(value, uuid.UUID) or type(value).__name__ == "UUID":
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_response(payload: Any, status_code: int = 200) -> Response:
    return Response(
        orjson.dumps(payload, default=_default, option=_OPTIONS),
        status_code=status_code,
        media_type="application/json",
    )
