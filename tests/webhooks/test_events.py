"""What is sent, and to whom: every event type is emitted where its change is made; `data` is
the object exactly as its GET shows the endpoint's owner (identifiers masked, specific data
only where the owner may see it); a client receives only what its scopes and regions reach."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.assessments.factories import assessed
from tests.assignments.factories import Callers, callers
from tests.households.factories import GANDUS, KERTAPATI, CreatedHousehold
from tests.integration_clients.factories import register as register_client
from tests.integration_clients.factories import token_headers
from tests.matching import factories as matching
from tests.mentoring_sessions.factories import mentoring, recorded
from tests.webhooks.factories import Scene

Headers = dict[str, str]


@pytest.fixture
async def who(db: AsyncSession) -> Callers:
    return await callers(db)


async def shown(client: httpx.AsyncClient, headers: Headers, url: str) -> dict[str, Any]:
    r = await client.get(url, headers=headers)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def masked(value: str) -> bool:
    return "*" in value and len(value) == 16


class TestHouseholdEvents:
    async def test_created_sends_the_household_as_get_shows_the_admin_masked(
        self, scene: Scene
    ) -> None:
        await scene.hooked(["household.created"])
        household = await scene.household()
        await scene.deliver()
        [data] = scene.receiver.of_type("household.created")
        assert data == await shown(scene.client, scene.admin, household.url)
        assert data["head_nik"] != household.payload["head_nik"]
        assert masked(data["head_nik"])
        assert masked(data["kk_number"])
        assert all(masked(m["nik"]) for m in data["members"])
        # The admin sees specific data (design §8), as in its GET: the child is in school.
        assert any(m["in_school"] for m in data["members"])

    async def test_a_change_and_a_member_change_send_household_updated(self, scene: Scene) -> None:
        household = await scene.household()
        await scene.hooked(["household.updated"])
        r = await scene.client.patch(
            household.url, json={"desil": 3}, headers=scene.admin | {"If-Match": household.etag}
        )
        assert r.status_code == 200, r.text
        member = {"nik": "1671131502150003", "name": "Putri Ayu", "relationship": "anak"}
        r = await scene.client.post(f"{household.url}/members", json=member, headers=scene.admin)
        assert r.status_code == 201, r.text
        await scene.deliver()
        # Deliveries run side by side and may arrive in either order.
        updates = scene.receiver.of_type("household.updated")
        first, second = sorted(updates, key=lambda data: data["version"])
        assert first["desil"] == 3
        assert len(first["members"]) == 3
        assert len(second["members"]) == 4
        assert second == await shown(scene.client, scene.admin, household.url)

    async def test_a_status_change_sends_the_history_entry(self, scene: Scene) -> None:
        household = await scene.household()
        await scene.hooked(["household.status_changed"])
        r = await scene.client.patch(
            household.url,
            json={"status": "verified", "status_reason": "Dicek di lapangan"},
            headers=scene.admin | {"If-Match": household.etag},
        )
        assert r.status_code == 200, r.text
        await scene.deliver()
        [data] = scene.receiver.of_type("household.status_changed")
        history = await shown(scene.client, scene.admin, f"{household.url}/history")
        assert data == history["items"][0]
        assert (data["from_status"], data["to_status"]) == ("identified", "verified")

    async def test_an_endpoint_gets_only_the_types_it_subscribed_to(self, scene: Scene) -> None:
        await scene.hooked(["household.updated"])
        await scene.household()
        assert await scene.deliver() == 0
        assert scene.receiver.requests == []


class TestClients:
    async def _client(self, scene: Scene, scopes: list[str], **kw: Any) -> Headers:
        registered = await register_client(scene.client, scene.admin, scopes=scopes, **kw)
        return await token_headers(scene.client, registered)

    async def test_a_client_gets_only_its_regions_households_as_its_get_shows_them(
        self, scene: Scene
    ) -> None:
        gandus = await self._client(
            scene, ["webhooks:manage", "households:read"], region_codes=["16.71.12"]
        )
        await scene.hooked(["household.created"], gandus, path="/gandus")
        await scene.household(kelurahan_code=KERTAPATI)
        there: CreatedHousehold = await scene.household(kelurahan_code=GANDUS)
        await scene.deliver()
        [data] = scene.receiver.of_type("household.created", "/gandus")
        assert data["id"] == there.id
        assert data == await shown(scene.client, gandus, there.url)
        assert masked(data["head_nik"])
        # No identifiers:reveal: specific data is withheld from a client, as in its GET.
        assert {m["in_school"] for m in data["members"]} == {None}

    async def test_a_client_without_households_read_gets_no_household_events(
        self, scene: Scene
    ) -> None:
        other = await self._client(scene, ["webhooks:manage", "assignments:read"])
        await scene.hooked(["household.created", "household.updated"], other, path="/other")
        await scene.hooked(["household.created"])  # the admin's, for contrast
        await scene.household()
        await scene.deliver()
        assert scene.receiver.bodies("/other") == []
        assert len(scene.receiver.bodies("/hook")) == 1

    async def test_a_revoked_client_gets_nothing(self, scene: Scene) -> None:
        registered = await register_client(
            scene.client, scene.admin, scopes=["webhooks:manage", "households:read"]
        )
        await scene.hooked(["household.created"], await token_headers(scene.client, registered))
        r = await scene.client.delete(
            f"/api/v1/integration-clients/{registered.id}",
            headers=scene.admin | {"If-Match": registered.etag},
        )
        assert r.status_code == 204, r.text
        await scene.household()
        assert await scene.deliver() == 0


class TestMentoringStory:
    async def test_assignment_session_and_graduation_events(
        self, scene: Scene, who: Callers
    ) -> None:
        await scene.hooked(
            [
                "assignment.created",
                "assignment.ended",
                "household.status_changed",
                "mentoring_session.recorded",
                "mentoring_session.verified",
                "graduation.recorded",
            ]
        )
        m = await mentoring(scene.client, scene.db, who)
        visit = await recorded(scene.client, m)
        r = await scene.client.post(
            f"/api/v1/mentoring-sessions/{visit['id']}/verify",
            json={},
            headers=who.camat | {"If-Match": f'"{visit["version"]}"'},
        )
        assert r.status_code == 200, r.text
        assessment = await assessed(scene.client, m.household, m.mentor_headers)
        etag = (await scene.client.get(m.household.url, headers=who.admin)).headers["etag"]
        r = await scene.client.post(
            f"{m.household.url}/graduate",
            json={"assessment_id": assessment["id"]},
            headers=who.camat | {"If-Match": etag},
        )
        assert r.status_code == 200, r.text
        graduation = r.json()
        await scene.deliver()
        got = scene.receiver
        [created] = got.of_type("assignment.created")
        assert created == m.assignment  # as POST answered (the test moved its start since)
        [recorded_event] = got.of_type("mentoring_session.recorded")
        assert recorded_event["id"] == visit["id"]
        assert recorded_event["status"] == "submitted"
        [verified] = got.of_type("mentoring_session.verified")
        assert verified == await shown(
            scene.client, scene.admin, f"/api/v1/mentoring-sessions/{visit['id']}"
        )
        [graduated] = got.of_type("graduation.recorded")
        assert graduated == graduation
        # Deliveries run side by side: they arrive in any order (as Standard Webhooks allows).
        changes = got.of_type("household.status_changed")
        assert {(c["from_status"], c["to_status"]) for c in changes} == {
            ("identified", "assigned"),
            ("assigned", "mentoring"),
            ("mentoring", "graduated"),
            ("graduated", "monitoring"),
        }
        assert len(changes) == 4

    async def test_ending_an_assignment_sends_assignment_ended(
        self, scene: Scene, who: Callers
    ) -> None:
        m = await mentoring(scene.client, scene.db, who)
        await scene.hooked(["assignment.ended"])
        r = await scene.client.post(
            f"/api/v1/assignments/{m.assignment_id}/end",
            json={"reason": "Mentor pindah tugas"},
            headers=who.admin | {"If-Match": f'"{m.assignment["version"]}"'},
        )
        assert r.status_code == 200, r.text
        await scene.deliver()
        [ended] = scene.receiver.of_type("assignment.ended")
        assert ended == r.json()
        assert ended["status"] == "ended"


class TestMatchingApproval:
    async def test_an_approval_sends_each_assignment_and_one_run_event(self, scene: Scene) -> None:
        await scene.hooked(
            ["assignment.created", "household.status_changed", "matching_run.approved"]
        )
        for _ in range(3):
            await matching.household(scene.client, scene.admin)
            await matching.mentor(scene.db)
        run = await matching.solved(scene.client, scene.app, scene.admin)
        r = await matching.approve(scene.client, scene.admin, run)
        assert r.status_code == 200, r.text
        await scene.deliver()
        got = scene.receiver
        created = got.of_type("assignment.created")
        assert len(created) == 3
        assert {a["matching_run_id"] for a in created} == {run["id"]}
        assert len(got.of_type("household.status_changed")) == 3
        [approved] = got.of_type("matching_run.approved")
        assert approved["id"] == run["id"]
        assert approved["decision"]["applied"] == 3
        assert approved == await shown(scene.client, scene.admin, matching.url(run["id"]))
