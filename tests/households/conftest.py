"""Signed-in callers for the household tests: one per role and region that matters."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.households.factories import (
    GANDUS,
    GANDUS_KECAMATAN,
    KEMAS_RINDO,
    KERTAPATI,
    KERTAPATI_KECAMATAN,
    City,
    create_household,
)

Headers = dict[str, str]

# role name in a parametrised test -> keyword arguments for tests.factories.user
CALLERS: dict[str, dict[str, Any]] = {
    "admin": {"role": "admin"},
    "agency_admin": {"role": "agency_admin"},
    "mentor": {"role": "mentor"},
    "auditor": {"role": "auditor"},
    "camat_kertapati": {"role": "coordinator", "region_code": KERTAPATI_KECAMATAN},
    "camat_gandus": {"role": "coordinator", "region_code": GANDUS_KECAMATAN},
    "lurah_kertapati": {"role": "coordinator", "region_code": KERTAPATI},
}


async def caller_headers(db: AsyncSession, caller: str | None) -> Headers:
    """Authorization header for one of CALLERS; None is the anonymous caller (no header)."""
    if caller is None:
        return {}
    kwargs = dict(CALLERS[caller])
    return await factories.headers_for(db, kwargs.pop("role"), **kwargs)


@pytest.fixture
async def admin(db: AsyncSession) -> Headers:
    """Program office at Dinas Sosial: sees and changes every household."""
    return await caller_headers(db, "admin")


@pytest.fixture
async def camat(db: AsyncSession) -> Headers:
    """Coordinator of kecamatan Kertapati (region 16.71.13)."""
    return await caller_headers(db, "camat_kertapati")


@pytest.fixture
async def lurah(db: AsyncSession) -> Headers:
    """Coordinator of kelurahan Kertapati only (region 16.71.13.1004)."""
    return await caller_headers(db, "lurah_kertapati")


@pytest.fixture
async def auditor(db: AsyncSession) -> Headers:
    """Inspectorate: reads everything, identifiers masked, writes nothing."""
    return await caller_headers(db, "auditor")


@pytest.fixture
async def city(client: httpx.AsyncClient, admin: Headers) -> City:
    return City(
        kertapati=await create_household(client, admin, kelurahan_code=KERTAPATI),
        kemas_rindo=await create_household(client, admin, kelurahan_code=KEMAS_RINDO),
        gandus=await create_household(client, admin, kelurahan_code=GANDUS),
    )
