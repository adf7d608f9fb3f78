"""What assignments change in other domains: a mentor sees its households; a mentor with an
active assignment cannot be deleted."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.assignments.factories import Callers, assigned, household, mentor, url


class TestMentorSeesItsHouseholds:
    async def test_exactly_the_households_of_its_active_assignments(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentor(db, capacity=2)
        mine, ended, theirs = [await household(client, who.admin) for _ in range(3)]
        await assigned(client, who.admin, mine.id, m.id)
        done = await assigned(client, who.admin, ended.id, m.id)
        await assigned(client, who.admin, theirs.id, (await mentor(db)).id)
        r = await client.post(
            url(done["id"], "end"), json={"reason": "x"}, headers={**who.admin, "If-Match": "*"}
        )
        assert r.status_code == 200
        own = await factories.headers_for(db, "mentor", mentor_id=m.id)
        listed = await client.get("/api/v1/households", headers=own)
        assert listed.status_code == 200
        assert [i["id"] for i in listed.json()["items"]] == [mine.id]
        assert (await client.get(mine.url, headers=own)).status_code == 200
        assert (await client.get(ended.url, headers=own)).status_code == 404
        assert (await client.get(theirs.url, headers=own)).status_code == 404

    async def test_two_mentors_listing_in_turn_each_see_only_their_own(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        # The list query is built once per shape and reused: each call must carry its caller.
        first, second = await mentor(db), await mentor(db)
        a, b = await household(client, who.admin), await household(client, who.admin)
        await assigned(client, who.admin, a.id, first.id)
        await assigned(client, who.admin, b.id, second.id)
        as_first = await factories.headers_for(db, "mentor", mentor_id=first.id)
        as_second = await factories.headers_for(db, "mentor", mentor_id=second.id)
        for headers, expected in ((as_first, a.id), (as_second, b.id), (as_first, a.id)):
            listed = await client.get("/api/v1/households", headers=headers)
            assert [i["id"] for i in listed.json()["items"]] == [expected]


class TestDeleteMentorWithAssignment:
    async def test_an_active_assignment_blocks_deletion_with_409(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        m = await mentor(db)
        a = await assigned(client, who.admin, h.id, m.id)
        delete = f"/api/v1/mentors/{m.id}"
        r = await client.delete(delete, headers={**who.admin, "If-Match": '"1"'})
        assert r.status_code == 409
        assert r.headers["content-type"] == "application/problem+json"
        ended = await client.post(
            url(a["id"], "end"), json={"reason": "x"}, headers={**who.admin, "If-Match": "*"}
        )
        assert ended.status_code == 200
        r = await client.delete(delete, headers={**who.admin, "If-Match": '"1"'})
        assert r.status_code == 204
        gone = await client.get(url(a["id"]), headers=who.admin)
        assert gone.status_code == 404


class TestAssignedHouseholdStaysConsistent:
    """While a mentor holds a household, its status follows the assignment, not a hand edit."""

    async def test_status_edit_and_deletion_wait_for_the_assignment_to_end(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        a = await assigned(client, who.admin, h.id, (await mentor(db)).id)
        current = await client.get(h.url, headers=who.admin)
        assert current.json()["status"] == "assigned"
        etag = {"If-Match": current.headers["etag"]}
        moved = await client.patch(h.url, json={"status": "moved"}, headers=who.admin | etag)
        assert moved.status_code == 409
        assert a["id"] in moved.json()["detail"]
        deleted = await client.delete(h.url, headers=who.admin | etag)
        assert deleted.status_code == 409
        still = await client.get(h.url, headers=who.admin)
        assert still.json()["status"] == "assigned"
        assert still.json()["version"] == current.json()["version"]

        ended = await client.post(
            url(a["id"], "end"), json={"reason": "pindah"}, headers={**who.admin, "If-Match": "*"}
        )
        assert ended.status_code == 200
        fresh = await client.get(h.url, headers=who.admin)
        moved = await client.patch(
            h.url,
            json={"status": "moved"},
            headers=who.admin | {"If-Match": fresh.headers["etag"]},
        )
        assert moved.status_code == 200
        assert moved.json()["status"] == "moved"


class TestMentorLoadGuards:
    """A mentor who leaves the service, or whose capacity shrinks, may not strand households."""

    async def test_retiring_or_shrinking_capacity_below_the_load_is_409(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentor(db, capacity=2)
        for _ in range(2):
            await assigned(client, who.admin, (await household(client, who.admin)).id, m.id)
        path = f"/api/v1/mentors/{m.id}"
        etag = {"If-Match": (await client.get(path, headers=who.admin)).headers["etag"]}
        retired = await client.patch(path, json={"status": "retired"}, headers=who.admin | etag)
        assert retired.status_code == 409
        assert retired.json()["errors"][0]["loc"] == ["body", "status"]
        shrunk = await client.patch(path, json={"capacity": 1}, headers=who.admin | etag)
        assert shrunk.status_code == 409
        assert shrunk.json()["errors"][0]["loc"] == ["body", "capacity"]
        on_leave = await client.patch(path, json={"status": "on_leave"}, headers=who.admin | etag)
        assert on_leave.status_code == 200, on_leave.text


class TestAvailableMentors:
    async def test_a_mentor_at_capacity_is_no_longer_available(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        full, roomy = await mentor(db, capacity=1), await mentor(db, capacity=2)
        for m in (full, roomy):
            await assigned(client, who.admin, (await household(client, who.admin)).id, m.id)
        r = await client.get(
            "/api/v1/mentors", params={"available": "true", "limit": 200}, headers=who.admin
        )
        ids = {i["id"] for i in r.json()["items"]}
        assert str(roomy.id) in ids
        assert str(full.id) not in ids
        r = await client.get(
            "/api/v1/mentors", params={"available": "false", "limit": 200}, headers=who.admin
        )
        assert str(full.id) in {i["id"] for i in r.json()["items"]}
