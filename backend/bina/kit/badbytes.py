"""Refuse, as a 422 before anything reads them, strings no database column can hold: a NUL or an
unpaired UTF-16 surrogate (invalid UTF-8 counts as one) in the path, the query or the body (JSON
or a form). PostgreSQL refuses such text, so a request carrying one would otherwise end in a 500."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bina.errors import validation_problem
from bina.kit.middleware import header

# Bytes are decoded with "surrogateescape": invalid UTF-8 becomes lone surrogates, caught here too.
_BAD = re.compile("[\x00\ud800-\udfff]")
_ERROR_TYPE = "string_bad_character"
_MSG = "String contains a NUL character or an unpaired surrogate, which cannot be stored."
_FORM = "application/x-www-form-urlencoded"

Loc = tuple[str | int, ...]


class BadBytesMiddleware:
    """Check path, query and body; hand the request on unchanged when every string is fine."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        bad = [*_path(scope), *_bad_fields(scope.get("query_string", b""), "query")]
        media = (header(scope, b"content-type") or "").split(";", 1)[0].strip().lower()
        if media == _FORM or _is_json(media):
            messages = await _read_body(receive)
            body = b"".join(m.get("body", b"") for m in messages)
            bad += _bad_fields(body, "body") if media == _FORM else _bad_json(body)
            receive = _replay(messages, receive)
        if bad:
            response = validation_problem([_error(loc) for loc in bad], _printable(scope["path"]))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _error(loc: Loc) -> dict[str, Any]:
    return {
        "loc": [_printable(p) if isinstance(p, str) else p for p in loc],
        "msg": _MSG,
        "type": _ERROR_TYPE,
    }


def _printable(text: str) -> str:
    """What the answer can carry of a name or path (a lone surrogate cannot be written as UTF-8)."""
    return _BAD.sub("\ufffd", text)


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _path(scope: Scope) -> list[Loc]:
    raw: bytes | None = scope.get("raw_path")  # the bytes sent: "path" has invalid UTF-8 replaced
    path: str = scope["path"] if raw is None else _decode(unquote_to_bytes(raw))
    if not _BAD.search(path):
        return []
    # Only now, to name the parameter: the documented path the request would reach.
    for template in scope["app"].openapi()["paths"]:
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        if match := re.fullmatch(pattern, path):
            named: list[Loc] = [("path", k) for k, v in match.groupdict().items() if _BAD.search(v)]
            if named:
                return named
    return [("path",)]


def _bad_fields(urlencoded: bytes, where: str) -> list[Loc]:
    """The query's (or form's) fields whose name or value is bad."""
    # Latin-1 keeps each byte as it came, to be decoded as UTF-8 once unquoted.
    pairs = parse_qsl(urlencoded.decode("latin-1"), keep_blank_values=True, encoding="latin-1")
    fields = ((_decode(n.encode("latin-1")), _decode(v.encode("latin-1"))) for n, v in pairs)
    return [(where, name) for name, value in fields if _BAD.search(name) or _BAD.search(value)]


def _is_json(media: str) -> bool:
    """The bodies FastAPI parses as JSON (with its default, strict content type)."""
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def _bad_json(body: bytes) -> list[Loc]:
    if not body:
        return []
    try:
        # The app's own parser, so the same strings (it lets lone surrogates through).
        document = json.loads(body)
    except (ValueError, RecursionError):
        return []  # not JSON: the app answers that itself
    return list(_bad_strings(document))


def _bad_strings(document: Any) -> Iterator[Loc]:
    """The loc of every bad key or string, in document order; iterative, so any depth json.loads
    accepted is fine here too."""
    stack: list[tuple[Loc, Any]] = [(("body",), document)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            if _BAD.search(value):
                yield loc
        elif isinstance(value, dict):
            # A bad key stands in for its value: the field is reported once, by its own name.
            stack.extend(
                ((*loc, k), k if _BAD.search(k) else v) for k, v in reversed(value.items())
            )
        elif isinstance(value, list):
            stack.extend(((*loc, i), value[i]) for i in reversed(range(len(value))))


async def _read_body(receive: Receive) -> list[Message]:
    """Every message up to the body's end (or a disconnect); BodyLimitMiddleware, outside, caps
    how much that can be."""
    messages = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A receive that gives the app the messages already read, then whatever comes next."""
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay
