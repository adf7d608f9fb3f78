"""Delta sync benchmark at full Palembang scale, on SQLite and PostgreSQL.

For each database: migrate a fresh one and seed the full demo city (as bench/api.py does), give
the demo mentor a household with a few recorded visits, then load one uvicorn worker with wrk:
the mentor's first full sync (no cursor), and an incremental sync whose cursor is followed by
10 changes in the mentor's scope (5 visits, each with one agreed action). The bare `/healthz`
is measured in the same run as the baseline. Target on PostgreSQL: incremental p99 < 50 ms.

    .venv/bin/python bench/sync.py [--backends sqlite,postgres] [--duration 10] [--households N]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import asyncpg
import httpx

# The helpers of bench/api.py (wrk, uvicorn, seeding), imported from next to this file.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import api as bench_api
from bina.seed.accounts import DEMO_PASSWORD, MENTOR_EMAIL

CHANGES = 10


def _token(base: str, email: str, password: str) -> str:
    form = {"grant_type": "password", "username": email, "password": password}
    r = httpx.post(f"{base}/api/v1/auth/token", data=form, timeout=30)
    r.raise_for_status()
    token: str = r.json()["access_token"]
    return token


def _visit(assignment_id: str, n: int) -> dict[str, Any]:
    today = datetime.now(UTC).date()
    return {
        "assignment_id": assignment_id,
        "occurred_at": datetime.now(UTC).isoformat(),
        "kind": "home_visit",
        "duration_minutes": 30,
        "topics": ["adminduk"],
        "notes": f"Kunjungan bench {n}",
        "actions": [{"title": f"Tindak lanjut {n}", "due_date": str(today)}],
    }


def _mentor_with_household(base: str, admin: dict[str, str], mentor: dict[str, str]) -> str:
    """The demo mentor's active assignment (made by the admin if the seed left it none)."""
    me = httpx.get(f"{base}/api/v1/auth/me", headers=mentor, timeout=30).json()
    mine = httpx.get(
        f"{base}/api/v1/assignments",
        params={"status": "active", "mentor_id": me["mentor_id"]},
        headers=admin,
        timeout=30,
    ).json()["items"]
    if mine:
        return str(mine[0]["id"])
    free = (
        httpx.get(
            f"{base}/api/v1/households", params={"status": "verified", "limit": 1}, headers=admin
        ).json()["items"]
        or httpx.get(
            f"{base}/api/v1/households", params={"status": "identified", "limit": 1}, headers=admin
        ).json()["items"]
    )
    body = {"household_id": free[0]["id"], "mentor_id": me["mentor_id"]}
    r = httpx.post(f"{base}/api/v1/assignments", json=body, headers=admin, timeout=30)
    r.raise_for_status()
    return str(r.json()["id"])


def _record(base: str, mentor: dict[str, str], assignment_id: str, n: int) -> None:
    r = httpx.post(
        f"{base}/api/v1/mentoring-sessions",
        json=_visit(assignment_id, n),
        headers=mentor,
        timeout=30,
    )
    r.raise_for_status()


def _analyze(env: dict[str, str]) -> None:
    """Table statistics after the bulk seed, as autovacuum would gather them in production (it
    is off on the benchmark machine); without them PostgreSQL scans the change log."""
    url = env["BINA_DATABASE_URL"]
    if not url.startswith("postgresql"):
        return

    async def analyze() -> None:
        conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            await conn.execute("ANALYZE")
        finally:
            await conn.close()

    asyncio.run(analyze())


def bench_backend(backend: str, args: argparse.Namespace, workdir: Path) -> None:
    env = bench_api.prepare(backend, workdir, args.households, args.mentors, "bina_bench_sync")
    _analyze(env)
    with bench_api.server(env) as base:
        admin_token = _token(base, bench_api.ADMIN_EMAIL, bench_api.ADMIN_PASSWORD)
        token = _token(base, MENTOR_EMAIL, DEMO_PASSWORD)
        admin = {"Authorization": f"Bearer {admin_token}"}
        mentor = {"Authorization": f"Bearer {token}"}
        assignment_id = _mentor_with_household(base, admin, mentor)
        for n in range(3):  # some history on the phone
            _record(base, mentor, assignment_id, n)
        full = httpx.get(f"{base}/api/v1/sync", headers=mentor, timeout=30).json()
        assert not full["has_more"]
        cursor = full["next_cursor"]
        for n in range(CHANGES // 2):  # each visit: the session and its action item
            _record(base, mentor, assignment_id, 100 + n)
        incremental = httpx.get(
            f"{base}/api/v1/sync", params={"cursor": cursor}, headers=mentor, timeout=30
        ).json()
        print(
            f"\n[{backend}] mentor's scope: {len(full['items'])} objects in the full sync, "
            f"{len(incremental['items'])} entries for {CHANGES} changes in the incremental one"
        )
        cases = [
            ("bare /healthz", "/healthz", None),
            ("GET /sync (first, full)", "/api/v1/sync", token),
            (
                f"GET /sync?cursor= ({CHANGES} changes)",
                f"/api/v1/sync?cursor={quote(cursor)}",
                token,
            ),
        ]
        print(f"[{backend}] one uvicorn worker, wrk on loopback, {args.duration} s per case")
        print(
            f"{'endpoint':40} {'conns':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'vs bare':>8} {'errors':>6}"
        )
        for conns in (2, 16):
            bare = None
            for label, path, tok in cases:
                bench_api.wrk(base + path, connections=conns, duration=2, token=tok, script=None)
                r = bench_api.wrk(
                    base + path, connections=conns, duration=args.duration, token=tok, script=None
                )
                bare = bare or r.rps
                print(
                    f"{label:40} {conns:>5} {r.rps:>8.0f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} "
                    f"{r.rps / bare:>7.0%} {r.errors + r.non_2xx:>6}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--households", type=int, default=10_644)
    parser.add_argument("--mentors", type=int, default=13_260)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    with tempfile.TemporaryDirectory(prefix="bina-bench-sync-") as tmp:
        for backend in args.backends.split(","):
            bench_backend(backend, args, Path(tmp))


if __name__ == "__main__":
    main()
