"""What counting requests for /metrics costs: the households list (?limit=50) at 8 connections,
BINA_METRICS_ENABLED off and on, two servers on copies of the same seeded city measured in
turns within one run, so the shared machine's load falls on both alike. Access logs are off in
both (the harness runs uvicorn at warning level): this is the metrics' cost alone.

    .venv/bin/python bench/metrics_cost.py [--backends sqlite,postgres] [--duration 10] [--rounds 2]
"""

from __future__ import annotations

import argparse

import harness
from harness import Case, Server, WrkResult

PATH = "/api/v1/households?limit=50"
CONNECTIONS = 8


def _rounds(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rounds", type=int, default=2, help="turns of off, then on")


def _run(server: Server, case: Case, duration: int) -> tuple[WrkResult, float]:
    """wrk after a 2 s warm-up, and the server's CPU milliseconds per request meanwhile."""
    harness.wrk(server.base + case.path, connections=CONNECTIONS, duration=2, case=case)
    cpu = server.cpu_seconds()
    result = harness.wrk(
        server.base + case.path, connections=CONNECTIONS, duration=duration, case=case
    )
    return result, 1000 * (server.cpu_seconds() - cpu) / max(result.requests, 1)


def bench_backend(backend: str, args: argparse.Namespace) -> None:
    on_env = harness.prepare(backend, "bina_bench_metrics_on", args)
    off_env = harness.prepare(backend, "bina_bench_metrics_off", args)
    off_env["BINA_METRICS_ENABLED"] = "false"
    with harness.server(off_env) as off, harness.server(on_env) as on:
        servers = {"metrics off": off, "metrics on": on}
        cases = {
            label: Case(
                label, PATH, harness.token(srv.base, harness.ADMIN_EMAIL, harness.ADMIN_PASSWORD)
            )
            for label, srv in servers.items()
        }
        print(
            f"\n[{backend}] GET {PATH}: one uvicorn worker each, {CONNECTIONS} connections, "
            f"{args.duration} s per run; {harness.load()}"
        )
        print(
            f"{'round':>5} {'server':12} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
            f"{'cpu ms/req':>10} {'errors':>6}"
        )
        totals = {label: [0.0, 0.0] for label in servers}  # requests/s and CPU ms, summed
        for turn in range(1, args.rounds + 1):
            for label, srv in servers.items():
                r, cpu_ms = _run(srv, cases[label], args.duration)
                totals[label][0] += r.rps
                totals[label][1] += cpu_ms
                print(
                    f"{turn:>5} {label:12} {r.rps:>7.0f} {r.p50_ms:>7.1f} {r.p99_ms:>7.1f} "
                    f"{cpu_ms:>10.2f} {r.errors + r.non_2xx:>6}"
                )
        (off_rps, off_cpu), (on_rps, on_cpu) = totals["metrics off"], totals["metrics on"]
        print(
            f"  metrics on vs off: {on_rps / off_rps:.1%} of the requests/s, "
            f"{on_cpu / off_cpu:.1%} of the CPU per request ({harness.load()} at the end)"
        )


if __name__ == "__main__":
    harness.main(__doc__, bench_backend, _rounds)
