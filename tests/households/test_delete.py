"""DELETE /households/{id}: the program office removes a family registered by mistake."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.households.checks import (
    assert_clean_audit,
    audit_events,
    expect_access,
    household_secrets,
    problem,
)
from tests.households.conftest import Headers, caller_headers
from tests.households.factories import BASE, City


class TestDeleteHousehold:
    @pytest.mark.parametrize(
        ("caller", "status"),
        [
            (None, 401),
            ("agency_admin", 403),
            ("mentor", 403),
            ("auditor", 403),
            ("camat_kertapati", 403),  # even in their own kecamatan: only the program office
            ("lurah_kertapati", 403),
            ("admin", 204),
        ],
    )
    async def test_only_the_program_office_may_delete(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        admin: Headers,
        city: City,
        caller: str | None,
        status: int,
    ) -> None:
        household = city.kertapati
        headers = await caller_headers(db, caller) | {"If-Match": household.etag}
        r = await client.delete(household.url, headers=headers)
        expect_access(r, status, household_secrets(household.payload))
        after = await client.get(household.url, headers=admin)
        assert after.status_code == (404 if status == 204 else 200)

    async def test_deletes_the_family_and_its_members(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        r = await client.delete(household.url, headers=admin | {"If-Match": household.etag})
        assert r.status_code == 204, r.text
        assert r.content == b""
        problem(await client.get(household.url, headers=admin), 404)
        problem(await client.get(f"{household.url}/members", headers=admin), 404)
        listed = await client.get(BASE, headers=admin)
        assert {i["id"] for i in listed.json()["items"]} == {city.kemas_rindo.id, city.gandus.id}
        # Its nomor KK and its people's NIKs are free again (the members went with it).
        again = await client.post(BASE, json=household.payload, headers=admin)
        assert again.status_code == 201, again.text

    async def test_without_if_match_is_428_and_with_a_stale_one_412(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        problem(await client.delete(household.url, headers=admin), 428)
        changed = await client.patch(
            household.url, json={"desil": 2}, headers=admin | {"If-Match": household.etag}
        )
        assert changed.status_code == 200
        stale = await client.delete(household.url, headers=admin | {"If-Match": household.etag})
        assert problem(stale, 412)["current_version"] == 2
        assert (await client.get(household.url, headers=admin)).status_code == 200
        fresh = await client.delete(
            household.url, headers=admin | {"If-Match": changed.headers["etag"]}
        )
        assert fresh.status_code == 204

    async def test_an_unknown_household_is_404(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        r = await client.delete(f"{BASE}/{uuid.uuid4()}", headers=admin | {"If-Match": '"1"'})
        problem(r, 404)

    async def test_the_deletion_is_audited_without_personal_data(
        self, client: httpx.AsyncClient, admin: Headers, city: City
    ) -> None:
        household = city.kertapati
        r = await client.delete(household.url, headers=admin | {"If-Match": household.etag})
        assert r.status_code == 204
        events = await audit_events(client, admin, object_id=household.id)
        assert [e["action"] for e in events] == ["household.delete", "household.create"]
        assert_clean_audit(events, *household_secrets(household.payload))
