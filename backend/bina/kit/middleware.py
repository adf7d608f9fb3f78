"""Pure-ASGI middleware: request id and API headers, body size limit (no per-request overhead
beyond a header scan, unlike BaseHTTPMiddleware)."""

from __future__ import annotations

import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bina.errors import internal_error_response, problem_response
from bina.kit.context import request_id

_REQUEST_ID_OK = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


class RequestContextMiddleware:
    """Give every request an id (the client's X-Request-ID when sane) and API response headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = header(scope, b"x-request-id")
        rid = given if given and _REQUEST_ID_OK.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        scope.setdefault("state", {})["request_id"] = rid  # for the 500 handler's log line
        is_api = scope["path"].startswith("/api/")
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", rid.encode()))
                headers.append((b"x-content-type-options", b"nosniff"))
                if is_api and not any(k == b"cache-control" for k, _ in headers):
                    # API answers may carry personal data: never store them in any cache.
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Answer the 500 here so it carries the request id and API headers too; the error
            # handler outside (ServerErrorMiddleware) still logs it and sends nothing more.
            if not started:
                await internal_error_response(scope["path"])(scope, receive, send_with_headers)
            raise
        finally:
            request_id.reset(token)


class BodyLimitMiddleware:
    """Refuse request bodies over `max_bytes` with 413 before the application reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        seen = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                # The framework may turn our exception into its own answer (FastAPI: 400
                # "error parsing the body"); the client gets the 413 below instead.
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            413,
            kind="payload-too-large",
            title="Payload too large",
            detail=f"The request body exceeds {self.max_bytes} bytes.",
            instance=scope["path"],
        )
        await response(scope, receive, send)


class _TooLarge(Exception):
    pass
