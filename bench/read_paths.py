"""The hot read paths of two checkouts side by side, at full Palembang scale, on one seeded city.

Households, mentors and mentoring-session lists (50 rows, as the admin) and the demo mentor's
delta sync (the first, full one and an incremental one with 10 changes), at 1 and 8 connections,
against the bare `/healthz`. Each case runs on this checkout's server and on the baseline's
(another worktree with its own `.venv`, e.g. `git worktree add ../before <commit>` and
`make install` there), one after the other, both on the same copy of the city, so machine noise
hits both alike.

    .venv/bin/python bench/read_paths.py --baseline ../before [--backends sqlite,postgres]
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote

import httpx

import harness
from bina.seed.accounts import DEMO_PASSWORD, MENTOR_EMAIL
from harness import Case, Server
from sync import CHANGES, _record, active_assignment

LISTS = {
    "GET /households?limit=50": "/api/v1/households?limit=50",
    "GET /mentors?limit=50": "/api/v1/mentors?limit=50",
    "GET /mentoring-sessions?limit=50": "/api/v1/mentoring-sessions?limit=50",
}


def _cases(srv: Server) -> list[Case]:
    admin_token = harness.token(srv.base, harness.ADMIN_EMAIL, harness.ADMIN_PASSWORD)
    mentor_token = harness.token(srv.base, MENTOR_EMAIL, DEMO_PASSWORD)
    cursor = httpx.get(
        f"{srv.base}/api/v1/sync",
        headers={"Authorization": f"Bearer {mentor_token}"},
        timeout=60,
    ).json()["next_cursor"]
    cases = [Case("bare /healthz", "/healthz")]
    cases += [Case(label, path, admin_token) for label, path in LISTS.items()]
    cases += [
        Case("GET /sync (mentor, first, full)", "/api/v1/sync", mentor_token),
        Case(
            f"GET /sync?cursor= (mentor, {CHANGES} changes)",
            f"/api/v1/sync?cursor={quote(cursor)}",
            mentor_token,
        ),
    ]
    return cases


def _changes(srv: Server) -> None:
    """The demo mentor records visits after both servers took their sync cursor."""
    admin_token = harness.token(srv.base, harness.ADMIN_EMAIL, harness.ADMIN_PASSWORD)
    admin = {"Authorization": f"Bearer {admin_token}"}
    mentor = {"Authorization": f"Bearer {harness.token(srv.base, MENTOR_EMAIL, DEMO_PASSWORD)}"}
    me = httpx.get(f"{srv.base}/api/v1/auth/me", headers=mentor, timeout=30).json()
    assignment_id = active_assignment(srv.base, admin, me["mentor_id"])
    for n in range(CHANGES // 2):  # each visit: the session and its action item
        _record(srv.base, mentor, assignment_id, 100 + n)


def bench_backend(backend: str, args: argparse.Namespace) -> None:
    env = harness.prepare(backend, "bina_bench_read_paths", args)
    checkouts = {"baseline": args.baseline.resolve(), "this": harness.ROOT}
    with ExitStack() as stack:
        servers = {
            name: stack.enter_context(harness.server(env, c)) for name, c in checkouts.items()
        }
        cases = {name: _cases(srv) for name, srv in servers.items()}
        _changes(servers["this"])
        print(
            f"\n[{backend}] read paths, {args.duration} s per case after 2 s of warm-up; "
            f"baseline {checkouts['baseline']}, this {checkouts['this']}; {harness.load()}"
        )
        print(
            f"{'endpoint':44} {'conns':>5} | {'base req/s':>10} {'p50':>6} {'p99':>6} "
            f"{'cpu ms':>6} | {'this req/s':>10} {'p50':>6} {'p99':>6} {'cpu ms':>6} | "
            f"{'this/base':>9}"
        )
        for conns in (1, 8):
            for i, label in enumerate(case.label for case in cases["this"]):
                cells = []
                for name, srv in servers.items():
                    case = cases[name][i]
                    url = srv.base + case.path
                    harness.wrk(url, connections=conns, duration=2, case=case)
                    cpu = srv.cpu_seconds()
                    r = harness.wrk(url, connections=conns, duration=args.duration, case=case)
                    cpu_ms = 1000 * (srv.cpu_seconds() - cpu) / max(r.requests, 1)
                    if r.errors or r.non_2xx:
                        print(f"  {name}: {r.errors} errors, {r.non_2xx} non-2xx", file=sys.stderr)
                    cells.append((r, cpu_ms))
                (b, b_cpu), (t, t_cpu) = cells
                print(
                    f"{label:44} {conns:>5} | {b.rps:>10.0f} {b.p50_ms:>6.1f} {b.p99_ms:>6.1f} "
                    f"{b_cpu:>6.2f} | {t.rps:>10.0f} {t.p50_ms:>6.1f} {t.p99_ms:>6.1f} "
                    f"{t_cpu:>6.2f} | {t.rps / max(b.rps, 1e-9):>8.0%}"
                )
        print(f"  ({harness.load()} at the end)")


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--baseline", type=Path, required=True, help="a checkout of the commit to compare with"
    )


if __name__ == "__main__":
    harness.main(__doc__, bench_backend, _options)
