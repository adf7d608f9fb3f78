"""GET /households/{id}: one family with its members, to the people allowed to see it."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.households.checks import (
    READ_ACCESS,
    assert_masked,
    audit_events,
    expect_access,
    household_secrets,
    locs,
    problem,
)
from tests.households.conftest import Headers, caller_headers
from tests.households.factories import BASE, City


class TestReadHousehold:
    @pytest.mark.parametrize(("caller", "target", "status"), READ_ACCESS)
    async def test_who_may_read_a_family(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        city: City,
        caller: str | None,
        target: str,
        status: int,
    ) -> None:
        household = city[target]
        r = await client.get(household.url, headers=await caller_headers(db, caller))
        expect_access(r, status, household_secrets(household.payload))
        if status == 200:
            assert r.json()["id"] == household.id
            assert len(r.json()["members"]) == 3

    async def test_a_coordinator_asking_for_another_kecamatan_learns_nothing(
        self, client: httpx.AsyncClient, camat: Headers, city: City
    ) -> None:
        gandus = city.gandus
        for url in (gandus.url, f"{gandus.url}?reveal=nik"):
            r = await client.get(url, headers=camat)
            body = problem(r, 404)
            assert set(body) <= {"type", "title", "status", "detail", "instance"}
            for secret in household_secrets(gandus.payload):
                assert secret not in r.text
                assert secret[-6:] not in r.text  # not even a tail of a NIK

    async def test_coordinators_of_two_regions_reading_in_turn_keep_their_own_scope(
        self, client: httpx.AsyncClient, db: AsyncSession, city: City
    ) -> None:
        # The read query is built once per scope and reused: each call must carry its caller.
        kertapati = await caller_headers(db, "camat_kertapati")
        gandus = await caller_headers(db, "camat_gandus")
        for headers, target, status in (
            (kertapati, "kertapati", 200),
            (gandus, "kertapati", 404),
            (gandus, "gandus", 200),
            (kertapati, "gandus", 404),
        ):
            r = await client.get(city[target].url, headers=headers)
            assert r.status_code == status, (target, r.text)

    async def test_an_unknown_id_is_404_and_a_malformed_one_422(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        problem(await client.get(f"{BASE}/{uuid.uuid4()}", headers=admin), 404)
        assert locs(await client.get(f"{BASE}/not-a-uuid", headers=admin)) == [
            ["path", "household_id"]
        ]

    async def test_answers_with_etag_and_never_into_a_cache(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        r = await client.get(city.kertapati.url, headers=admin)
        assert r.status_code == 200
        assert r.headers["etag"] == '"1"' == city.kertapati.etag
        assert r.json()["version"] == 1
        assert r.headers["cache-control"] == "no-store"

    async def test_the_auditor_reads_masked_identifiers_and_may_not_reveal(
        self, client: httpx.AsyncClient, auditor: Headers, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        r = await client.get(household.url, headers=auditor)
        assert r.status_code == 200, r.text
        body = r.json()
        assert_masked(body["kk_number"], household.payload["kk_number"])
        assert_masked(body["head_nik"], household.payload["head_nik"])
        for m in body["members"]:
            assert "*" in m["nik"]
        problem(await client.get(household.url, params={"reveal": "nik"}, headers=auditor), 403)
        assert await audit_events(client, admin, action="household.reveal") == []
        denied = await audit_events(client, admin, action="authz.denied")
        assert len(denied) == 1

    @pytest.mark.parametrize("caller", ["admin", "camat_kertapati"])
    async def test_reveal_shows_full_identifiers_and_is_audited(
        self, client: httpx.AsyncClient, db: AsyncSession, admin: Headers, city: City, caller: str
    ) -> None:
        household = city.kertapati
        headers = await caller_headers(db, caller)
        masked = await client.get(household.url, headers=headers)
        assert "*" in masked.json()["head_nik"]
        assert await audit_events(client, admin, action="household.reveal") == []

        r = await client.get(household.url, params={"reveal": "nik"}, headers=headers)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["kk_number"] == household.payload["kk_number"]
        assert body["head_nik"] == household.payload["head_nik"]
        assert sorted(m["nik"] for m in body["members"]) == sorted(
            m["nik"] for m in household.payload["members"]
        )
        events = await audit_events(client, admin, action="household.reveal")
        assert [e["object_id"] for e in events] == [household.id]
        assert events[0]["actor_role"] == ("coordinator" if caller != "admin" else "admin")
        assert events[0]["detail"] == {}
