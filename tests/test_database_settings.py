"""Connection settings the API relies on for predictable latency."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import text


@pytest.mark.postgres_only(reason="SQLite has no JIT")
async def test_postgresql_connections_run_without_jit(app: FastAPI) -> None:
    # JIT compilation cost more than the dashboard's stats queries themselves.
    async with app.state.engine.connect() as conn:
        assert (await conn.execute(text("SHOW jit"))).scalar_one() == "off"
