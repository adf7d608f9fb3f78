"""Statistics endpoints at full Palembang scale, on SQLite and PostgreSQL: each one for the whole
city as the program office (admin) sees it, and with a kecamatan filter, against the bare
`/healthz` in the same run. Target on PostgreSQL: every one under 200 ms p99 for the whole city.

    .venv/bin/python bench/stats.py [--backends sqlite,postgres] [--duration 10] [--reseed]

With BENCH_STATS_DATABASE_URL set, the one database it names (already migrated and seeded with
`bina seed --demo`) is measured as the demo admin instead of the harness's cached city: the
harness keeps one cached city per PostgreSQL server and drops the others', which on a machine
shared by several worktrees throws away another benchmark's city.
"""

from __future__ import annotations

import argparse
import os

import harness
from bina.seed.accounts import DEMO_PASSWORD
from harness import Case

KECAMATAN = "16.71.13"  # Kertapati, the kecamatan with the most households


def bench_backend(backend: str, args: argparse.Namespace) -> None:
    url = os.environ.get("BENCH_STATS_DATABASE_URL")
    if url:
        env, who = harness._env(url), ("admin@bina.demo", DEMO_PASSWORD)
    else:
        env = harness.prepare(backend, "bina_bench_stats", args)
        who = (harness.ADMIN_EMAIL, harness.ADMIN_PASSWORD)
    with harness.server(env) as srv:
        token = harness.token(srv.base, *who)
        cases = [Case("bare /healthz", "/healthz")]
        for name in ("overview", "kecamatan", "agencies", "monthly"):
            cases.append(Case(f"GET /stats/{name}", f"/api/v1/stats/{name}", token))
        for name in ("overview", "monthly"):
            path = f"/api/v1/stats/{name}?kecamatan={KECAMATAN}"
            cases.append(Case(f"GET /stats/{name}?kecamatan={KECAMATAN}", path, token))
        harness.measure(srv, f"[{backend}] statistics", cases, (1, 8), args.duration)


if __name__ == "__main__":
    harness.main(__doc__, bench_backend)
