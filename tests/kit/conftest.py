"""Shared arrangements for the cross-cutting contract tests."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories


@pytest.fixture
async def admin_headers(db: AsyncSession) -> dict[str, str]:
    return await factories.headers_for(db, "admin")
