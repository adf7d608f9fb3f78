"""/households/{id}/members: the people on a family's Kartu Keluarga — listed, added, corrected,
removed when they leave the KK."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.households.checks import (
    READ_ACCESS,
    WRITE_ACCESS,
    assert_clean_audit,
    assert_masked,
    assert_no_personal_data,
    audit_events,
    expect_access,
    household_secrets,
    locs,
    problem,
)
from tests.households.conftest import Headers, caller_headers
from tests.households.factories import City, CreatedHousehold, nik


def _members_url(household: CreatedHousehold) -> str:
    return f"{household.url}/members"


def _member_url(household: CreatedHousehold, relationship: str = "anak") -> str:
    return f"{household.url}/members/{household.member_id(relationship)}"


def _new_child(**extra: Any) -> dict[str, Any]:
    return {
        "nik": nik(sex="F", born=date(2019, 6, 14)),
        "name": "Putri Ramadhani",
        "relationship": "anak",
        **extra,
    }


async def _household(
    client: httpx.AsyncClient, admin: Headers, household: CreatedHousehold
) -> dict[str, Any]:
    r = await client.get(household.url, params={"reveal": "nik"}, headers=admin)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def _etag_of(client: httpx.AsyncClient, headers: Headers, url: str) -> str:
    r = await client.get(url, headers=headers)
    assert r.status_code == 200, r.text
    return r.headers["etag"]


class TestListMembers:
    @pytest.mark.parametrize(("caller", "target", "status"), READ_ACCESS)
    async def test_who_may_list_the_people_on_a_kk(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        city: City,
        caller: str | None,
        target: str,
        status: int,
    ) -> None:
        household = city[target]
        r = await client.get(_members_url(household), headers=await caller_headers(db, caller))
        expect_access(r, status, household_secrets(household.payload))
        if status == 200:
            assert {m["relationship"] for m in r.json()["items"]} == {"kepala", "istri", "anak"}
            assert r.json()["next_cursor"] is None

    async def test_the_auditor_sees_masked_niks_and_may_not_reveal(
        self, client: httpx.AsyncClient, auditor: Headers, city: City
    ) -> None:
        household = city.kertapati
        r = await client.get(_members_url(household), headers=auditor)
        full = {m["name"]: m["nik"] for m in household.payload["members"]}
        for m in r.json()["items"]:
            assert_masked(m["nik"], full[m["name"]])
        refused = await client.get(
            _members_url(household), params={"reveal": "nik"}, headers=auditor
        )
        problem(refused, 403)

    async def test_reveal_shows_full_niks_and_is_audited(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        r = await client.get(_members_url(household), params={"reveal": "nik"}, headers=admin)
        assert r.status_code == 200, r.text
        assert sorted(m["nik"] for m in r.json()["items"]) == sorted(
            m["nik"] for m in household.payload["members"]
        )
        events = await audit_events(client, admin, action="household.reveal")
        assert [e["object_id"] for e in events] == [household.id]


class TestAddMember:
    @pytest.mark.parametrize(("caller", "target", "status"), WRITE_ACCESS)
    async def test_who_may_add_a_person(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        admin: Headers,
        city: City,
        caller: str | None,
        target: str,
        status: int,
    ) -> None:
        household = city[target]
        child = _new_child()
        r = await client.post(
            _members_url(household), json=child, headers=await caller_headers(db, caller)
        )
        expected = 201 if status == 200 else status
        expect_access(r, expected, [*household_secrets(household.payload), child["nik"]])
        members = (await _household(client, admin, household))["members"]
        assert (child["nik"] in {m["nik"] for m in members}) == (expected == 201)

    async def test_adds_a_newborn_with_location_and_etag(
        self, client: httpx.AsyncClient, camat: Headers, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        child = _new_child(education="belum_sekolah", has_jkn=True)
        r = await client.post(_members_url(household), json=child, headers=camat)
        assert r.status_code == 201, r.text
        body = r.json()
        assert r.headers["location"] == f"{_members_url(household)}/{body['id']}"
        assert r.headers["etag"] == '"1"'
        assert body["household_id"] == household.id
        assert (body["sex"], body["birth_date"]) == ("F", "2019-06-14")
        assert body["has_jkn"] is True
        assert_masked(body["nik"], child["nik"])
        read = await client.get(r.headers["location"], headers=admin)
        assert read.status_code == 200
        assert read.json() == {**body, "warnings": []}
        assert len((await _household(client, admin, household))["members"]) == 4

    async def test_a_new_member_changes_the_households_etag(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        r = await client.post(_members_url(household), json=_new_child(), headers=admin)
        assert r.status_code == 201, r.text
        # The household's representation lists its members, so a client holding the old
        # ETag must not believe it still has the current family.
        after = await _etag_of(client, admin, household.url)
        assert after != household.etag
        stale = await client.patch(
            household.url, json={"desil": 2}, headers=admin | {"If-Match": household.etag}
        )
        problem(stale, 412)

    async def test_a_second_kepala_is_409(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        r = await client.post(
            _members_url(city.kertapati),
            json=_new_child(relationship="kepala", nik=nik(born=date(1960, 1, 1))),
            headers=admin,
        )
        body = problem(r, 409)
        assert body["errors"][0]["loc"] == ["body", "relationship"]

    async def test_a_person_already_on_another_kk_is_409_without_the_full_nik(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        wife = city.gandus.payload["members"][1]
        r = await client.post(
            _members_url(city.kertapati),
            json={"nik": wife["nik"], "name": wife["name"], "relationship": "famili_lain"},
            headers=admin,
        )
        problem(r, 409)
        assert_no_personal_data(r.text, wife["nik"], wife["name"])
        assert len((await _household(client, admin, city.kertapati))["members"]) == 3

    async def test_a_person_already_on_this_kk_is_409(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        son = city.kertapati.payload["members"][2]
        r = await client.post(
            _members_url(city.kertapati),
            json={"nik": son["nik"], "name": son["name"], "relationship": "cucu"},
            headers=admin,
        )
        problem(r, 409)

    @pytest.mark.parametrize(
        ("change", "loc"),
        [
            ({"nik": "12345"}, ["body", "nik"]),
            ({"nik": "1671133206190001"}, ["body", "nik"]),  # day 32
            ({"nik": "1671135406190000"}, ["body", "nik"]),  # serial 0000
            ({"sex": "M"}, ["body", "sex"]),  # the NIK says a girl (day 54 = 14 + 40)
            ({"birth_date": "2019-06-15"}, ["body", "birth_date"]),
            ({"relationship": "tetangga"}, ["body", "relationship"]),
            ({"name": ""}, ["body", "name"]),
            ({"religion": "islam"}, ["body", "religion"]),
        ],
    )
    async def test_an_invalid_person_is_422_pointing_at_the_field(
        self,
        client: httpx.AsyncClient,
        admin: Headers,
        city: City,
        change: dict[str, Any],
        loc: list[str | int],
    ) -> None:
        child = _new_child() | change
        r = await client.post(_members_url(city.kertapati), json=child, headers=admin)
        assert locs(r) == [loc]
        assert len((await _household(client, admin, city.kertapati))["members"]) == 3

    async def test_a_nik_from_outside_palembang_is_added_with_a_warning(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        grandmother = {
            "nik": nik(sex="F", born=date(1950, 3, 3), region="357801"),  # Surabaya
            "name": "Mbah Sumiati",
            "relationship": "orang_tua",
        }
        r = await client.post(_members_url(city.kertapati), json=grandmother, headers=admin)
        assert r.status_code == 201, r.text
        assert len(r.json()["warnings"]) == 1
        assert "3578" in r.json()["warnings"][0]

    async def test_an_added_person_is_audited_without_personal_data(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        child = _new_child()
        r = await client.post(_members_url(city.kertapati), json=child, headers=admin)
        assert r.status_code == 201
        events = await audit_events(client, admin, action="household.member.create")
        assert [(e["object_id"], e["detail"]) for e in events] == [
            (city.kertapati.id, {"member_id": r.json()["id"]})
        ]
        assert_clean_audit(events, child["nik"], child["name"])


class TestReadMember:
    @pytest.mark.parametrize(("caller", "target", "status"), READ_ACCESS)
    async def test_who_may_read_a_person(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        city: City,
        caller: str | None,
        target: str,
        status: int,
    ) -> None:
        household = city[target]
        r = await client.get(_member_url(household), headers=await caller_headers(db, caller))
        expect_access(r, status, household_secrets(household.payload))
        if status == 200:
            assert r.json()["id"] == household.member_id("anak")
            assert r.json()["relationship"] == "anak"
            assert r.headers["etag"] == '"1"'

    async def test_a_member_is_found_only_under_its_own_household(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        gandus_child = city.gandus.member_id("anak")
        r = await client.get(f"{_members_url(city.kertapati)}/{gandus_child}", headers=admin)
        problem(r, 404)
        unknown = await client.get(f"{_members_url(city.kertapati)}/{uuid.uuid4()}", headers=admin)
        problem(unknown, 404)

    async def test_masked_unless_revealed_and_the_reveal_is_audited(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        son = household.payload["members"][2]
        masked = await client.get(_member_url(household), headers=admin)
        assert_masked(masked.json()["nik"], son["nik"])
        revealed = await client.get(_member_url(household), params={"reveal": "nik"}, headers=admin)
        assert revealed.json()["nik"] == son["nik"]
        events = await audit_events(client, admin, action="household.reveal")
        assert [e["object_id"] for e in events] == [household.id]


class TestUpdateMember:
    @pytest.mark.parametrize(("caller", "target", "status"), WRITE_ACCESS)
    async def test_who_may_correct_a_person(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        admin: Headers,
        city: City,
        caller: str | None,
        target: str,
        status: int,
    ) -> None:
        household = city[target]
        r = await client.patch(
            _member_url(household),
            json={"in_school": False, "occupation": "pemulung"},
            headers=await caller_headers(db, caller) | {"If-Match": '"1"'},
        )
        expect_access(r, status, household_secrets(household.payload))
        after = await client.get(_member_url(household), headers=admin)
        assert after.json()["occupation"] == ("pemulung" if status == 200 else None)

    async def test_needs_if_match_and_refuses_a_stale_one(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        url = _member_url(city.kertapati)
        problem(await client.patch(url, json={"in_school": False}, headers=admin), 428)
        first = await client.patch(
            url, json={"in_school": False}, headers=admin | {"If-Match": '"1"'}
        )
        assert first.status_code == 200, first.text
        assert first.headers["etag"] == '"2"'
        stale = await client.patch(
            url, json={"in_school": True}, headers=admin | {"If-Match": '"1"'}
        )
        assert problem(stale, 412)["current_version"] == 2
        assert (await client.get(url, headers=admin)).json()["in_school"] is False

    async def test_a_corrected_nik_brings_its_sex_and_birth_date(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        url = _member_url(city.kertapati)
        corrected = nik(sex="F", born=date(2012, 12, 1))
        r = await client.patch(url, json={"nik": corrected}, headers=admin | {"If-Match": '"1"'})
        assert r.status_code == 200, r.text
        assert (r.json()["sex"], r.json()["birth_date"]) == ("F", "2012-12-01")
        revealed = await client.get(url, params={"reveal": "nik"}, headers=admin)
        assert revealed.json()["nik"] == corrected

    async def test_renaming_the_kepala_renames_the_head_of_the_household(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        r = await client.patch(
            _member_url(household, "kepala"),
            json={"name": "Ahmad Syarifuddin bin Usman"},
            headers=admin | {"If-Match": '"1"'},
        )
        assert r.status_code == 200, r.text
        assert (await _household(client, admin, household))["head_name"] == (
            "Ahmad Syarifuddin bin Usman"
        )

    @pytest.mark.parametrize(
        ("relationship", "change"),
        [("anak", {"relationship": "kepala"}), ("kepala", {"relationship": "suami"})],
    )
    async def test_the_kepala_cannot_be_made_or_unmade_here(
        self,
        client: httpx.AsyncClient,
        admin: Headers,
        city: City,
        relationship: str,
        change: dict[str, Any],
    ) -> None:
        url = _member_url(city.kertapati, relationship)
        problem(await client.patch(url, json=change, headers=admin | {"If-Match": '"1"'}), 409)
        assert (await client.get(url, headers=admin)).json()["relationship"] == relationship

    @pytest.mark.parametrize(
        ("change", "loc"),
        [
            ({"nik": "1671"}, ["body", "nik"]),
            ({"nik": "1671131301130000"}, ["body", "nik"]),
            ({"sex": "F"}, ["body", "sex"]),  # the son's NIK says male
            ({"birth_date": "2013-01-21"}, ["body", "birth_date"]),
            ({"education": "kuliah"}, ["body", "education"]),
            ({"household_id": str(uuid.uuid4())}, ["body", "household_id"]),
        ],
    )
    async def test_an_invalid_correction_is_422_pointing_at_the_field(
        self,
        client: httpx.AsyncClient,
        admin: Headers,
        city: City,
        change: dict[str, Any],
        loc: list[str | int],
    ) -> None:
        url = _member_url(city.kertapati)
        r = await client.patch(url, json=change, headers=admin | {"If-Match": '"1"'})
        assert locs(r) == [loc]
        assert (await client.get(url, headers=admin)).headers["etag"] == '"1"'

    async def test_a_nik_of_someone_on_another_kk_is_409(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        taken = city.gandus.payload["members"][2]["nik"]
        r = await client.patch(
            _member_url(city.kertapati), json={"nik": taken}, headers=admin | {"If-Match": '"1"'}
        )
        problem(r, 409)
        assert taken not in r.text

    async def test_a_correction_is_audited_by_field_name_only(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        r = await client.patch(
            _member_url(household),
            json={"name": "Rizki Pratama Putra"},
            headers=admin | {"If-Match": '"1"'},
        )
        assert r.status_code == 200
        events = await audit_events(client, admin, action="household.member.update")
        assert [e["detail"] for e in events] == [
            {"member_id": household.member_id("anak"), "fields": ["name"]}
        ]
        assert_clean_audit(events, "Rizki Pratama Putra", *household_secrets(household.payload))


class TestDeleteMember:
    @pytest.mark.parametrize(("caller", "target", "status"), WRITE_ACCESS)
    async def test_who_may_remove_a_person(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        admin: Headers,
        city: City,
        caller: str | None,
        target: str,
        status: int,
    ) -> None:
        household = city[target]
        r = await client.delete(
            _member_url(household),
            headers=await caller_headers(db, caller) | {"If-Match": '"1"'},
        )
        expected = 204 if status == 200 else status
        expect_access(r, expected, household_secrets(household.payload))
        after = await client.get(_member_url(household), headers=admin)
        assert after.status_code == (404 if expected == 204 else 200)

    async def test_a_child_who_left_the_kk_is_removed(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        r = await client.delete(_member_url(household), headers=admin | {"If-Match": '"1"'})
        assert r.status_code == 204, r.text
        members = (await _household(client, admin, household))["members"]
        assert {m["relationship"] for m in members} == {"kepala", "istri"}
        problem(await client.get(_member_url(household), headers=admin), 404)
        # The household's answer changed, so its ETag did too.
        assert await _etag_of(client, admin, household.url) != household.etag

    async def test_the_kepala_cannot_be_removed(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        url = _member_url(city.kertapati, "kepala")
        problem(await client.delete(url, headers=admin | {"If-Match": '"1"'}), 409)
        assert (await client.get(url, headers=admin)).status_code == 200

    async def test_needs_if_match_and_refuses_a_stale_one(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        url = _member_url(city.kertapati)
        problem(await client.delete(url, headers=admin), 428)
        problem(await client.delete(url, headers=admin | {"If-Match": '"7"'}), 412)
        assert (await client.get(url, headers=admin)).status_code == 200

    async def test_a_removal_is_audited_without_personal_data(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        r = await client.delete(_member_url(household), headers=admin | {"If-Match": '"1"'})
        assert r.status_code == 204
        events = await audit_events(client, admin, action="household.member.delete")
        assert [(e["object_id"], e["detail"]) for e in events] == [
            (household.id, {"member_id": household.member_id("anak")})
        ]
        assert_clean_audit(events, *household_secrets(household.payload))
