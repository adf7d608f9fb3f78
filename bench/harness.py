"""What every API benchmark shares: a seeded demo city per database (seeded once, then copied),
one uvicorn worker, wrk on loopback, and a table of requests/s, p50/p99 and server CPU per
request, with the machine's load beside it (the machine is shared: read the numbers with it).

The seeded city is cached in `var/bench/` (SQLite) and a template database (PostgreSQL), keyed by
the seed's size, the day and the code that makes it (migrations, models, seed, matching,
reference data); each benchmark runs on a fresh copy, so one benchmark's writes never reach
another's. `--reseed` seeds again and prints the seed's phase timings.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
CACHE = ROOT / "var" / "bench"
PG_ADMIN = os.environ.get("BINA_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
ADMIN_EMAIL = "bench-admin@bina.bench"
ADMIN_PASSWORD = "bench-kata-sandi-2024"
# What the seeded city depends on: change any of it and the cache is seeded again.
_SEED_INPUTS = ("migrations", "backend/bina/models", "backend/bina/seed", "backend/bina/matching")
_SEED_INPUTS += ("backend/bina/reference",)
_TICKS = os.sysconf("SC_CLK_TCK")
WORKERS = 1  # set from --workers


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    non_2xx: int
    requests: int


@dataclass(frozen=True)
class Case:
    """One line of a table: a label, a path (or "/" with a Lua script), who asks."""

    label: str
    path: str
    token: str | None = None
    script: str | None = None


@dataclass(frozen=True)
class Server:
    base: str
    pid: int

    def cpu_seconds(self) -> float:
        """User + system CPU the server process and its worker processes have used so far."""
        total = 0
        for pid in (self.pid, *_children(self.pid)):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue  # a worker that exited meanwhile
            total += int(fields[11]) + int(fields[12])
        return total / _TICKS


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = task / "children"
        if children.exists():
            found += [int(c) for c in children.read_text().split()]
    return found


def arguments(
    doc: str | None, more: Callable[[argparse.ArgumentParser], None] | None = None
) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    if more is not None:
        more(parser)  # a benchmark's own options
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--duration", type=int, default=10, help="seconds per case")
    parser.add_argument("--households", type=int, default=10_644)
    parser.add_argument("--mentors", type=int, default=13_260)
    parser.add_argument("--reseed", action="store_true", help="seed the cached city again")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="uvicorn worker processes (the docker image runs 2); CPU is summed over them",
    )
    args = parser.parse_args()
    global WORKERS
    WORKERS = args.workers
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    return args


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f} on {os.cpu_count()} CPUs"


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if match is None:
        print(f"unparsed wrk latency {text!r}", file=sys.stderr)
        return float("nan")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(url: str, *, connections: int, duration: int, case: Case) -> WrkResult:
    threads = str(min(2, connections))  # wrk needs a connection per thread
    cmd = ["wrk", "-t", threads, "-c", str(connections), "-d", f"{duration}s", "--latency"]
    cmd += ["--timeout", "10s"]
    if case.token:
        cmd += ["-H", f"Authorization: Bearer {case.token}"]
    if case.script:
        cmd += ["-s", case.script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps_m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    # Anchored: "72.50%" at the end of a Req/Sec line must not pass for the 50th percentile.
    p50_m = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE)
    p99_m = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)
    total = re.search(r"(\d+) requests in", out)
    if not (rps_m and p50_m and p99_m and total) or "nan" in out:
        print(f"unexpected wrk output for {url}:\n{out}", file=sys.stderr)
        return WrkResult(0.0, float("nan"), float("nan"), 1, 0, 0)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2 = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return WrkResult(
        float(rps_m.group(1)),
        _ms(p50_m.group(1)),
        _ms(p99_m.group(1)),
        sum(int(g) for g in sock.groups()) if sock else 0,
        int(non2.group(1)) if non2 else 0,
        int(total.group(1)),
    )


def measure(
    server: Server, title: str, cases: Sequence[Case], connections: Sequence[int], duration: int
) -> None:
    """A table: each case after a 2 s warm-up, against the first case (the baseline)."""
    workers = "one uvicorn worker" if WORKERS == 1 else f"{WORKERS} uvicorn workers"
    print(f"\n{title}: {workers}, wrk on loopback, {duration} s per case; {load()}")
    print(
        f"{'endpoint':46} {'conns':>5} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'vs base':>7} {'cpu ms/req':>10} {'errors':>6}"
    )
    for conns in connections:
        baseline = None
        for case in cases:
            url = server.base + case.path
            wrk(url, connections=conns, duration=2, case=case)
            cpu = server.cpu_seconds()
            r = wrk(url, connections=conns, duration=duration, case=case)
            cpu_ms = 1000 * (server.cpu_seconds() - cpu) / max(r.requests, 1)
            baseline = baseline or r.rps
            print(
                f"{case.label:46} {conns:>5} {r.rps:>7.0f} {r.p50_ms:>7.1f} {r.p99_ms:>7.1f} "
                f"{r.rps / baseline:>6.0%} {cpu_ms:>10.2f} {r.errors + r.non_2xx:>6}"
            )
    print(f"  ({load()} at the end)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(cmd: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@contextmanager
def server(env: dict[str, str], checkout: Path = ROOT) -> Iterator[Server]:
    """One uvicorn (WORKERS processes) of `checkout`'s code, from its own virtualenv."""
    port = free_port()
    uvicorn = checkout / ".venv" / "bin" / "uvicorn"
    cmd = [str(uvicorn), "bina.asgi:app", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--no-access-log", "--log-level", "warning", "--loop", "uvloop", "--http", "httptools"]
    if WORKERS > 1:
        cmd += ["--workers", str(WORKERS)]
    proc = subprocess.Popen(cmd, env=env, cwd=checkout)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield Server(base, proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def token(base: str, email: str, password: str) -> str:
    form = {"grant_type": "password", "username": email, "password": password}
    r = httpx.post(f"{base}/api/v1/auth/token", data=form, timeout=30)
    r.raise_for_status()
    access: str = r.json()["access_token"]
    return access


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        BINA_ENV="staging",
        BINA_SECRET_KEY="bench-secret-key-0123456789-0123456789-abcdef",
        BINA_ACCESS_TOKEN_MINUTES="240",
        BINA_LOGIN_ATTEMPTS_PER_15MIN="1000",
        BINA_REQUESTS_PER_MINUTE="100000000",
        BINA_DATABASE_URL=database_url,
    )
    return env


def _pg(statements: Sequence[str]) -> None:
    async def execute() -> None:
        conn = await asyncpg.connect(PG_ADMIN)
        try:
            for statement in statements:
                await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(execute())


def _pg_url(name: str) -> str:
    return PG_ADMIN.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + f"/{name}"


def _cache_key(households: int, mentors: int) -> str:
    digest = hashlib.sha256(f"{households}:{mentors}:{date.today()}".encode())
    for folder in _SEED_INPUTS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _seed(env: dict[str, str], backend: str, households: int, mentors: int) -> None:
    run([str(BIN / "bina"), "db", "upgrade"], env)
    started = time.perf_counter()
    cmd = [str(BIN / "bina"), "seed", "--demo", "--households", str(households)]
    out = run([*cmd, "--mentors", str(mentors)], env)
    print(f"[{backend}] seed: {time.perf_counter() - started:.1f} s wall ({load()})")
    print("   " + "\n   ".join(line for line in out.splitlines() if " s" in line))
    admin = ["users", "create", "--email", ADMIN_EMAIL, "--password", ADMIN_PASSWORD]
    run([str(BIN / "bina"), *admin, "--role", "admin"], env)


def prepare(backend: str, name: str, args: argparse.Namespace) -> dict[str, str]:
    """Environment for a server on a fresh copy of the seeded city, named `name`."""
    key = _cache_key(args.households, args.mentors)
    if backend == "sqlite":
        CACHE.mkdir(parents=True, exist_ok=True)
        golden = CACHE / f"city-{key}.db"
        if args.reseed or not golden.exists():
            for old in CACHE.glob("city-*.db*"):
                old.unlink()
            _seed(_env(f"sqlite+aiosqlite:///{golden}"), backend, args.households, args.mentors)
        copy = CACHE / f"{name}.db"
        for suffix in ("-wal", "-shm", ""):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(golden, copy)
        return _env(f"sqlite+aiosqlite:///{copy}")
    # Dated, so checkouts with different seed code (worktrees) keep their own city for the day;
    # cities of earlier days are dropped.
    today = f"bina_bench_city_{date.today():%Y%m%d}_"
    golden_name = f"{today}{key}"
    if args.reseed or not _pg_exists(golden_name):
        stale = [old for old in _pg_cities() if not old.startswith(today) or old == golden_name]
        _pg([f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)' for old in stale])
        _pg([f'CREATE DATABASE "{golden_name}"'])
        _seed(_env(_pg_url(golden_name)), backend, args.households, args.mentors)
    _pg(
        [
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}" TEMPLATE "{golden_name}"',
        ]
    )
    return _env(_pg_url(name))


def _pg_cities() -> list[str]:
    async def names() -> list[str]:
        conn = await asyncpg.connect(PG_ADMIN)
        try:
            rows = await conn.fetch(
                "SELECT datname FROM pg_database WHERE datname LIKE 'bina_bench_city_%'"
            )
            return [r["datname"] for r in rows]
        finally:
            await conn.close()

    return asyncio.run(names())


def _pg_exists(name: str) -> bool:
    return name in _pg_cities()


def main(
    doc: str | None,
    bench: Callable[[str, argparse.Namespace], None],
    more: Callable[[argparse.ArgumentParser], None] | None = None,
) -> None:
    """A benchmark's command line: `bench(backend, args)` for each database asked for; `more`
    adds the benchmark's own options."""
    args = arguments(doc, more)
    for backend in (b for b in args.backends.split(",") if b):
        bench(backend, args)
