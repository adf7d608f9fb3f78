"""Connection settings the API relies on for predictable latency."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import headers_for


async def test_postgresql_connections_run_without_jit(app: FastAPI, backend: str) -> None:
    if backend != "postgres":
        pytest.skip("SQLite has no JIT")
    # JIT compilation cost more than the dashboard's stats queries themselves.
    async with app.state.engine.connect() as conn:
        assert (await conn.execute(text("SHOW jit"))).scalar_one() == "off"


async def test_read_requests_lease_a_connection_configured_like_the_engines(
    app: FastAPI, backend: str, client: httpx.AsyncClient, db: AsyncSession
) -> None:
    if backend != "postgres":
        assert app.state.read_pool is None  # SQLite reads go through SQLAlchemy
        return
    pool = app.state.read_pool
    async with pool.acquire() as conn:
        assert await conn.fetchval("SHOW jit") == "off"
        # JSON decoded as SQLAlchemy's engine decodes it, so a statement answers alike on both.
        assert await conn.fetchval("""SELECT '{"a": [1, "x"]}'::jsonb""") == {"a": [1, "x"]}
        assert await conn.fetchval("""SELECT '{"a": null}'::json""") == {"a": None}
        async with app.state.engine.connect() as engine_conn:
            expected = (await engine_conn.execute(text("SHOW server_version"))).scalar_one()
        assert await conn.fetchval("SHOW server_version") == expected

    # A read request (the caller's lookup and the page) runs on it and gives it back.
    headers = await headers_for(db, "admin")
    before = pool.get_size() - pool.get_idle_size()
    r = await client.get("/api/v1/households?limit=5", headers=headers)
    assert r.status_code == 200, r.text
    assert pool.get_size() >= 1
    assert pool.get_size() - pool.get_idle_size() == before  # released, none leaked


async def test_a_leased_connection_the_server_closed_is_replaced(
    app: FastAPI, backend: str, client: httpx.AsyncClient, db: AsyncSession
) -> None:
    if backend != "postgres":
        pytest.skip("SQLite has no server to close connections")
    headers = await headers_for(db, "admin")
    assert (await client.get("/api/v1/households?limit=1", headers=headers)).status_code == 200
    pool = app.state.read_pool
    pids = []
    for _ in range(pool.get_idle_size()):  # the idle ones, each taken once (a FIFO queue)
        async with pool.acquire() as conn:
            pids.append(conn.get_server_pid())
    async with app.state.engine.connect() as conn:
        for pid in pids:
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    # The first statement on a dead connection fails; being a read, it runs again on a fresh
    # connection: no request sees the restart (SQLAlchemy's pool, without pre-ping, fails one).
    for _ in range(3):
        r = await client.get("/api/v1/households?limit=1", headers=headers)
        assert r.status_code == 200, r.text
    async with pool.acquire() as conn:
        assert conn.get_server_pid() not in pids
