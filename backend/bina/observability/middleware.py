"""One pure-ASGI layer that times every HTTP request, then logs one line for it and, when the
metrics are on, counts it under its route template (never the raw path: ids would make a series
per object, and paths and query strings may carry a NIK)."""

from __future__ import annotations

import logging
import time

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bina.observability.metrics import Metrics
from bina.security.principal import Principal

logger = logging.getLogger("bina.access")

UNMATCHED = "unmatched"  # every request no route took: 404s, the web app's pages and files
# Anything else a client sends as a method is one label, not one each.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_templates(app: FastAPI) -> dict[object, str]:
    """Each route's path as the app serves it (prefixes applied), keyed by what routing leaves in
    the request's scope: the APIRoute's identity (routes compare by value, not hashable), or a
    plain route's endpoint (the OpenAPI document, /docs). Call it once every route is added."""
    templates: dict[object, str] = {}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if context.path_format is not None:
            key = id(route) if isinstance(route, APIRoute) else context.endpoint
            templates[key] = context.path_format
    return templates


def _route(scope: Scope, templates: dict[object, str]) -> str:
    route = scope.get("route")
    key = id(route) if route is not None else scope.get("endpoint")
    return templates.get(key, UNMATCHED)


def _caller(scope: Scope) -> tuple[str, str | None]:
    """`user`, `client` or `anonymous`, and the id: whom the request was served for, as
    `get_principal` resolved it."""
    principal: Principal | None = scope.get("state", {}).get("principal")
    if principal is None:
        return "anonymous", None
    return ("client" if principal.is_client else "user"), str(principal.actor_id)


class ObserveRequests:
    def __init__(self, app: ASGIApp, templates: dict[object, str], metrics: Metrics | None) -> None:
        self.app = app
        self.templates = templates
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # an exception that escapes the app is answered 500 further out

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            self._record(scope, status, time.perf_counter() - started)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = _route(scope, self.templates)
        method = scope["method"] if scope["method"] in METHODS else "other"
        if self.metrics is not None:
            self.metrics.observe(route, method, status, seconds)
        if logger.isEnabledFor(logging.INFO):
            kind, caller_id = _caller(scope)
            fields = {
                "request_id": scope.get("state", {}).get("request_id"),
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "caller_kind": kind,
                "caller_id": caller_id,
            }
            logger.info("request", extra={"fields": fields})
