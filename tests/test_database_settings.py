"""Connection settings the API relies on for predictable latency."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.mentors.factories import mentor_payload


@pytest.mark.postgres_only(reason="SQLite has no JIT")
async def test_postgresql_connections_run_without_jit(app: FastAPI) -> None:
    # JIT compilation cost more than the dashboard's stats queries themselves.
    async with app.state.engine.connect() as conn:
        assert (await conn.execute(text("SHOW jit"))).scalar_one() == "off"


@pytest.mark.sqlite_only(reason="PostgreSQL writers take row locks: no one-writer queue")
async def test_sqlite_writers_wait_their_turn_while_reads_go_on(
    app: FastAPI, client: httpx.AsyncClient, db: AsyncSession
) -> None:
    headers = await factories.headers_for(db)
    await db.commit()
    async with app.state.sqlite_writers:  # as a writing request of this process does
        write = asyncio.create_task(
            client.post("/api/v1/mentors", json=mentor_payload(), headers=headers)
        )
        read = await client.get("/api/v1/mentors", headers=headers)
        assert read.status_code == 200
        assert read.json()["items"] == []
        await asyncio.sleep(0.2)
        assert not write.done()  # queued behind the writer, not polling SQLite's lock
    assert (await write).status_code == 201
