"""One attempt to deliver a webhook: check the target again, sign, POST, read at most 1 KB of
the answer. Redirects are not followed; no proxy from the environment is used; the connection
goes to an address the check passed (TLS still verifies the URL's own host name)."""

from __future__ import annotations

import asyncio
import functools
import logging
import ssl
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from bina.models.base import utcnow
from bina.webhooks import signing, targets

RESPONSE_BODY_LIMIT = 1024
# httpx logs every request at INFO: a line per delivery attempt, which the deliveries table
# already records with its outcome.
logging.getLogger("httpx").setLevel(logging.WARNING)


@dataclass(frozen=True, slots=True)
class Attempt:
    """What one attempt got: the answer's status and (the start of) its body, or an error."""

    status: int | None = None
    body: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@functools.cache
def _tls() -> ssl.SSLContext:
    # Loading the CA bundle costs milliseconds; the context itself holds no connection.
    return httpx.create_ssl_context()


async def _read_start(response: httpx.Response) -> str:
    """At most RESPONSE_BODY_LIMIT bytes of the answer: a receiver cannot make us read more."""
    kept = bytearray()
    async for chunk in response.aiter_bytes():
        kept += chunk
        if len(kept) >= RESPONSE_BODY_LIMIT:
            break
    return kept[:RESPONSE_BODY_LIMIT].decode("utf-8", errors="replace")


async def _post(
    client: httpx.AsyncClient,
    target: targets.Target,
    address: str,
    headers: dict[str, str],
    body: str,
) -> Attempt:
    url = target.url.copy_with(host=address)
    extensions = {"sni_hostname": target.url.host} if target.url.scheme == "https" else {}
    request = client.build_request(
        "POST",
        url,
        content=body.encode(),
        headers={**headers, "host": target.url.netloc.decode("ascii")},
        extensions=extensions,
    )
    response = await client.send(request, stream=True, follow_redirects=False)
    try:
        text = await _read_start(response)
    finally:
        await response.aclose()
    error = None
    if response.is_redirect:
        error = f"answered {response.status_code} (a redirect): redirects are not followed"
    elif not 200 <= response.status_code < 300:
        error = f"answered {response.status_code}"
    return Attempt(response.status_code, text, error)


async def send(
    url: str,
    message_id: str,
    body: str,
    keys: Sequence[str],
    *,
    allow_private: bool,
    timeout_s: float,
) -> Attempt:
    """Deliver `body` to `url` once, signed with `keys`; never raises for the receiver's sake."""
    try:
        async with asyncio.timeout(timeout_s):
            target = await targets.check(url, allow_private)
            headers = signing.headers(message_id, utcnow(), body, keys)
            async with httpx.AsyncClient(
                verify=_tls(), trust_env=False, timeout=timeout_s, follow_redirects=False
            ) as client:
                failure = "no address to connect to"
                for address in target.addresses:
                    try:
                        return await _post(client, target, address, headers, body)
                    except httpx.ConnectError:
                        failure = f"could not connect to {address}"
                return Attempt(error=failure)
    except targets.TargetRefused as exc:
        return Attempt(error=f"refused: {exc}")
    except (TimeoutError, httpx.TimeoutException):
        return Attempt(error=f"no answer within {timeout_s:g} s")
    except httpx.HTTPError as exc:  # the message of a transport error names no personal data
        return Attempt(error=f"{type(exc).__name__}: {exc}"[:300])
