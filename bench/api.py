"""Households API throughput at full Palembang scale, on SQLite and PostgreSQL.

Lists (with and without a kecamatan filter) and detail, against the bare `/healthz` in the same
run, at 8 and 64 connections; then a burst of 64 connections on a cold pool, which must see no
error or timeout. The seeded city and the server come from `bench/harness.py`.

    .venv/bin/python bench/api.py [--backends sqlite,postgres] [--duration 10] [--reseed]
"""

from __future__ import annotations

import argparse

import httpx

import harness
from harness import Case


def bench_backend(backend: str, args: argparse.Namespace) -> None:
    env = harness.prepare(backend, "bina_bench_api", args)
    with harness.server(env) as srv:
        token = harness.token(srv.base, harness.ADMIN_EMAIL, harness.ADMIN_PASSWORD)
        page = httpx.get(
            f"{srv.base}/api/v1/households?limit=200",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        ).json()
        script = harness.CACHE / "households-detail.lua"
        script.write_text(
            "ids = {" + ",".join(f'"{h["id"]}"' for h in page["items"]) + "}\n"
            "request = function()\n"
            '  return wrk.format("GET", "/api/v1/households/" .. ids[math.random(#ids)])\n'
            "end\n"
        )
        cases = [
            Case("bare /healthz", "/healthz"),
            Case("GET /households?limit=50", "/api/v1/households?limit=50", token),
            Case(
                "GET /households?kecamatan=16.71.13&limit=50",
                "/api/v1/households?kecamatan=16.71.13&limit=50",
                token,
            ),
            Case("GET /households/{id}", "/", token, str(script)),
        ]
        harness.measure(srv, f"[{backend}] households", cases, (8, 64), args.duration)
    # A burst of 64 connections against a server whose pool has never connected.
    with harness.server(env) as srv:
        case = Case("burst", "/api/v1/households?limit=50", token)
        r = harness.wrk(srv.base + case.path, connections=64, duration=5, case=case)
        verdict = "ok" if r.errors == 0 and r.non_2xx == 0 else "FAILED"
        print(
            f"[{backend}] cold-pool burst, 64 connections, 5 s: {r.rps:.0f} req/s, "
            f"p99 {r.p99_ms:.1f} ms, errors/timeouts {r.errors}, non-2xx {r.non_2xx}: {verdict}"
        )


if __name__ == "__main__":
    harness.main(__doc__, bench_backend)
