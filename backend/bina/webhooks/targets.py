"""Where a webhook may be sent (SSRF guard): https only, and only to addresses on the public
internet — checked when an endpoint is registered or changed, and again right before each
attempt (a name may resolve elsewhere by then), and the attempt connects to the very address
that was checked, so a name cannot switch to an internal one in between.

`BINA_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true` (development and tests) lifts the address rule and
allows plain http.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
RESOLVE_TIMEOUT_S = 5.0


class TargetRefused(Exception):
    """The URL may not be called; the message says why, naming what resolved to what."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Target:
    """A checked URL and the addresses it may be called at, in the resolver's order."""

    url: httpx.URL
    addresses: tuple[str, ...]


def parse(url: str, allow_private: bool) -> httpx.URL:
    """The URL if its form is acceptable: https (or http when private networks are allowed),
    a host, no user name or password in it."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise TargetRefused(f"{url!r} is not a URL.", "url_invalid") from exc
    schemes = ("https", "http") if allow_private else ("https",)
    if parsed.scheme not in schemes:
        raise TargetRefused(
            f"Webhook URLs must use https, not {parsed.scheme or 'no scheme'}.", "url_scheme"
        )
    if not parsed.host:
        raise TargetRefused("The URL has no host.", "url_invalid")
    if parsed.userinfo:
        raise TargetRefused("Put no user name or password in a webhook URL.", "url_invalid")
    return parsed


def why_refused(address: IPAddress) -> str | None:
    """What kind of non-public address this is, or None for a public one. An IPv6 address that
    embeds an IPv4 one (mapped, 6to4) is judged by the IPv4 address it carries."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return why_refused(embedded)
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not publicly routable", not address.is_global),
    )
    return next((name for name, hit in checks if hit), None)


async def _resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(RESOLVE_TIMEOUT_S):
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, TimeoutError) as exc:
        raise TargetRefused(f"{host} could not be resolved.", "url_unresolvable") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def check(url: str, allow_private: bool) -> Target:
    """Parse and resolve `url`; refuse it (`TargetRefused`) unless every address it resolves
    to is public, or private networks are allowed."""
    parsed = parse(url, allow_private)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    addresses = await _resolve(parsed.host, port)
    if not allow_private:
        for text in addresses:
            kind = why_refused(ipaddress.ip_address(text.split("%", 1)[0]))
            if kind is not None:
                shown = parsed.host if parsed.host == text else f"{parsed.host} resolves to {text}"
                raise TargetRefused(
                    f"{shown}, a {kind} address; webhooks may only call public addresses.",
                    "url_private_network",
                )
    return Target(parsed, tuple(addresses))
