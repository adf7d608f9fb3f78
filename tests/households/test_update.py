"""PATCH /households/{id}: correcting a family's record without overwriting someone else's edit."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.households.checks import (
    WRITE_ACCESS,
    assert_clean_audit,
    audit_events,
    expect_access,
    household_secrets,
    locs,
    problem,
)
from tests.households.conftest import Headers, caller_headers
from tests.households.factories import (
    GANDUS,
    KEMAS_RINDO,
    KERTAPATI_NIK_REGION,
    City,
    CreatedHousehold,
    create_household,
    household_payload,
    kk_number,
    nik,
)


async def _patch(
    client: httpx.AsyncClient,
    headers: Headers,
    household: CreatedHousehold,
    body: dict[str, Any],
    etag: str | None = None,
) -> httpx.Response:
    return await client.patch(
        household.url, json=body, headers=headers | {"If-Match": etag or household.etag}
    )


async def _revealed(
    client: httpx.AsyncClient, admin: Headers, household: CreatedHousehold
) -> dict[str, Any]:
    r = await client.get(household.url, params={"reveal": "nik"}, headers=admin)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


class TestUpdateHousehold:
    @pytest.mark.parametrize(("caller", "target", "status"), WRITE_ACCESS)
    async def test_who_may_change_a_family(
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
        headers = await caller_headers(db, caller)
        r = await _patch(client, headers, household, {"desil": 4})
        expect_access(r, status, household_secrets(household.payload))
        after = await client.get(household.url, headers=admin)
        assert after.json()["desil"] == (4 if status == 200 else 1)

    async def test_changes_the_fields_sent_and_moves_the_etag(
        self, client: httpx.AsyncClient, camat: Headers, admin: Headers
    ) -> None:
        household = await create_household(client, admin)
        r = await _patch(
            client,
            camat,
            household,
            {"address": "Jl. Abikusno Cokrosuyoso No. 3", "rt": "011", "desil": 2, "notes": "ok"},
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["address"] == "Jl. Abikusno Cokrosuyoso No. 3"
        assert (body["rt"], body["rw"], body["desil"]) == ("011", "002", 2)
        assert body["version"] == 2
        assert r.headers["etag"] == '"2"'
        assert body["updated_at"] > household.body["updated_at"]
        read = await client.get(household.url, headers=admin)
        assert read.headers["etag"] == '"2"'
        assert read.json()["address"] == "Jl. Abikusno Cokrosuyoso No. 3"

    async def test_without_if_match_is_428(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        r = await client.patch(city.kertapati.url, json={"desil": 5}, headers=admin)
        problem(r, 428)
        assert (await client.get(city.kertapati.url, headers=admin)).json()["desil"] == 1

    async def test_a_stale_etag_is_412_with_the_current_version(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        assert (await _patch(client, admin, household, {"desil": 2})).status_code == 200
        r = await _patch(client, admin, household, {"desil": 3}, etag=household.etag)
        body = problem(r, 412)
        assert body["current_version"] == 2
        assert body["current_etag"] == '"2"'
        assert (await client.get(household.url, headers=admin)).json()["desil"] == 2

    async def test_the_new_etag_allows_the_next_change(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        first = await _patch(client, admin, household, {"desil": 2})
        second = await _patch(client, admin, household, {"desil": 3}, etag=first.headers["etag"])
        assert second.status_code == 200, second.text
        assert second.headers["etag"] == '"3"'

    async def test_of_two_simultaneous_edits_with_one_etag_exactly_one_wins(
        self, client: httpx.AsyncClient, admin: Headers, camat: Headers, city: City
    ) -> None:
        household = city.kertapati
        answers = await asyncio.gather(
            _patch(client, admin, household, {"desil": 7}),
            _patch(client, camat, household, {"desil": 8}),
        )
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [200, 412], [a.text for a in answers]
        winner = next(a for a in answers if a.status_code == 200)
        loser = next(a for a in answers if a.status_code == 412)
        assert loser.json()["current_version"] == 2
        final = await client.get(household.url, headers=admin)
        assert final.json()["desil"] == winner.json()["desil"]
        assert final.json()["version"] == 2

    async def test_a_new_head_nik_moves_to_the_kepala_member(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        corrected = nik(sex="F", born=date(1981, 7, 30))
        r = await _patch(
            client, admin, household, {"head_nik": corrected, "head_name": "Nurhayati"}
        )
        assert r.status_code == 200, r.text
        body = await _revealed(client, admin, household)
        assert body["head_nik"] == corrected
        kepala = next(m for m in body["members"] if m["relationship"] == "kepala")
        assert kepala["nik"] == corrected
        assert kepala["name"] == "Nurhayati"
        assert (kepala["sex"], kepala["birth_date"]) == ("F", "1981-07-30")
        assert len(body["members"]) == 3

    async def test_a_new_kelurahan_brings_its_kecamatan(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        r = await _patch(client, admin, city.kertapati, {"kelurahan_code": GANDUS})
        assert r.status_code == 200, r.text
        assert (r.json()["kelurahan_code"], r.json()["kecamatan_code"]) == (GANDUS, "16.71.12")
        moved = await client.get(f"{city.kertapati.url}", headers=admin)
        assert moved.json()["kecamatan_code"] == "16.71.12"

    async def test_a_coordinator_may_not_move_a_family_out_of_the_region(
        self, client: httpx.AsyncClient, admin: Headers, camat: Headers, lurah: Headers, city: City
    ) -> None:
        problem(await _patch(client, camat, city.kertapati, {"kelurahan_code": GANDUS}), 403)
        problem(await _patch(client, lurah, city.kertapati, {"kelurahan_code": KEMAS_RINDO}), 403)
        after = await client.get(city.kertapati.url, headers=admin)
        assert after.json()["kelurahan_code"] == city.kertapati.body["kelurahan_code"]
        assert after.json()["version"] == 1
        # Within the kecamatan the camat may move it.
        ok = await _patch(client, camat, city.kertapati, {"kelurahan_code": KEMAS_RINDO})
        assert ok.status_code == 200, ok.text

    @pytest.mark.parametrize("status", ["verified", "moved", "identified"])
    async def test_an_officer_may_set_the_hand_kept_statuses(
        self, client: httpx.AsyncClient, admin: Headers, city: City, status: str
    ) -> None:
        household = city.kertapati
        r = await _patch(client, admin, household, {"status": status})
        assert r.status_code == 200, r.text
        assert r.json()["status"] == status
        listed = await client.get("/api/v1/households", params={"status": status}, headers=admin)
        assert household.id in {i["id"] for i in listed.json()["items"]}

    @pytest.mark.parametrize(
        "status", ["assigned", "mentoring", "graduated", "monitoring", "exited", "lost"]
    )
    async def test_statuses_that_follow_assignments_cannot_be_set_by_hand(
        self, client: httpx.AsyncClient, admin: Headers, city: City, status: str
    ) -> None:
        r = await _patch(client, admin, city.kertapati, {"status": status})
        assert locs(r) == [["body", "status"]]

    async def test_needs_are_replaced_not_merged(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        r = await _patch(client, admin, household, {"needs": ["education", "employment"]})
        assert r.status_code == 200, r.text
        assert r.json()["needs"] == ["education", "employment"]
        assert r.headers["etag"] == '"2"'  # only needs changed, still a new version
        read = await client.get(household.url, headers=admin)
        assert read.json()["needs"] == ["education", "employment"]
        health = await client.get("/api/v1/households", params={"need": "health"}, headers=admin)
        assert household.id not in {i["id"] for i in health.json()["items"]}
        cleared = await _patch(client, admin, household, {"needs": []}, etag=r.headers["etag"])
        assert cleared.json()["needs"] == []

    @pytest.mark.parametrize(
        ("body", "loc"),
        [
            ({"kk_number": "1671"}, ["body", "kk_number"]),
            ({"kk_number": f"{KERTAPATI_NIK_REGION}3002200001"}, ["body", "kk_number"]),
            ({"head_nik": f"{KERTAPATI_NIK_REGION}3204790001"}, ["body", "head_nik"]),
            ({"head_nik": f"{KERTAPATI_NIK_REGION}1204790000"}, ["body", "head_nik"]),
            ({"kelurahan_code": "16.71.13.1099"}, ["body", "kelurahan_code"]),
            ({"kelurahan_code": "16.71.13"}, ["body", "kelurahan_code"]),
            ({"desil": 0}, ["body", "desil"]),
            ({"desil": 11}, ["body", "desil"]),
            ({"needs": ["astrology"]}, ["body", "needs", 0]),
            ({"needs": ["health", "health"]}, ["body", "needs"]),
            ({"assistance": ["KIS_DAERAH"]}, ["body", "assistance"]),
            ({"members": []}, ["body", "members"]),  # members change through /members
            ({"created_by": None}, ["body", "created_by"]),
            ({"kk_number": None}, ["body", "kk_number"]),
            ({"head_name": None}, ["body", "head_name"]),
            ({"head_nik": None}, ["body", "head_nik"]),
            ({"kelurahan_code": None}, ["body", "kelurahan_code"]),
            ({"address": None}, ["body", "address"]),
            ({"extreme_poor": None}, ["body", "extreme_poor"]),
            ({"status": None}, ["body", "status"]),
        ],
    )
    async def test_an_invalid_change_is_422_pointing_at_the_field(
        self,
        client: httpx.AsyncClient,
        admin: Headers,
        city: City,
        body: dict[str, Any],
        loc: list[str | int],
    ) -> None:
        r = await _patch(client, admin, city.kertapati, body)
        assert locs(r) == [loc]
        after = await client.get(city.kertapati.url, headers=admin)
        assert after.json()["version"] == 1

    async def test_optional_fields_may_be_cleared(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        r = await _patch(
            client,
            admin,
            city.kertapati,
            {"desil": None, "lat": None, "lon": None, "assistance": None, "housing": None},
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["desil"], body["lat"], body["lon"]) == (None, None, None)
        assert body["assistance"] == []
        assert body["housing"] == dict.fromkeys(body["housing"])

    async def test_a_nomor_kk_or_head_nik_of_another_family_is_409(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        other = city.gandus.payload
        taken_kk = await _patch(client, admin, city.kertapati, {"kk_number": other["kk_number"]})
        body = problem(taken_kk, 409)
        assert body["errors"][0]["loc"] == ["body", "kk_number"]
        taken_nik = await _patch(client, admin, city.kertapati, {"head_nik": other["head_nik"]})
        problem(taken_nik, 409)
        for r in (taken_kk, taken_nik):
            assert other["kk_number"] not in r.text
            assert other["head_nik"] not in r.text
        fresh = await _patch(client, admin, city.kertapati, {"kk_number": kk_number()})
        assert fresh.status_code == 200, fresh.text

    async def test_keeping_the_same_nomor_kk_is_no_conflict(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        r = await _patch(
            client,
            admin,
            household,
            {
                "kk_number": household.payload["kk_number"],
                "head_nik": household.payload["head_nik"],
            },
        )
        assert r.status_code == 200, r.text

    async def test_every_change_is_audited_by_field_name_only(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        new_nik = nik(born=date(1975, 1, 2))
        r = await _patch(
            client,
            admin,
            household,
            {"head_nik": new_nik, "head_name": "Hasan Basri", "address": "Lr. Rukun"},
        )
        assert r.status_code == 200, r.text
        events = await audit_events(client, admin, object_id=household.id)
        assert [e["action"] for e in events] == ["household.update", "household.create"]
        assert events[0]["detail"] == {"fields": ["address", "head_name", "head_nik"]}
        assert_clean_audit(
            events, new_nik, "Hasan Basri", "Lr. Rukun", *household_secrets(household.payload)
        )


class TestHandOverHeadship:
    """When the head dies or leaves, the officer names another member as kepala keluarga."""

    async def test_head_nik_of_a_member_makes_them_kepala(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = await factories.headers_for(db, "admin")
        payload = household_payload()
        wife_nik = next(m["nik"] for m in payload["members"] if m["relationship"] == "istri")
        created = (await client.post("/api/v1/households", json=payload, headers=admin)).json()
        r = await client.patch(
            f"/api/v1/households/{created['id']}?reveal=nik",
            json={"head_nik": wife_nik},
            headers=admin | {"If-Match": f'"{created["version"]}"'},
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["head_nik"] == wife_nik
        roles = {m["nik"]: m["relationship"] for m in body["members"]}
        assert roles[wife_nik] == "kepala"
        assert roles[payload["head_nik"]] == "lainnya"
        assert list(roles.values()).count("kepala") == 1
        assert body["head_name"] == next(m["name"] for m in body["members"] if m["nik"] == wife_nik)
        assert any("lainnya" in w for w in body["warnings"])
