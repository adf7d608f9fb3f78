"""Who may scrape /metrics: callers from the configured networks (loopback by default), or
anyone presenting the metrics bearer token. It tells what the API serves and how busy it is."""

from __future__ import annotations

import hmac
from ipaddress import IPv4Address, IPv6Address, ip_address

from fastapi import Request

from bina.config import Settings
from bina.errors import Forbidden, Unauthorized


def _client_address(request: Request) -> IPv4Address | IPv6Address | None:
    try:
        address = ip_address(request.client.host) if request.client else None
    except ValueError:  # not an IP address (a test client's name, a unix socket)
        return None
    if isinstance(address, IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _bearer(request: Request) -> str | None:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else None


async def allow_scraper(request: Request) -> None:
    """Dependency: 401 for a missing or wrong token where one is configured, else 403."""
    settings: Settings = request.app.state.settings
    address = _client_address(request)
    if address is not None and any(address in net for net in settings.metrics_allow_networks):
        return
    given = _bearer(request)
    expected = settings.metrics_token
    if expected is not None and given is not None:
        if hmac.compare_digest(given.encode(), expected.get_secret_value().encode()):
            return
        raise Unauthorized("The metrics token is wrong.")
    if expected is not None:
        raise Unauthorized("Send the metrics token: Authorization: Bearer <BINA_METRICS_TOKEN>.")
    raise Forbidden("Metrics are served to the configured networks only.")
