"""Standard Webhooks signatures (with the maintained `standardwebhooks` package): the secrets
endpoints are given, and the headers each attempt carries."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import datetime

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format marker, not a secret


def new_secret() -> str:
    """`whsec_` + base64 of 32 random bytes (a 256-bit HMAC-SHA256 key)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def new_message_id() -> str:
    """A `webhook-id`: unique per event, the same on every attempt to deliver it."""
    return "msg_" + secrets.token_hex(16)


def headers(message_id: str, at: datetime, body: str, keys: Sequence[str]) -> dict[str, str]:
    """The headers of one attempt: signed with every key in `keys` (during a rotation's grace
    the new and the old secret: two space-separated `v1,` signatures, either verifies)."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(Webhook(k).sign(message_id, at, body) for k in keys),
        "content-type": "application/json",
        "user-agent": "Bina-Webhooks/1",
    }
