"""Signed-in callers for the assessment and graduation tests."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.assignments.factories import Callers, callers


@pytest.fixture
async def who(db: AsyncSession) -> Callers:
    return await callers(db)
