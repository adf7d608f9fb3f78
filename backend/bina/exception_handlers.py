"""The exception handlers: every domain error, validation error, HTTP error and unexpected error
answered as problem+json; a refusal that asks for it (`BinaError.audit_action`) is audited first."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from bina.audit.service import record_detached
from bina.errors import BinaError, internal_error_response, problem_response, validation_problem

# The category operators already filter on, kept from when the handlers lived in bina.errors.
logger = logging.getLogger("bina.errors")


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
    return validation_problem(_validation_errors(exc), request.url.path)


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
