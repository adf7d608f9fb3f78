"""Statistics endpoints at full Palembang scale, on SQLite and PostgreSQL: each one for the whole
city as the program office (admin) sees it, and with a kecamatan filter, against the bare
`/healthz` in the same run. Target on PostgreSQL: every one under 200 ms p99 for the whole city.

    .venv/bin/python bench/stats.py [--backends sqlite,postgres] [--duration 10] [--reseed]
"""

from __future__ import annotations

import argparse

import harness
from harness import Case

KECAMATAN = "16.71.13"  # Kertapati, the kecamatan with the most households


def bench_backend(backend: str, args: argparse.Namespace) -> None:
    env = harness.prepare(backend, "bina_bench_stats", args)
    with harness.server(env) as srv:
        token = harness.token(srv.base, harness.ADMIN_EMAIL, harness.ADMIN_PASSWORD)
        cases = [Case("bare /healthz", "/healthz")]
        for name in ("overview", "kecamatan", "agencies", "monthly"):
            cases.append(Case(f"GET /stats/{name}", f"/api/v1/stats/{name}", token))
        for name in ("overview", "monthly"):
            path = f"/api/v1/stats/{name}?kecamatan={KECAMATAN}"
            cases.append(Case(f"GET /stats/{name}?kecamatan={KECAMATAN}", path, token))
        harness.measure(srv, f"[{backend}] statistics", cases, (1, 8), args.duration)


if __name__ == "__main__":
    harness.main(__doc__, bench_backend)
