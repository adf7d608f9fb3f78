"""Assertions the household tests share: problem+json answers, error locations, the audit trail."""

from __future__ import annotations

import re
from typing import Any

import httpx

MASKED = re.compile(r"^\d{4}\*{10}\d{2}$")  # `1671**********01`: first 4 and last 2 digits


def problem(r: httpx.Response, status: int) -> dict[str, Any]:
    """Assert an RFC 9457 answer with this status and return its body."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers
    body: dict[str, Any] = r.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


def locs(r: httpx.Response) -> list[list[str | int]]:
    """The `errors[].loc` of a 422, after asserting it is one."""
    body = problem(r, 422)
    return [e["loc"] for e in body["errors"]]


def assert_masked(value: str, full: str) -> None:
    """`value` is `full` masked: first four and last two digits, ten stars between."""
    assert MASKED.match(value), value
    assert value == full[:4] + "*" * 10 + full[-2:]


def assert_no_personal_data(text: str, *secrets: str) -> None:
    """None of the NIKs, KK numbers or names in `secrets` appears in `text`."""
    for secret in secrets:
        assert secret not in text, f"{secret!r} leaked into {text!r}"


async def audit_events(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    *,
    object_id: str | None = None,
    action: str | None = None,
) -> list[dict[str, Any]]:
    """The audit trail as the program office reads it (GET /audit-events), newest first."""
    params = {"limit": "200"}
    if object_id:
        params["object_id"] = object_id
    if action:
        params["action"] = action
    r = await client.get("/api/v1/audit-events", params=params, headers=admin)
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


def assert_clean_audit(events: list[dict[str, Any]], *secrets: str) -> None:
    """Audit details name fields and ids, never an identifier or a name."""
    for event in events:
        assert_no_personal_data(repr(event["detail"]), *secrets)
        assert_no_personal_data(repr(event), *secrets)


# Who may touch a household of `City` (caller from conftest.CALLERS, target household, status).
# Reading: every role but agency_admin; coordinators only in their region, anyone else's is 404.
READ_ACCESS: list[tuple[str | None, str, int]] = [
    (None, "kertapati", 401),
    ("agency_admin", "kertapati", 403),
    ("mentor", "kertapati", 404),  # a mentor without an active assignment here: not its household
    ("auditor", "gandus", 200),
    ("admin", "gandus", 200),
    ("camat_kertapati", "kertapati", 200),
    ("camat_kertapati", "kemas_rindo", 200),
    ("camat_kertapati", "gandus", 404),
    ("lurah_kertapati", "kertapati", 200),
    ("lurah_kertapati", "kemas_rindo", 404),
    ("camat_gandus", "gandus", 200),
    ("camat_gandus", "kertapati", 404),
]

# Changing: admin and coordinators in their region; the other roles are refused outright.
WRITE_ACCESS: list[tuple[str | None, str, int]] = [
    (None, "kertapati", 401),
    ("agency_admin", "kertapati", 403),
    ("mentor", "kertapati", 403),
    ("auditor", "kertapati", 403),
    ("admin", "gandus", 200),
    ("camat_kertapati", "kemas_rindo", 200),
    ("camat_kertapati", "gandus", 404),
    ("lurah_kertapati", "kertapati", 200),
    ("lurah_kertapati", "kemas_rindo", 404),
    ("camat_gandus", "kertapati", 404),
]


def household_secrets(payload: dict[str, Any]) -> list[str]:
    """Everything personal in a create payload: identifiers, names, the address."""
    out = [payload["kk_number"], payload["head_nik"], payload["head_name"], payload["address"]]
    for m in payload.get("members", []):
        out += [m["nik"], m["name"]]
    return out


def expect_access(r: httpx.Response, status: int, secrets: list[str]) -> None:
    """The answer has `status`; a refusal is problem+json and tells nothing about the family."""
    if status < 400:
        assert r.status_code == status, r.text
        return
    problem(r, status)
    assert_no_personal_data(r.text, *secrets)
