"""CPU time per request of the API itself, called in-process (no HTTP server, no load generator).

Under a loaded machine wrk's requests/s swing by half from run to run; the process's own CPU time
per request, best of several trials, moves by a few percent. Point it at a seeded database:

    BINA_DATABASE_URL=postgresql+asyncpg://.../city .venv/bin/python bench/asgi_cpu.py \
        [--as admin@bina.demo] [--requests 300] [--trials 7] [--profile] PATH[?QUERY] ...

Prints, per path, the best and median CPU milliseconds per request; `--profile` adds cProfile's
top functions (CPU timer) for the first path.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from starlette.types import Message

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


async def main(args: argparse.Namespace) -> None:
    async with app.router.lifespan_context(app):
        token = await _token(args.as_email)
        for target in args.paths:
            for _ in range(50):  # warm: compiled statements, prepared statements, pool
                await _get(target, token)
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
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+", help="e.g. /api/v1/households?limit=50")
    parser.add_argument("--as", dest="as_email", default="admin@bina.demo")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--trials", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    asyncio.run(main(parser.parse_args()))
