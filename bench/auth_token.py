"""The token endpoint: an integration client's `client_credentials` grant against a person's
`password` grant (argon2id by design), at 1 and 8 connections, on the seeded city.

    .venv/bin/python bench/auth_token.py [--backends sqlite,postgres] [--duration 10]
"""

from __future__ import annotations

import argparse
import json
from urllib.parse import urlencode

import httpx

import harness
from harness import Case

SCRIPT = """
wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
"""


def _script(name: str, form: dict[str, str]) -> str:
    path = harness.CACHE / f"token-{name}.lua"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SCRIPT.format(body=json.dumps(urlencode(form))))
    return str(path)


def bench_backend(backend: str, args: argparse.Namespace) -> None:
    env = harness.prepare(backend, "bina_bench_token", args)
    with harness.server(env) as srv:
        admin = {
            "Authorization": "Bearer "
            + harness.token(srv.base, harness.ADMIN_EMAIL, harness.ADMIN_PASSWORD)
        }
        client = httpx.post(
            f"{srv.base}/api/v1/integration-clients",
            json={"name": "DTSEN bench", "agency_code": "DINSOS", "scopes": ["households:read"]},
            headers=admin,
            timeout=30,
        ).json()
        password = {
            "grant_type": "password",
            "username": harness.ADMIN_EMAIL,
            "password": harness.ADMIN_PASSWORD,
        }
        credentials = {
            "grant_type": "client_credentials",
            "client_id": client["client_id"],
            "client_secret": client["client_secret"],
        }
        cases = [
            Case("bare /healthz", "/healthz"),
            Case("POST /auth/token password", "/api/v1/auth/token", None, _script("pw", password)),
            Case(
                "POST /auth/token client_credentials",
                "/api/v1/auth/token",
                None,
                _script("cc", credentials),
            ),
        ]
        harness.measure(srv, f"[{backend}] token endpoint", cases, (1, 8), args.duration)


if __name__ == "__main__":
    harness.main(__doc__, bench_backend)
