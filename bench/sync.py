"""Delta sync at full Palembang scale, on SQLite and PostgreSQL.

The demo mentor's first full sync (no cursor) and an incremental sync whose cursor is followed
by 10 changes in the mentor's scope (5 visits, each with one agreed action), against the bare
`/healthz` in the same run. Target on PostgreSQL: incremental p99 < 50 ms at 8 connections.

    .venv/bin/python bench/sync.py [--backends sqlite,postgres] [--duration 10] [--reseed]
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

import harness
from bina.seed.accounts import DEMO_PASSWORD, MENTOR_EMAIL
from harness import Case

CHANGES = 10


def visit(assignment_id: str, n: int) -> dict[str, Any]:
    # A week ahead: in UTC's evening, today's UTC date is already yesterday in Palembang.
    due = (datetime.now(UTC) + timedelta(days=7)).date()
    return {
        "assignment_id": assignment_id,
        "occurred_at": datetime.now(UTC).isoformat(),
        "kind": "home_visit",
        "duration_minutes": 30,
        "topics": ["adminduk"],
        "notes": f"Kunjungan bench {n}",
        "actions": [{"title": f"Tindak lanjut {n}", "due_date": str(due)}],
    }


def active_assignment(base: str, admin: dict[str, str], mentor_id: str) -> str:
    """The mentor's active assignment (the seed's matching run gives every mentor one at most;
    the admin makes one if it has none)."""
    mine = httpx.get(
        f"{base}/api/v1/assignments",
        params={"status": "active", "mentor_id": mentor_id},
        headers=admin,
        timeout=30,
    ).json()["items"]
    if mine:
        return str(mine[0]["id"])
    for status in ("verified", "identified"):
        free = httpx.get(
            f"{base}/api/v1/households", params={"status": status, "limit": 1}, headers=admin
        ).json()["items"]
        if free:
            break
    body = {"household_id": free[0]["id"], "mentor_id": mentor_id}
    r = httpx.post(f"{base}/api/v1/assignments", json=body, headers=admin, timeout=30)
    r.raise_for_status()
    return str(r.json()["id"])


def _record(base: str, mentor: dict[str, str], assignment_id: str, n: int) -> None:
    r = httpx.post(
        f"{base}/api/v1/mentoring-sessions",
        json=visit(assignment_id, n),
        headers=mentor,
        timeout=30,
    )
    r.raise_for_status()


def bench_backend(backend: str, args: argparse.Namespace) -> None:
    env = harness.prepare(backend, "bina_bench_sync", args)
    with harness.server(env) as srv:
        base = srv.base
        admin_token = harness.token(base, harness.ADMIN_EMAIL, harness.ADMIN_PASSWORD)
        token = harness.token(base, MENTOR_EMAIL, DEMO_PASSWORD)
        admin = {"Authorization": f"Bearer {admin_token}"}
        mentor = {"Authorization": f"Bearer {token}"}
        me = httpx.get(f"{base}/api/v1/auth/me", headers=mentor, timeout=30).json()
        assignment_id = active_assignment(base, admin, me["mentor_id"])
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
            Case("bare /healthz", "/healthz"),
            Case("GET /sync (first, full)", "/api/v1/sync", token),
            Case(
                f"GET /sync?cursor= ({CHANGES} changes)",
                f"/api/v1/sync?cursor={quote(cursor)}",
                token,
            ),
        ]
        harness.measure(srv, f"[{backend}] delta sync", cases, (2, 8), args.duration)


if __name__ == "__main__":
    harness.main(__doc__, bench_backend)
