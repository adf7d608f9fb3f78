"""The partner's guide (docs/integrating.md) works as written: its webhook verification snippet,
run as a partner would copy it, accepts what Bina signs and refuses anything else; its curl
examples use the fields and paths the API really has."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bina.main import create_app
from bina.webhooks import outbox, signing

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "integrating.md"
TEXT = GUIDE.read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", TEXT, flags=re.S)


def _verify_snippet() -> Any:
    """The guide's `verified_event`, defined exactly as the guide writes it."""
    code = next(body for lang, body in BLOCKS if lang == "python" and "def verified_event" in body)
    namespace: dict[str, Any] = {}
    exec(compile(code, str(GUIDE), "exec"), namespace)  # noqa: S102 - our own document
    return namespace["verified_event"]


def _signed(keys: list[str], at: datetime | None = None) -> tuple[bytes, dict[str, str]]:
    at = at or datetime.now(UTC)
    data = {"id": "5f0c...", "kk_number": "1671**********01", "status": "graduated"}
    body = outbox.envelope("household.status_changed", at, data)
    return body.encode(), signing.headers(signing.new_message_id(), at, body, keys)


def test_the_snippet_accepts_what_bina_signs() -> None:
    verified_event = _verify_snippet()
    secret = signing.new_secret()
    body, headers = _signed([secret])
    event = verified_event(secret, body, headers)
    assert event == json.loads(body)
    assert event["type"] == "household.status_changed"


def test_the_snippet_accepts_either_secret_during_a_rotation() -> None:
    verified_event = _verify_snippet()
    old, new = signing.new_secret(), signing.new_secret()
    body, headers = _signed([new, old])
    assert verified_event(old, body, headers) is not None
    assert verified_event(new, body, headers) is not None


def test_the_snippet_refuses_a_changed_body_another_secret_or_an_old_message() -> None:
    verified_event = _verify_snippet()
    secret = signing.new_secret()
    body, headers = _signed([secret])
    assert verified_event(secret, body.replace(b"graduated", b"exited"), headers) is None
    assert verified_event(signing.new_secret(), body, headers) is None
    stale_body, stale = _signed([secret], datetime.now(UTC) - timedelta(minutes=10))
    assert verified_event(secret, stale_body, stale) is None


def test_the_paths_the_guide_calls_exist() -> None:
    paths = set(create_app().openapi()["paths"]) | {"/api/v1/openapi.json"}
    called = set(re.findall(r"\$BINA(/api/v1/[\w/.-]+)", TEXT))
    assert called
    assert called <= paths


def test_the_scope_table_lists_every_scope() -> None:
    from bina.security.scopes import Scope

    assert all(f"`{scope.value}`" in TEXT for scope in Scope)
