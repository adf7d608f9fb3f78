"""The sync answer is written without pydantic on the way out: it must still be exactly what the
documented schema says, and its statements (built once per shape of caller, every mentor, agency
or id a bound value) must answer each caller with its own scope when callers take turns."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from bina.security.visibility import EVERYTHING
from bina.sync.schemas import SyncPage
from tests.assessments.factories import assessed
from tests.assignments.factories import Callers
from tests.mentoring_sessions.factories import Mentoring, mentoring, recorded
from tests.sync.factories import BASE, Phone


async def _page(
    client: httpx.AsyncClient, headers: dict[str, str], cursor: str | None = None
) -> dict[str, Any]:
    r = await client.get(BASE, params={"cursor": cursor} if cursor else {}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    body: dict[str, Any] = r.json()
    return body


class TestAnswerShape:
    async def test_full_and_incremental_pages_match_the_documented_schema(
        self, client: httpx.AsyncClient, who: Callers, pair: Mentoring
    ) -> None:
        await recorded(client, pair)
        await assessed(client, pair.household, pair.mentor_headers)
        full = await _page(client, pair.mentor_headers)
        page = SyncPage.model_validate(full, context=EVERYTHING)
        assert {e.type for e in page.items} == {
            "household",
            "assignment",
            "mentoring_session",
            "action_item",
            "assessment",
        }
        # What pydantic would write, key for key (no field missing or extra, same JSON values);
        # read back with every rule lifted, so what the mentor may see is kept as sent.
        assert page.model_dump(mode="json") == full

        visit = await recorded(client, pair, actions=[])
        later = await _page(client, pair.mentor_headers, full["next_cursor"])
        assert SyncPage.model_validate(later, context=EVERYTHING).model_dump(mode="json") == later
        assert [(e["type"], e["id"], e["op"]) for e in later["items"]] == [
            ("mentoring_session", visit["id"], "upsert")
        ]
        assert later["items"][0]["data"] == visit
        assert later["items"][0]["version"] == visit["version"]

    async def test_a_delete_has_no_data_and_no_version(
        self, client: httpx.AsyncClient, who: Callers, pair: Mentoring
    ) -> None:
        full = await _page(client, pair.mentor_headers)
        r = await client.post(
            f"/api/v1/assignments/{pair.assignment_id}/end",
            json={"reason": "mentor pindah tugas"},
            headers={**who.admin, "If-Match": "*"},
        )
        assert r.status_code == 200, r.text
        later = await _page(client, pair.mentor_headers, full["next_cursor"])
        assert SyncPage.model_validate(later, context=EVERYTHING).model_dump(mode="json") == later
        assert later["items"]
        for entry in later["items"]:
            assert (entry["op"], entry["version"], entry["data"]) == ("delete", None, None)


class TestCallersInTurn:
    async def test_two_mentors_syncing_in_turn_each_get_only_their_own(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, pair: Mentoring
    ) -> None:
        other = await mentoring(client, db, who)  # same kelurahan, another mentor
        mine, theirs = Phone(pair.mentor_headers), Phone(other.mentor_headers)
        for phone in (mine, theirs, mine, theirs):  # first syncs, then nothing new
            await phone.sync(client)
        my_visit = await recorded(client, pair)
        their_visit = await recorded(client, other)
        await mine.sync(client)
        await theirs.sync(client)
        assert set(mine.upserts("mentoring_session")) == {my_visit["id"]}
        assert set(theirs.upserts("mentoring_session")) == {their_visit["id"]}
        assert set(mine.upserts("action_item")) == {my_visit["actions"][0]["id"]}
        assert set(theirs.upserts("action_item")) == {their_visit["actions"][0]["id"]}

    async def test_coordinators_and_agency_admins_in_turn_each_get_their_region_or_agency(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        kertapati = await mentoring(client, db, who, agency_code="DINSOS")
        gandus = await mentoring(client, db, who, gandus=True, agency_code="DINKES")
        callers = {
            "camat": who.camat,
            "camat_gandus": who.camat_gandus,
            "agency_admin": who.agency_admin,
            "other_agency_admin": who.other_agency_admin,
        }
        phones = {name: Phone(headers) for name, headers in callers.items()}
        for phone in phones.values():
            await phone.sync(client)
        # Households and assignments are read with statements built once per shape of caller.
        held = {
            "camat": ({kertapati.household.id}, {kertapati.assignment_id}),
            "camat_gandus": ({gandus.household.id}, {gandus.assignment_id}),
            "agency_admin": (set(), {kertapati.assignment_id}),
            "other_agency_admin": (set(), {gandus.assignment_id}),
        }
        for name, (households, assignments) in held.items():
            assert set(phones[name].upserts("household")) == households, name
            assert set(phones[name].upserts("assignment")) == assignments, name
        k_visit = await recorded(client, kertapati)
        g_visit = await recorded(client, gandus)
        for phone in phones.values():
            await phone.sync(client)

        def visits(name: str) -> set[str]:
            return set(phones[name].upserts("mentoring_session"))

        assert visits("camat") == {k_visit["id"]}
        assert visits("camat_gandus") == {g_visit["id"]}
        assert visits("agency_admin") == {k_visit["id"]}
        assert visits("other_agency_admin") == {g_visit["id"]}
        # Agency admins follow their ASN's work, not the families: no action items, redacted.
        assert phones["agency_admin"].upserts("action_item") == {}
        assert phones["agency_admin"].upserts("mentoring_session")[k_visit["id"]]["redacted"]
        assert set(phones["camat"].upserts("action_item")) == {k_visit["actions"][0]["id"]}
        assert set(phones["camat_gandus"].upserts("action_item")) == {g_visit["actions"][0]["id"]}


class TestActionItemsWithTheirVisit:
    async def test_each_action_item_entry_is_what_the_households_actions_list_shows(
        self, client: httpx.AsyncClient, who: Callers, pair: Mentoring
    ) -> None:
        """An action item sent in the page of the visit it was agreed at, and one changed on
        its own (its visit not in the page), are both the action item as GET lists it."""
        old = await recorded(client, pair)
        phones = [Phone(pair.mentor_headers), Phone(who.camat), Phone(who.admin)]
        for phone in phones:
            await phone.sync(client)
        done = await client.patch(
            f"/api/v1/action-items/{old['actions'][0]['id']}",
            json={"status": "done"},
            headers={**pair.mentor_headers, "If-Match": '"1"'},
        )
        assert done.status_code == 200, done.text
        two = [
            {"title": "Daftar JKN", "due_date": old["actions"][0]["due_date"]},
            {"title": "Buka tabungan", "due_date": old["actions"][0]["due_date"]},
        ]
        visit = await recorded(client, pair, actions=two)
        listed = await client.get(
            f"{pair.household.url}/actions", params={"limit": 200}, headers=pair.mentor_headers
        )
        assert listed.status_code == 200, listed.text
        expected = {a["id"]: a for a in listed.json()["items"]}
        for phone in phones:
            await phone.sync(client)
            got = phone.upserts("action_item")
            assert set(got) == {old["actions"][0]["id"], *(a["id"] for a in visit["actions"])}
            assert got == {i: expected[i] for i in got}
            assert got[old["actions"][0]["id"]]["status"] == "done"
            assert phone.upserts("mentoring_session")[visit["id"]]["actions"] == visit["actions"]
