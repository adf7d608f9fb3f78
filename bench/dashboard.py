"""Dashboard time to interactive at full Palembang scale, in Debian's Chromium (SQLite).

Seeds the full demo city into a SQLite file once (`--db`, reused when it is already seeded: the
seed takes minutes) and serves it with the built SPA (`make web` first) on one uvicorn worker
(bench/harness.py). bench/dashboard.mjs then measures, per run in a fresh browser signed in as the
admin: the time until the KPIs show and until every chart, the map and the agency table are drawn
(after the sign-in, and on a reload of /dashboard from navigation start), the gzipped JS loaded
for /login and for the dashboard, the main thread's busy time, each API call (resource timing).
Afterwards each stats call the dashboard makes is timed alone (sequentially, warm), with the
server process's CPU time, so the slowest call is known without the browser's contention.

    .venv/bin/python bench/dashboard.py [--db var/bench-dashboard.db] [--runs 3] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness
from bina.seed.accounts import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "frontend" / "dist"
BINA = ROOT / ".venv" / "bin" / "bina"
# What the dashboard asks for, in the order it asks (filters' reference lists last).
CALLS = (
    "/api/v1/stats/overview",
    "/api/v1/stats/kecamatan",
    "/api/v1/stats/agencies",
    "/api/v1/stats/monthly?months=12",
    "/api/v1/regions?level=kecamatan",
    "/api/v1/agencies",
)


def seeded(db: Path) -> bool:
    """Whether the file already holds the demo city (at full scale)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            (households,) = conn.execute("SELECT count(*) FROM households").fetchone()
    except sqlite3.Error:
        return False
    return int(households) >= 10_000


def prepare(db: Path, env: dict[str, str]) -> None:
    if seeded(db):
        print(f"reusing the seeded database {db}")
        return
    print(f"seeding the full demo city into {db} (several minutes) ...", flush=True)
    subprocess.run([str(BINA), "db", "upgrade"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run([str(BINA), "seed", "--demo"], env=env, check=True, capture_output=True)
    print(f"seeded in {time.perf_counter() - started:.0f} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_calls(base: str, pid: int, repeats: int) -> None:
    form = {"grant_type": "password", "username": "admin@bina.demo", "password": DEMO_PASSWORD}
    token = httpx.post(f"{base}/api/v1/auth/token", data=form, timeout=30).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    print(f"\neach call alone, {repeats} times after one warm-up (median wall ms, server CPU ms):")
    for call in CALLS:
        httpx.get(base + call, headers=headers, timeout=60).raise_for_status()
        walls, cpus = [], []
        for _ in range(repeats):
            cpu0 = cpu_seconds(pid)
            started = time.perf_counter()
            httpx.get(base + call, headers=headers, timeout=60).raise_for_status()
            walls.append(1000 * (time.perf_counter() - started))
            cpus.append(1000 * (cpu_seconds(pid) - cpu0))
        print(f"  {call:40} {statistics.median(walls):6.0f} {statistics.median(cpus):6.0f}")


def summarize(runs: list[dict[str, Any]]) -> None:
    sign_in = [r["sign_in_to_dashboard"] for r in runs]
    reload = [r["reload"] for r in runs]
    rows = {
        "login page load event": [r["login"]["navigation"]["load"] for r in runs],
        "sign-in click -> KPIs shown": [s["kpis_ms"] for s in sign_in],
        "sign-in click -> charts, map, table drawn": [s["all_ms"] for s in sign_in],
        "reload /dashboard -> KPIs shown": [r["kpis_ms"] for r in reload],
        "reload /dashboard -> everything drawn": [r["all_ms"] for r in reload],
        "reload: main thread busy": [r["main_thread"]["task_ms"] for r in reload],
        "reload: of which script": [r["main_thread"]["script_ms"] for r in reload],
    }
    print(f"\nmedian of {len(runs)} runs (ms), [each run]:")
    for name, values in rows.items():
        print(f"  {name:42} {statistics.median(values):6.0f}  {values}")
    login_js, dash_js = runs[0]["login"]["js"], sign_in[0]["js"]
    print(f"JS gzipped: /login {login_js['gzip_kb']} KB ({login_js['files']} files), ", end="")
    print(f"/login + dashboard {dash_js['gzip_kb']} KB ({dash_js['files']} files)")
    durations: dict[str, list[float]] = {}
    for r in reload:
        for call in r["api"]:
            durations.setdefault(call["call"], []).append(call["ms"])
    print("API calls of the reload, as the browser saw them (concurrent; median ms):")
    for call, ms in sorted(durations.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"  {call:42} {statistics.median(ms):6.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "bench-dashboard.db")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5, help="times each API call is timed alone")
    parser.add_argument("--email", default="admin@bina.demo")
    args = parser.parse_args()
    if not (DIST / "index.html").is_file():
        sys.exit("no built SPA in frontend/dist: run `make web` first")
    env = {
        **os.environ,
        "BINA_DATABASE_URL": f"sqlite+aiosqlite:///{args.db.resolve()}",
        "BINA_ENV": "development",
        "BINA_SPA_DIR": str(DIST),
    }
    prepare(args.db, env)
    with harness.server(env) as srv:
        base, pid = srv.base, srv.pid
        cpu0 = cpu_seconds(pid)
        out = subprocess.run(
            ["node", str(ROOT / "bench" / "dashboard.mjs"), base, args.email, str(args.runs)],
            check=True,
            capture_output=True,
            text=True,
        )
        cpu = cpu_seconds(pid) - cpu0
        runs = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
        summarize(runs)
        print(f"server CPU during the browser runs: {cpu:.1f} s for {len(runs)} runs")
        time_calls(base, pid, args.repeats)
    print(
        f"\nmachine load average (1, 5, 15 min): {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        f" on {os.cpu_count()} CPUs"
    )


if __name__ == "__main__":
    main()
