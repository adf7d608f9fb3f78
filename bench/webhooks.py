"""Webhook delivery on PostgreSQL: 10,000 events committed to the outbox (100 transactions of
100, as a burst of changes would), delivered by 1 and 2 `bina worker` processes to a receiver on
loopback (its own uvicorn process). Prints events/s (first commit to last delivery) and
commit-to-delivery p50/p99; then the same with a receiver that fails 30% of requests (500) and
a short retry schedule: every event delivered in the end, none under two different ids.

    .venv/bin/python bench/webhooks.py [--events 10000] [--concurrency 8]
    .venv/bin/python bench/webhooks.py --receiver PORT FAIL_RATE   (the receiver; used inside)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from typing import Any

import httpx
import orjson

import harness

BATCH = 100
# 20 retries a second apart: with 30% failing at random an event runs out of them with
# probability 0.3^21 (1e-11). With 10 (0.3^11, 2e-6 an event) one of 10,000 ran out in a run.
RETRIES = ",".join(["1"] * 20)
BODY_BYTES = 1500  # about a household as a webhook's data


# ------------------------------------------------------------------------ the receiver


def receiver_app(fail_rate: float) -> Any:
    """A bare ASGI app: 204 (records webhook-id, object id, arrival time) or, at random, 500."""
    received: list[tuple[str, str, float]] = []
    rng = random.Random(7)

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if scope["method"] == "GET":
            status, answer = 200, orjson.dumps(received)
        elif rng.random() < fail_rate:
            status, answer = 500, b"try again"
        else:
            headers = dict(scope["headers"])
            object_id = orjson.loads(body)["data"]["id"]
            received.append((headers[b"webhook-id"].decode(), object_id, time.time()))
            status, answer = 204, b""
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": answer})

    return app


def serve_receiver(port: int, fail_rate: float) -> None:
    import uvicorn

    uvicorn.run(
        receiver_app(fail_rate), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )


# ------------------------------------------------------------------------ the producer


async def _prepare(url: str) -> uuid.UUID:
    """An admin and one endpoint on the receiver; an empty outbox and queue."""
    from sqlalchemy import text

    from bina.config import get_settings
    from bina.db import create_engine, create_sessionmaker
    from bina.models import User, WebhookEndpoint
    from bina.webhooks.signing import new_secret

    engine = create_engine(get_settings())
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await session.execute(
                text("TRUNCATE webhook_deliveries, webhook_endpoints, jobs CASCADE")
            )
            admin = User(
                email=f"bench-{uuid.uuid4().hex[:8]}@bina.bench",
                name="Bench Admin",
                password_hash="-",
                role="admin",
                active=True,
            )
            session.add(admin)
            await session.flush()
            endpoint = WebhookEndpoint(
                url=url,
                event_types=["household.updated"],
                secret=new_secret(),
                active=True,
                created_by=admin.id,
            )
            session.add(endpoint)
            await session.flush()
            return endpoint.id
    finally:
        await engine.dispose()


async def _produce(
    endpoint_id: uuid.UUID, events: int, batch: int = BATCH, pause: float = 0.0
) -> dict[str, float]:
    """Commit `events` deliveries in transactions of `batch` (`pause` seconds apart); each
    one's commit time by object."""
    from bina.config import get_settings
    from bina.db import create_engine, create_sessionmaker
    from bina.models.base import utcnow
    from bina.webhooks import outbox
    from bina.webhooks.signing import new_message_id

    engine = create_engine(get_settings())
    committed: dict[str, float] = {}
    filler = "x" * BODY_BYTES
    try:
        maker = create_sessionmaker(engine)
        for _ in range(events // batch):
            now = utcnow()
            ids = [uuid.uuid4() for _ in range(batch)]
            rows = [
                outbox.delivery(
                    endpoint_id,
                    new_message_id(),
                    "household.updated",
                    object_id,
                    outbox.envelope("household.updated", now, {"id": str(object_id), "x": filler}),
                    now,
                )
                for object_id in ids
            ]
            async with maker() as session, session.begin():
                await outbox.queue(session, rows)
            at = time.time()
            committed.update((str(i), at) for i in ids)
            await asyncio.sleep(pause)
    finally:
        await engine.dispose()
    return committed


async def _outbox_state() -> dict[str, int]:
    from sqlalchemy import func, select

    from bina.config import get_settings
    from bina.db import create_engine, create_sessionmaker
    from bina.models import WebhookDelivery

    engine = create_engine(get_settings())
    try:
        async with create_sessionmaker(engine)() as session:
            rows = await session.execute(
                select(
                    WebhookDelivery.status, func.count(), func.sum(WebhookDelivery.attempts)
                ).group_by(WebhookDelivery.status)
            )
            out: dict[str, int] = {}
            for status, count, attempts in rows:
                out[status] = int(count)
                out["attempts"] = out.get("attempts", 0) + int(attempts or 0)
            return out
    finally:
        await engine.dispose()


def _received(port: int) -> list[tuple[str, str, float]]:
    answer = httpx.get(f"http://127.0.0.1:{port}/", timeout=30).json()
    return [tuple(r) for r in answer]


def _case(
    env: dict[str, str],
    workers: int,
    fail_rate: float,
    events: int,
    batch: int = BATCH,
    pause: float = 0.0,
) -> None:
    port = harness.free_port()
    receiver = subprocess.Popen(
        [sys.executable, __file__, "--receiver", str(port), str(fail_rate)], env=env
    )
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        endpoint_id = asyncio.run(_prepare(f"http://127.0.0.1:{port}/hook"))
        procs = [
            subprocess.Popen([str(harness.BIN / "bina"), "worker"], env=env) for _ in range(workers)
        ]
        time.sleep(3)  # the workers are up and listening
        start = time.time()
        committed = asyncio.run(_produce(endpoint_id, events, batch, pause))
        produced = time.time() - start
        deadline = time.time() + 600
        while True:
            got = _received(port)
            delivered = {object_id for _, object_id, _ in got}
            state = asyncio.run(_outbox_state())
            if state.get("pending", 0) == 0 and len(delivered) + state.get("failed", 0) >= events:
                break
            if time.time() > deadline:
                print(f"  gave up waiting: {len(delivered)} delivered, {state}")
                break
            time.sleep(0.5)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
        receiver.terminate()
        receiver.wait(timeout=30)
    ids_of: dict[str, set[str]] = defaultdict(set)
    first_arrival: dict[str, float] = {}
    for message_id, object_id, at in got:
        ids_of[object_id].add(message_id)
        first_arrival[object_id] = min(at, first_arrival.get(object_id, at))
    latencies = sorted(1000 * (first_arrival[o] - committed[o]) for o in first_arrival)
    last = max(first_arrival.values())
    two_ids = sum(1 for ids in ids_of.values() if len(ids) > 1)
    repeats = len(got) - len(first_arrival)
    p99 = latencies[int(0.99 * (len(latencies) - 1))]
    print(
        f"{workers:>7} {fail_rate:>6.0%} {len(first_arrival):>9} {state.get('failed', 0):>6} "
        f"{events / (last - start):>8.0f} {statistics.median(latencies):>8.0f} {p99:>8.0f} "
        f"{state.get('attempts', 0):>8} {repeats:>7} {two_ids:>7} {produced:>9.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8, help="BINA_JOB_CONCURRENCY")
    parser.add_argument("--receiver", nargs=2, metavar=("PORT", "FAIL_RATE"))
    args = parser.parse_args()
    if args.receiver:
        serve_receiver(int(args.receiver[0]), float(args.receiver[1]))
        return
    name = f"bina_bench_webhooks_{uuid.uuid4().hex[:8]}"
    harness._pg([f'CREATE DATABASE "{name}"'])
    url = harness._pg_url(name)
    env = harness._env(url) | {
        "BINA_ENV": "development",  # private networks (the receiver on loopback) allowed
        "BINA_WEBHOOKS_ALLOW_PRIVATE_NETWORKS": "true",
        "BINA_JOB_CONCURRENCY": str(args.concurrency),
        "BINA_WORKER_MODE": "external",
        # A retry is due after its delay; an idle worker notices at its next poll.
        "BINA_WORKER_POLL_SECONDS": "1",
    }
    os.environ.update(env)
    try:
        from bina import migrate
        from bina.config import get_settings

        migrate.upgrade(url)
        print(
            f"\nwebhooks on PostgreSQL: {args.events:,} events (transactions of {BATCH}), "
            f"`bina worker` x N (concurrency {args.concurrency}), receiver on loopback; "
            f"{harness.load()}"
        )
        print(
            f"{'workers':>7} {'fail':>6} {'delivered':>9} {'failed':>6} {'events/s':>8} "
            f"{'p50 ms':>8} {'p99 ms':>8} {'attempts':>8} {'repeats':>7} {'two ids':>7} "
            f"{'commit s':>9}"
        )
        for workers, fail_rate, retries in ((1, 0.0, None), (2, 0.0, None), (2, 0.3, RETRIES)):
            case_env = env | ({"BINA_WEBHOOK_RETRY_SECONDS": retries} if retries else {})
            os.environ.update(case_env)
            get_settings.cache_clear()
            _case(case_env, workers, fail_rate, args.events)
        # Not a burst: 50 events a second (5 per transaction, every 0.1 s), 1,000 in all: the
        # latency a subscriber sees in ordinary traffic (the worker wakes on NOTIFY).
        os.environ.update(env)
        get_settings.cache_clear()
        print("steady 50 events/s, 1,000 events:")
        _case(env, 1, 0.0, 1000, batch=5, pause=0.1)
        # A bulk change (an approved matching run) writes its events in its own transaction.
        endpoint_id = asyncio.run(_prepare("http://127.0.0.1:9/hook"))
        start = time.perf_counter()
        asyncio.run(_produce(endpoint_id, args.events, batch=args.events))
        print(
            f"  one transaction writing {args.events:,} deliveries and their jobs: "
            f"{time.perf_counter() - start:.2f} s"
        )
        print(f"  ({harness.load()} at the end)")
        print(
            "  events/s: first commit to last first delivery; p50/p99: commit to first 2xx "
            "arrival; repeats: 2xx arrivals beyond the first (at-least-once); two ids: events "
            "that arrived under more than one webhook-id (must be 0)"
        )
    finally:
        harness._pg([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


if __name__ == "__main__":
    main()
