"""The statistics tests' city (tests/stats/factories.py)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.stats.factories import City, build_city


@pytest.fixture
async def city(client: httpx.AsyncClient, db: AsyncSession) -> City:
    return await build_city(client, db)
