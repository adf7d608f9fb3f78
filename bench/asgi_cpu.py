"""CPU time per request of the API itself, called in-process (no HTTP server, no load generator).

Under a loaded machine wrk's requests/s swing by half from run to run; the process's own CPU time
per request, best of several trials, moves by a few percent. Point it at a seeded database:

    BINA_DATABASE_URL=postgresql+asyncpg://.../city .venv/bin/python bench/asgi_cpu.py \
        [--as admin@bina.demo] [--requests 300] [--trials 7] [--profile] PATH[?QUERY] ...

Prints, per path, the best and median CPU milliseconds per request; `--profile` adds cProfile's
top functions (CPU timer) for the first path.

`--instructions` counts machine instructions per request instead (valgrind's callgrind, collecting
only around the measured requests): the same number whatever else the machine is doing, so a
change of a few percent shows even while other jobs load both cores. About 50x slower; use
`--requests 100 --trials 1`. Needs valgrind and its header (Debian: valgrind).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import ctypes
import os
import pstats
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from starlette.types import Message

# Thousands of requests a second from one caller: lift the per-caller limit before the app reads it.
os.environ.setdefault("BINA_REQUESTS_PER_MINUTE", "100000000")

from bina.asgi import app
from bina.config import get_settings
from bina.models import User
from bina.security import tokens


async def _token(email: str) -> str:
    async with app.state.sessionmaker() as session:
        user = (await session.scalars(select(User).where(User.email == email))).one()
        token, _ = tokens.encode(
            get_settings(),
            sub=str(user.id),
            typ="access",
            gen=user.token_generation,
            lifetime=timedelta(hours=1),
        )
        return token


async def _get(target: str, token: str) -> None:
    path, _, query = target.partition("?")
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"bench"), (b"authorization", f"Bearer {token}".encode())],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    status: list[int] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    if status != [200]:
        raise SystemExit(f"GET {target} answered {status}")


OUT = Path("var/bench/callgrind")
# Callgrind's client requests are special instruction sequences only C can emit: a tiny library.
_CLIENT = """#include <valgrind/callgrind.h>
void bench_start(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void bench_stop(const char *label)
{ CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS_AT(label); }
"""


def _callgrind_client() -> ctypes.CDLL:
    OUT.mkdir(parents=True, exist_ok=True)
    source, library = OUT / "client.c", OUT / "client.so"
    source.write_text(_CLIENT)
    subprocess.run(["gcc", "-shared", "-fPIC", "-O1", "-o", library, source], check=True)
    return ctypes.CDLL(str(library))


def _instructions(label: str) -> int:
    """Total instructions of the dump that `bench_stop(label)` wrote."""
    for dump in OUT.glob(f"out.{os.getpid()}.*"):
        if f"Client Request: {label}\n" in dump.read_text(errors="replace"):
            # The dump's own summary line stays 0 after CALLGRIND_ZERO_STATS; the annotator sums.
            report = subprocess.run(
                ["callgrind_annotate", str(dump)], capture_output=True, text=True, check=True
            ).stdout
            found = re.search(r"^([\d,]+) .*PROGRAM TOTALS", report, re.MULTILINE)
            if found:
                return int(found.group(1).replace(",", ""))
    raise SystemExit(f"no callgrind dump for {label}")


async def _count(target: str, token: str, args: argparse.Namespace, client: ctypes.CDLL) -> None:
    label = f"bench-{abs(hash(target))}"
    client.bench_start()
    for _ in range(args.requests):
        await _get(target, token)
    client.bench_stop(label.encode())
    per_request = _instructions(label) / args.requests
    print(f"{target:60} instructions/request: {per_request / 1e6:.3f} M")


async def main(args: argparse.Namespace) -> None:
    client = _callgrind_client() if args.instructions else None
    async with app.router.lifespan_context(app):
        token = await _token(args.as_email)
        for target in args.paths:
            for _ in range(50):  # warm: compiled statements, prepared statements, pool
                await _get(target, token)
            if client is not None:
                await _count(target, token, args, client)
                continue
            per_request = []
            for _ in range(args.trials):
                started = time.process_time()
                for _ in range(args.requests):
                    await _get(target, token)
                per_request.append(1000 * (time.process_time() - started) / args.requests)
            per_request.sort()
            best, median = per_request[0], per_request[len(per_request) // 2]
            print(f"{target:60} CPU ms/request: best {best:.3f}, median {median:.3f}")
        if args.profile:
            profile = cProfile.Profile(time.process_time)
            profile.enable()
            for _ in range(args.requests):
                await _get(args.paths[0], token)
            profile.disable()
            order, top = os.environ.get("BENCH_SORT", "tottime"), os.environ.get("BENCH_TOP", "25")
            pstats.Stats(profile).sort_stats(order).print_stats(int(top))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+", help="e.g. /api/v1/households?limit=50")
    parser.add_argument("--as", dest="as_email", default="admin@bina.demo")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--trials", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--instructions", action="store_true", help="count under callgrind")
    parsed = parser.parse_args()
    if parsed.instructions and "BENCH_UNDER_CALLGRIND" not in os.environ:
        OUT.mkdir(parents=True, exist_ok=True)
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={OUT}/out.%p",
            sys.executable,
            *sys.argv,
        ]
        env = {**os.environ, "BENCH_UNDER_CALLGRIND": "1"}
        raise SystemExit(subprocess.run(command, env=env, stderr=subprocess.DEVNULL).returncode)
    asyncio.run(main(parsed))
