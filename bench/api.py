"""API throughput benchmark at full Palembang scale, on SQLite and PostgreSQL.

For each database: migrate a fresh one, seed the full demo city (timed), start one uvicorn worker,
and load it from a second process on loopback (wrk, Debian package `wrk`) — measuring the bare
`/healthz` in the same run as the baseline. Prints requests/s, p50/p99 latency and the ratio of
each endpoint to the bare one; then a burst of 64 connections on a cold pool, which must see no
error or timeout.

    .venv/bin/python bench/api.py [--backends sqlite,postgres] [--duration 10] [--households N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PG_ADMIN = os.environ.get("BINA_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
ADMIN_EMAIL = "bench-admin@bina.bench"
ADMIN_PASSWORD = "bench-kata-sandi-2024"


@dataclass
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    non_2xx: int


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if match is None:
        print(f"unparsed wrk latency {text!r}", file=sys.stderr)
        return float("nan")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(
    url: str, *, connections: int, duration: int, token: str | None, script: str | None
) -> WrkResult:
    cmd = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{duration}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if token:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps_m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    # Anchored: "72.50%" at the end of a Req/Sec line must not pass for the 50th percentile.
    p50_m = re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE)
    p99_m = re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE)
    if not (rps_m and p50_m and p99_m) or "nan" in out:
        print(f"unexpected wrk output for {url}:\n{out}", file=sys.stderr)
        return WrkResult(0.0, float("nan"), float("nan"), 1, 0)
    rps, p50, p99 = float(rps_m.group(1)), _ms(p50_m.group(1)), _ms(p99_m.group(1))
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = sum(int(g) for g in sock.groups()) if sock else 0
    non2 = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return WrkResult(rps, p50, p99, errors, int(non2.group(1)) if non2 else 0)


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
def server(env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            str(BIN / "uvicorn"),
            "bina.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
            "--loop",
            "uvloop",
            "--http",
            "httptools",
        ],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def pg_database(name: str) -> str:
    async def recreate() -> None:
        conn = await asyncpg.connect(PG_ADMIN)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(recreate())
    return PG_ADMIN.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + f"/{name}"


def prepare(
    backend: str, workdir: Path, households: int, mentors: int, pg_name: str = "bina_bench"
) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        BINA_ENV="staging",
        BINA_SECRET_KEY="bench-secret-key-0123456789-0123456789-abcdef",
        BINA_ACCESS_TOKEN_MINUTES="240",
        BINA_LOGIN_ATTEMPTS_PER_15MIN="1000",
        BINA_REQUESTS_PER_MINUTE="100000000",
    )
    if backend == "sqlite":
        db = workdir / "bench.db"
        env["BINA_DATABASE_URL"] = f"sqlite+aiosqlite:///{db}"
    else:
        env["BINA_DATABASE_URL"] = pg_database(pg_name)
    run([str(BIN / "bina"), "db", "upgrade"], env)
    started = time.perf_counter()
    out = run(
        [
            str(BIN / "bina"),
            "seed",
            "--demo",
            "--households",
            str(households),
            "--mentors",
            str(mentors),
        ],
        env,
    )
    seed_s = time.perf_counter() - started
    print(f"[{backend}] seed: {seed_s:.1f} s wall ({households} households, {mentors} mentors)")
    print(
        "   " + "\n   ".join(line for line in out.splitlines() if "took" in line or " s" in line)
        if out
        else ""
    )
    run(
        [
            str(BIN / "bina"),
            "users",
            "create",
            "--email",
            ADMIN_EMAIL,
            "--password",
            ADMIN_PASSWORD,
            "--role",
            "admin",
        ],
        env,
    )
    return env


def bench_backend(backend: str, args: argparse.Namespace, workdir: Path) -> None:
    env = prepare(backend, workdir, args.households, args.mentors)
    with server(env) as base:
        token = httpx.post(
            f"{base}/api/v1/auth/token",
            data={"grant_type": "password", "username": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        ).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        ids = [
            h["id"]
            for h in httpx.get(f"{base}/api/v1/households?limit=200", headers=auth).json()["items"]
        ]
        script = workdir / "detail.lua"
        script.write_text(
            "ids = {" + ",".join(f'"{i}"' for i in ids) + "}\n"
            "request = function()\n"
            '  return wrk.format("GET", "/api/v1/households/" .. ids[math.random(#ids)])\n'
            "end\n"
        )
        cases = [
            ("bare /healthz", "/healthz", None, None),
            ("GET /households?limit=50", "/api/v1/households?limit=50", token, None),
            (
                "GET /households?kecamatan=16.71.13&limit=50",
                "/api/v1/households?kecamatan=16.71.13&limit=50",
                token,
                None,
            ),
            ("GET /households/{id}", "/", token, str(script)),
        ]
        print(f"\n[{backend}] one uvicorn worker, wrk on loopback, {args.duration} s per case")
        print(
            f"{'endpoint':48} {'conns':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'vs bare':>8} {'errors':>6}"
        )
        for conns in (8, 64):
            bare = None
            for label, path, tok, lua in cases:
                wrk(base + path, connections=conns, duration=2, token=tok, script=lua)  # warm
                r = wrk(
                    base + path, connections=conns, duration=args.duration, token=tok, script=lua
                )
                bare = bare or r.rps
                print(
                    f"{label:48} {conns:>5} {r.rps:>8.0f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} "
                    f"{r.rps / bare:>7.0%} {r.errors + r.non_2xx:>6}"
                )
    # A burst of 64 connections against a server whose pool has never connected.
    with server(env) as base:
        r = wrk(
            base + "/api/v1/households?limit=50",
            connections=64,
            duration=5,
            token=token,
            script=None,
        )
        verdict = "ok" if r.errors == 0 and r.non_2xx == 0 else "FAILED"
        print(
            f"[{backend}] cold-pool burst, 64 connections, 5 s: {r.rps:.0f} req/s, "
            f"p99 {r.p99_ms:.1f} ms, errors/timeouts {r.errors}, non-2xx {r.non_2xx}: {verdict}"
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
    with tempfile.TemporaryDirectory(prefix="bina-bench-") as tmp:
        for backend in args.backends.split(","):
            bench_backend(backend, args, Path(tmp))


if __name__ == "__main__":
    main()
