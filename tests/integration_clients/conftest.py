"""The admin who registers clients, and a small city of three households to reach into."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.households.factories import GANDUS, KEMAS_RINDO, KERTAPATI, City, create_household

Headers = dict[str, str]


@pytest.fixture
async def admin(db: AsyncSession) -> Headers:
    return await factories.headers_for(db, "admin")


@pytest.fixture
async def city(client: httpx.AsyncClient, admin: Headers) -> City:
    return City(
        kertapati=await create_household(client, admin, kelurahan_code=KERTAPATI),
        kemas_rindo=await create_household(client, admin, kelurahan_code=KEMAS_RINDO),
        gandus=await create_household(client, admin, kelurahan_code=GANDUS),
    )
