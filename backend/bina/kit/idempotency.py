"""Idempotency-Key on POST: the same key and body replay the stored answer; another body is 422;
a request still running is 409. Keys are per caller and kept `idempotency_ttl_hours`."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bina.config import get_settings
from bina.errors import BinaError, problem_response
from bina.kit.middleware import header
from bina.models import IdempotencyKey
from bina.models.base import utcnow
from bina.security import tokens

REPLAYED_HEADERS = (b"content-type", b"location", b"etag")
MAX_KEY_LENGTH = 255
# A claim with no answer this old belongs to a process that died mid-request (its `finally` never
# ran); without this the key would answer 409 "still running" for the whole TTL.
ABANDONED_AFTER = timedelta(minutes=10)


# Set on the request's state by `shows_a_secret`: the answer holds a secret shown once, which the
# key's stored answer must not keep.
_SECRET_SHOWN = "bina_secret_shown_once"  # noqa: S105 - a state key, not a secret


async def shows_a_secret(request: Request) -> None:
    """Route dependency for answers that show a secret once (a client's or a webhook's): the
    stored answer of its Idempotency-Key keeps no body; a replay is 409 with the Location."""
    setattr(request.state, _SECRET_SHOWN, True)


def _secret_withheld(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    response = problem_response(
        409,
        kind="secret-not-kept",
        title="Secret not kept",
        detail="This request's answer showed a secret once and it is not kept: read the object "
        "at its Location, and rotate its secret if it was lost.",
        instance=None,
    )
    kept = {k: v for k, v in headers.items() if k == "location"}
    return 409, kept | {"content-type": "application/problem+json"}, bytes(response.body)


def _caller(scope: Scope) -> str | None:
    auth = header(scope, b"authorization")
    if not auth or not auth.lower().startswith("bearer "):
        return None
    try:
        claims = tokens.decode(get_settings(), auth[7:].strip(), expected="access")
    except BinaError:
        return None  # the endpoint answers 401 itself
    return f"user:{claims.sub}"


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        key = header(scope, b"idempotency-key")
        caller = _caller(scope) if key is not None else None
        if key is None or caller is None:
            await self.app(scope, receive, send)
            return
        if not 1 <= len(key) <= MAX_KEY_LENGTH:
            await self._problem(
                scope,
                receive,
                send,
                422,
                "validation-error",
                "Validation failed",
                f"Idempotency-Key must be 1-{MAX_KEY_LENGTH} characters.",
            )
            return

        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        digest = hashlib.sha256(
            b"\n".join([scope["path"].encode(), scope.get("query_string", b""), body])
        ).hexdigest()
        maker: async_sessionmaker[AsyncSession] = scope["app"].state.sessionmaker

        stored = await _claim(maker, caller, key, digest)
        if stored is not None:
            if stored.request_hash != digest:
                await self._problem(
                    scope,
                    receive,
                    send,
                    422,
                    "idempotency-key-reused",
                    "Idempotency key reused",
                    "This Idempotency-Key was used with a different request body.",
                )
            elif stored.status_code is None:
                await self._problem(
                    scope,
                    receive,
                    send,
                    409,
                    "idempotency-in-progress",
                    "Request in progress",
                    "A request with this Idempotency-Key is still running; retry shortly.",
                )
            else:
                await _replay(stored, send)
            return

        status = 500
        headers: dict[str, str] = {}
        chunks: list[bytes] = []
        sent_body = False

        async def replay_receive() -> Message:
            nonlocal sent_body
            if not sent_body:
                sent_body = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        async def capture_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for k, v in message.get("headers", []):
                    if k.lower() in REPLAYED_HEADERS:
                        headers[k.decode("latin-1").lower()] = v.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_receive, capture_send)
        finally:
            answer = (status, headers, b"".join(chunks))
            if status < 400 and scope.get("state", {}).get(_SECRET_SHOWN):
                answer = _secret_withheld(headers)
            await _finish(maker, caller, key, *answer)

    @staticmethod
    async def _problem(
        scope: Scope, receive: Receive, send: Send, status: int, kind: str, title: str, detail: str
    ) -> None:
        response = problem_response(
            status, kind=kind, title=title, detail=detail, instance=scope["path"]
        )
        await response(scope, receive, send)


async def _claim(
    maker: async_sessionmaker[AsyncSession], caller: str, key: str, digest: str
) -> IdempotencyKey | None:
    """Insert a running marker for (caller, key); return the existing row if there is one."""
    now = utcnow()
    expired_before = now - timedelta(hours=get_settings().idempotency_ttl_hours)
    async with maker() as session:
        try:
            async with session.begin():
                await session.execute(
                    delete(IdempotencyKey).where(
                        IdempotencyKey.caller == caller,
                        IdempotencyKey.key == key,
                        or_(
                            IdempotencyKey.created_at < expired_before,
                            and_(
                                IdempotencyKey.status_code.is_(None),
                                IdempotencyKey.created_at < now - ABANDONED_AFTER,
                            ),
                        ),
                    )
                )
                session.add(IdempotencyKey(caller=caller, key=key, request_hash=digest))
            return None
        except IntegrityError:
            pass
        async with session.begin():
            row = await session.scalar(
                select(IdempotencyKey).where(
                    IdempotencyKey.caller == caller, IdempotencyKey.key == key
                )
            )
    return row


async def _finish(
    maker: async_sessionmaker[AsyncSession],
    caller: str,
    key: str,
    status: int,
    headers: dict[str, Any],
    body: bytes,
) -> None:
    """Store the answer; a 5xx is not stored, so the client may retry with the same key."""
    where = (IdempotencyKey.caller == caller, IdempotencyKey.key == key)
    async with maker() as session, session.begin():
        if status >= 500:
            await session.execute(delete(IdempotencyKey).where(*where))
        else:
            await session.execute(
                update(IdempotencyKey)
                .where(*where)
                .values(status_code=status, response_headers=headers, response_body=body)
            )


async def _replay(stored: IdempotencyKey, send: Send) -> None:
    raw = [(k.encode(), str(v).encode()) for k, v in stored.response_headers.items()]
    raw.append((b"idempotent-replayed", b"true"))
    raw.append((b"content-length", str(len(stored.response_body or b"")).encode()))
    await send({"type": "http.response.start", "status": stored.status_code, "headers": raw})
    await send({"type": "http.response.body", "body": stored.response_body or b""})
