"""GET /audit-events: the trail names who did what, for the program office and the auditor."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.households.factories import create_household

AUDIT = "/api/v1/audit-events"


class TestAuditEventsNameTheActor:
    async def test_each_event_carries_the_actors_name_and_email(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        officer = await factories.user(
            db, role="admin", name="Rina Dinsos", email="rina@dinsos.palembang.go.id"
        )
        household = await create_household(client, factories.bearer(officer))
        auditor = await factories.headers_for(db, "auditor")
        r = await client.get(AUDIT, params={"object_id": household.id}, headers=auditor)
        assert r.status_code == 200, r.text
        events = r.json()["items"]
        assert events, "creating a household is audited"
        for event in events:
            assert event["actor_id"] == str(officer.id)
            assert event["actor_name"] == "Rina Dinsos"
            assert event["actor_email"] == "rina@dinsos.palembang.go.id"

    async def test_an_event_without_an_actor_has_no_name(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        # A refused sign-in is audited with no account behind it.
        await client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": "nobody@x.id", "password": "salah-123"},
        )
        admin = await factories.headers_for(db, "admin")
        r = await client.get(AUDIT, headers=admin)
        assert r.status_code == 200, r.text
        anonymous = [e for e in r.json()["items"] if e["actor_id"] is None]
        assert anonymous, r.json()["items"]
        assert all(e["actor_name"] is None and e["actor_email"] is None for e in anonymous)

    async def test_a_coordinator_may_not_read_the_trail(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        r = await client.get(AUDIT, headers=await factories.headers_for(db, "coordinator"))
        assert r.status_code == 403
