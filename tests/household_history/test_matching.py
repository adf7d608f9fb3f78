"""An approved matching run changes many households' status in bulk: each change is in their
history too, with the officer who approved and the run."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tests.matching.factories import Callers, approve, callers, household, mentor, solved


@pytest.fixture
async def who(db: AsyncSession) -> Callers:
    return await callers(db)


class TestMatchingRunHistory:
    async def test_approval_records_identified_to_assigned_for_each_household(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        households = [await household(client, who.admin) for _ in range(2)]
        await mentor(db)
        await mentor(db)
        run = await solved(client, app, who.admin)
        assert (await approve(client, who.admin, run)).status_code == 200
        for h in households:
            r = await client.get(f"/api/v1/households/{h.id}/history", headers=who.admin)
            latest = r.json()["items"][0]
            assert (latest["from_status"], latest["to_status"]) == ("identified", "assigned")
            assert latest["reason"] == f"matching run {run['id']} approved"
            assert latest["actor_role"] == "admin"
