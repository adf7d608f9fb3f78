"""Domain errors and their RFC 9457 problem+json shape; a leaf every module may import.

The handlers that turn these errors into responses (and audit refusals) are in
`bina.exception_handlers`, installed by `create_app`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from starlette.responses import Response

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
        # When set, the handler audits the refusal itself (in a transaction of its own).
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


def validation_problem(errors: Sequence[dict[str, Any]], instance: str) -> Response:
    """The 422 for fields the client must fix, each `{"loc": [...], "msg": ..., "type": ...}`."""
    where = ", ".join(".".join(str(p) for p in e["loc"]) for e in errors[:5])
    return problem_response(
        422,
        kind="validation-error",
        title="Validation failed",
        detail=f"The request has {len(errors)} invalid field(s): {where}.",
        instance=instance,
        errors=errors,
    )


def internal_error_response(instance: str) -> Response:
    return problem_response(
        500,
        kind="internal-error",
        title="Internal server error",
        detail="Something went wrong on our side; it has been logged.",
        instance=instance,
    )
