"""GET /households/{id} says who mentors the family now: its active assignment and mentor."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.assignments.factories import assigned as assign
from tests.households.conftest import Headers
from tests.households.factories import City
from tests.mentors.factories import create_mentor

ASSIGNMENTS = "/api/v1/assignments"


async def active_of(client: httpx.AsyncClient, headers: Headers, url: str) -> Any:
    r = await client.get(url, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["active_assignment"]


class TestActiveAssignmentOnTheHousehold:
    async def test_a_family_without_a_mentor_says_so(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        assert await active_of(client, admin, city.kertapati.url) is None
        assert city.kertapati.body["active_assignment"] is None  # the POST answer too

    async def test_everyone_who_sees_the_family_sees_its_mentor(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        admin: Headers,
        camat: Headers,
        auditor: Headers,
        city: City,
    ) -> None:
        mentor = await create_mentor(db, name="Siti Rahmawati, S.Sos.", agency_code="DINKES")
        assignment = await assign(client, admin, city.kertapati.id, mentor.id)
        as_mentor = await factories.headers_for(db, "mentor", mentor_id=mentor.id)
        expected = {
            "id": assignment["id"],
            "mentor_id": str(mentor.id),
            "mentor_name": "Siti Rahmawati, S.Sos.",
            "agency_code": "DINKES",
            "started_at": assignment["started_at"],
        }
        for headers in (admin, camat, auditor, as_mentor):
            assert await active_of(client, headers, city.kertapati.url) == expected
        revealed = await client.get(city.kertapati.url, params={"reveal": "nik"}, headers=camat)
        assert revealed.json()["active_assignment"] == expected
        # Another family stays without one: the join never lends one household's mentor out.
        assert await active_of(client, admin, city.kemas_rindo.url) is None

    async def test_out_of_scope_callers_learn_nothing_of_the_mentor(
        self, client: httpx.AsyncClient, db: AsyncSession, admin: Headers, city: City
    ) -> None:
        mentor = await create_mentor(db, name="Mentor Rahasia Sekali")
        await assign(client, admin, city.kertapati.id, mentor.id)
        other_mentor = await create_mentor(db)
        outsiders = [
            await factories.headers_for(db, "coordinator", region_code="16.71.12"),
            await factories.headers_for(db, "mentor", mentor_id=other_mentor.id),
        ]
        for headers in outsiders:
            r = await client.get(city.kertapati.url, headers=headers)
            assert r.status_code == 404
            assert "Mentor Rahasia Sekali" not in r.text
            assert str(mentor.id) not in r.text

    async def test_follows_end_and_reassign(
        self, client: httpx.AsyncClient, db: AsyncSession, admin: Headers, city: City
    ) -> None:
        first, second = await create_mentor(db), await create_mentor(db, agency_code="DINKES")
        a = await assign(client, admin, city.gandus.id, first.id)
        r = await client.post(
            f"{ASSIGNMENTS}/{a['id']}/reassign",
            json={"mentor_id": str(second.id), "reason": "mentor pindah tugas"},
            headers={**admin, "If-Match": '"1"'},
        )
        assert r.status_code == 201, r.text
        now = await active_of(client, admin, city.gandus.url)
        assert (now["id"], now["mentor_id"], now["agency_code"]) == (
            r.json()["id"],
            str(second.id),
            "DINKES",
        )
        ended = await client.post(
            f"{ASSIGNMENTS}/{now['id']}/end",
            json={"reason": "keluarga pindah"},
            headers={**admin, "If-Match": '"1"'},
        )
        assert ended.status_code == 200, ended.text
        assert await active_of(client, admin, city.gandus.url) is None

    async def test_an_edit_answers_with_the_mentor_still_there(
        self, client: httpx.AsyncClient, db: AsyncSession, admin: Headers, city: City
    ) -> None:
        mentor = await create_mentor(db)
        a = await assign(client, admin, city.kertapati.id, mentor.id)
        etag = (await client.get(city.kertapati.url, headers=admin)).headers["etag"]
        r = await client.patch(
            city.kertapati.url,
            json={"address": "Jl. Ki Marogan No. 7"},
            headers={**admin, "If-Match": etag},
        )
        assert r.status_code == 200, r.text
        assert r.json()["active_assignment"]["id"] == a["id"]
        assert r.json()["active_assignment"]["mentor_id"] == str(mentor.id)
