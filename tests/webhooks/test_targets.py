"""The SSRF guard's address rules, for IPv4 and IPv6 (embedded IPv4 judged by what it carries)."""

from __future__ import annotations

import ipaddress

import pytest

from bina.webhooks import targets


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 - an address to refuse, not to bind
        ("::", "unspecified"),
        ("240.0.0.1", "private"),  # reserved (Python files 240/4 under private too)
        ("100.64.0.1", "not publicly routable"),  # carrier-grade NAT
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:a00:1::", "private"),  # 6to4 carrying 10.0.0.1
    ],
)
def test_non_public_addresses_are_refused(address: str, kind: str) -> None:
    assert targets.why_refused(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert targets.why_refused(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("allow", [False, True])
def test_plain_http_only_where_private_networks_are_allowed(allow: bool) -> None:
    if allow:
        assert targets.parse("http://127.0.0.1:8000/x", allow).scheme == "http"
    else:
        with pytest.raises(targets.TargetRefused, match="https"):
            targets.parse("http://127.0.0.1:8000/x", allow)


async def test_a_name_that_does_not_resolve_is_refused() -> None:
    with pytest.raises(targets.TargetRefused, match="could not be resolved") as caught:
        await targets.check("https://no-such-host.invalid/hook", allow_private=False)
    assert caught.value.kind == "url_unresolvable"
