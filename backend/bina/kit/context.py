"""Per-request context (request id) readable from anywhere in the request's task."""

from __future__ import annotations

from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("bina_request_id", default=None)
