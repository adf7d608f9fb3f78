"""ETag from a row version; If-Match checks (428 when missing, 412 when stale)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Response

from bina.errors import PreconditionFailed, PreconditionRequired

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description="The `ETag` of the version you edited; required on PATCH and DELETE.",
    ),
]


def etag_of(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag_of(version)


def check_if_match(if_match: str | None, current_version: int) -> None:
    """Raise unless `if_match` names the current version (a list or `*` is fine, RFC 9110)."""
    if if_match is None:
        raise PreconditionRequired(
            "This change needs an If-Match header with the ETag you last read.",
        )
    current = etag_of(current_version)
    tags = [t.strip().removeprefix("W/") for t in if_match.split(",")]
    if "*" in tags or current in tags:
        return
    raise PreconditionFailed(
        "Someone else changed this record since you read it; reload and apply your change again.",
        extra={"current_version": current_version, "current_etag": current},
    )
