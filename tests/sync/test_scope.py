"""What a mentor's phone may hold: its own households only. Losing a household deletes it from
the phone, gaining one brings all of it, and nobody else's families ever show, not even by id."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.assessments.factories import assessed
from tests.assignments.factories import Callers, assigned, household, mentor, url
from tests.mentoring_sessions.factories import Mentoring, mentoring, recorded
from tests.sync.factories import Phone


async def _end(client: httpx.AsyncClient, who: Callers, assignment_id: str) -> None:
    r = await client.post(
        url(assignment_id, "end"),
        json={"reason": "mentor pindah tugas"},
        headers={**who.admin, "If-Match": "*"},
    )
    assert r.status_code == 200, r.text


async def _reassign(
    client: httpx.AsyncClient, who: Callers, assignment_id: str, mentor_id: object
) -> None:
    r = await client.post(
        url(assignment_id, "reassign"),
        json={"mentor_id": str(mentor_id), "reason": "mentor cuti panjang"},
        headers={**who.admin, "If-Match": "*"},
    )
    assert r.status_code in (200, 201), r.text


class TestOtherMentorsHouseholds:
    async def test_never_appear_not_even_as_a_delete(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, pair: Mentoring
    ) -> None:
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)
        neighbour = await mentoring(client, db, who)  # same kelurahan, another mentor
        visit = await recorded(client, neighbour)
        await assessed(client, neighbour.household, neighbour.mentor_headers)
        await _end(client, who, neighbour.assignment_id)
        r = await client.delete(neighbour.household.url, headers={**who.admin, "If-Match": "*"})
        assert r.status_code == 204, r.text

        await phone.sync(client)

        theirs = {neighbour.household.id, neighbour.assignment_id, visit["id"]}
        assert not theirs & {entity_id for _, entity_id in phone.ids()}
        assert phone.received == []


class TestLosingAHousehold:
    async def test_the_phone_gets_deletes_for_it_and_nothing_of_it_afterwards(
        self, client: httpx.AsyncClient, who: Callers, pair: Mentoring
    ) -> None:
        visit = await recorded(client, pair)
        assessment = await assessed(client, pair.household, pair.mentor_headers)
        phone = Phone(pair.mentor_headers)
        held = {(e["type"], e["id"]) for e in await phone.sync(client)}

        await _end(client, who, pair.assignment_id)
        await phone.sync(client)

        assert phone.deleted() == held
        assert held == {
            ("household", pair.household.id),
            ("assignment", pair.assignment_id),
            ("mentoring_session", visit["id"]),
            ("action_item", visit["actions"][0]["id"]),
            ("assessment", assessment["id"]),
        }
        assert [e["data"] for e in phone.received] == [None] * len(phone.received)

        current = await client.get(pair.household.url, headers=who.admin)
        r = await client.patch(
            pair.household.url,
            json={"address": "Jl. Sesudahnya"},
            headers={**who.admin, "If-Match": current.headers["etag"]},
        )
        assert r.status_code == 200, r.text
        assert await phone.sync(client) == []

    async def test_on_reassignment_the_new_mentor_gets_the_household_whole(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, pair: Mentoring
    ) -> None:
        from tests import factories

        visit = await recorded(client, pair)
        assessment = await assessed(client, pair.household, pair.mentor_headers)
        successor = await mentor(db)
        new_phone = Phone(await factories.headers_for(db, "mentor", mentor_id=successor.id))
        assert await new_phone.sync(client) == []
        old_phone = Phone(pair.mentor_headers)
        await old_phone.sync(client)

        await _reassign(client, who, pair.assignment_id, successor.id)
        await new_phone.sync(client)
        await old_phone.sync(client)

        # The family, what was promised and measured; the former mentor's visits stay its own.
        assert set(new_phone.upserts("household")) == {pair.household.id}
        assert set(new_phone.upserts("action_item")) == {visit["actions"][0]["id"]}
        assert set(new_phone.upserts("assessment")) == {assessment["id"]}
        assert new_phone.upserts("mentoring_session") == {}
        [new_assignment] = new_phone.upserts("assignment").values()
        assert new_assignment["mentor_id"] == str(successor.id)
        assert new_phone.deleted() == set()
        assert ("household", pair.household.id) in old_phone.deleted()
        assert old_phone.upserts("household") == {}

    async def test_a_household_gained_later_arrives_with_its_history(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, pair: Mentoring
    ) -> None:
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)
        # A second family, assessed long before this mentor takes it on.
        second = await household(client, who.admin)
        earlier = await assessed(client, second, who.admin)
        pair.mentor.capacity = 2
        await db.commit()

        await assigned(client, who.admin, second.id, pair.mentor.id)
        await phone.sync(client)

        assert set(phone.upserts("household")) == {second.id}
        assert set(phone.upserts("assessment")) == {earlier["id"]}

    async def test_a_household_ended_and_deleted_before_the_phone_came_back_is_deleted(
        self, client: httpx.AsyncClient, who: Callers, pair: Mentoring
    ) -> None:
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)
        await _end(client, who, pair.assignment_id)
        r = await client.delete(pair.household.url, headers={**who.admin, "If-Match": "*"})
        assert r.status_code == 204, r.text

        await phone.sync(client)

        assert {("household", pair.household.id), ("assignment", pair.assignment_id)} <= (
            phone.deleted()
        )
        assert phone.upserts("household") == {}
