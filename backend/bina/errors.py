"""Domain errors and their rendering as RFC 9457 problem+json; one handler for every error."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

logger = logging.getLogger("bina.errors")

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://bina.palembang.go.id/problems/"


class BinaError(Exception):
    """Base of every error a service may raise; rendered as problem+json."""

    status: int = 400
    kind: str = "bad-request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        errors: Sequence[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        audit_action: str | None = None,
        audit_object: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors) if errors else None
        self.extra = extra or {}
        self.headers = headers or {}
        # When set, the refusal itself is audited (in a transaction of its own).
        self.audit_action = audit_action
        self.audit_object = audit_object


class BadRequest(BinaError):
    pass


class InvalidCursor(BinaError):
    kind, title = "invalid-cursor", "Invalid pagination cursor"


class Unauthorized(BinaError):
    status, kind, title = 401, "unauthorized", "Not authenticated"

    def __init__(self, detail: str = "Missing or invalid credentials.", **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kw)


class Forbidden(BinaError):
    status, kind, title = 403, "forbidden", "Forbidden"

    def __init__(self, detail: str, **kw: Any) -> None:
        kw.setdefault("audit_action", "authz.denied")
        super().__init__(detail, **kw)


class NotFound(BinaError):
    status, kind, title = 404, "not-found", "Not found"


class Conflict(BinaError):
    status, kind, title = 409, "conflict", "Conflict"


class Gone(BinaError):
    status, kind, title = 410, "gone", "Gone"


class PreconditionFailed(BinaError):
    status, kind, title = 412, "precondition-failed", "Precondition failed"


class PayloadTooLarge(BinaError):
    status, kind, title = 413, "payload-too-large", "Payload too large"


class Unprocessable(BinaError):
    status, kind, title = 422, "validation-error", "Validation failed"


class PreconditionRequired(BinaError):
    status, kind, title = 428, "precondition-required", "Precondition required"


class TooManyRequests(BinaError):
    status, kind, title = 429, "too-many-requests", "Too many requests"


def problem_response(
    status: int,
    *,
    kind: str,
    title: str,
    detail: str,
    instance: str | None = None,
    errors: Sequence[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + kind,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = list(errors)
    if extra:
        body.update(extra)
    return Response(
        orjson.dumps(body), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        item = {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err["type"]}
        # Never echo the submitted value back: it may be a NIK or a password.
        out.append(item)
    return out


async def _on_bina_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BinaError)
    if exc.audit_action:
        from bina.audit.service import record_detached  # late: audit imports the models

        object_type, object_id = exc.audit_object or (
            "route",
            f"{request.method} {request.url.path}",
        )
        await record_detached(
            request.app.state.sessionmaker,
            getattr(request.state, "principal", None),
            exc.audit_action,
            object_type,
            object_id,
            {"status": exc.status},
        )
    return problem_response(
        exc.status,
        kind=exc.kind,
        title=exc.title,
        detail=exc.detail,
        instance=request.url.path,
        errors=exc.errors,
        extra=exc.extra,
        headers=exc.headers,
    )


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_errors(exc)
    where = ", ".join(".".join(str(p) for p in e["loc"]) for e in errors[:5])
    return problem_response(
        422,
        kind="validation-error",
        title="Validation failed",
        detail=f"The request has {len(errors)} invalid field(s): {where}.",
        instance=request.url.path,
        errors=errors,
    )


async def _on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else None
    if status == 404 and detail is None:
        detail = f"No resource at {request.url.path}."
    elif status == 405 and detail is None:
        detail = f"Method {request.method} is not allowed on {request.url.path}."
    return problem_response(
        status,
        kind=phrase.lower().replace(" ", "-"),
        title=phrase,
        detail=detail or phrase,
        instance=request.url.path,
        headers=dict(exc.headers) if exc.headers else None,
    )


async def _on_stale(request: Request, exc: Exception) -> Response:
    return problem_response(
        412,
        kind="precondition-failed",
        title="Precondition failed",
        detail="The record was changed by someone else meanwhile; reload it and try again.",
        instance=request.url.path,
    )


def internal_error_response(instance: str) -> Response:
    return problem_response(
        500,
        kind="internal-error",
        title="Internal server error",
        detail="Something went wrong on our side; it has been logged.",
        instance=instance,
    )


async def _on_unexpected(request: Request, exc: Exception) -> Response:
    logger.exception(
        "unhandled error on %s %s (request id %s)",
        request.method,
        request.url.path,
        request.scope.get("state", {}).get("request_id"),
    )
    return internal_error_response(request.url.path)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(BinaError, _on_bina_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(StaleDataError, _on_stale)
    app.add_exception_handler(Exception, _on_unexpected)
