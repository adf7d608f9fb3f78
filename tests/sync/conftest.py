"""Callers and a mentored household for the sync tests."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.assignments.factories import Callers, callers
from tests.mentoring_sessions.factories import Mentoring, mentoring


@pytest.fixture
async def who(db: AsyncSession) -> Callers:
    return await callers(db)


@pytest.fixture
async def pair(client: httpx.AsyncClient, db: AsyncSession, who: Callers) -> Mentoring:
    """A household in Kertapati with its mentor, who may sign in."""
    return await mentoring(client, db, who)
