"""GET /mentors/{id}: each role reads the mentors in its scope; NIPs masked unless revealed."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.mentors import helpers
from tests.mentors.factories import PLAJU_KELURAHAN, create_mentor


class TestGetMentor:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        mentor = await create_mentor(db)
        r = await client.get(helpers.url(mentor.id))
        assert r.status_code == 401

    async def test_admin_reads_with_etag_and_masked_nip(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db, competencies=[{"code": "umkm", "level": 2}])
        r = await client.get(helpers.url(mentor.id), headers=await factories.headers_for(db))
        assert r.status_code == 200, r.text
        assert r.headers["ETag"] == '"1"'
        assert r.headers["Cache-Control"] == "no-store"
        body = r.json()
        assert body["id"] == str(mentor.id)
        assert body["nip"] == mentor.nip[:4] + "*" * 12 + mentor.nip[-2:]
        assert body["birth_date"] is None
        assert body["competencies"] == [{"code": "umkm", "level": 2}]
        assert body["kecamatan_code"] == "16.71.13"
        assert set(body) >= {"created_at", "updated_at", "version", "status_since", "work_lat"}
        assert "warnings" not in body
        assert await helpers.audit_events(db, "mentor.reveal") == []

    async def test_admin_reveal_is_audited(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db)
        r = await client.get(
            helpers.url(mentor.id),
            params={"reveal": "nip"},
            headers=await factories.headers_for(db),
        )
        assert r.status_code == 200
        body = r.json()
        assert body["nip"] == mentor.nip
        assert body["birth_date"] == mentor.birth_date.isoformat()
        assert body["appointed_on"] == mentor.appointed_on.isoformat()  # type: ignore[union-attr]
        (event,) = await helpers.audit_events(db, "mentor.reveal")
        assert event.object_id == str(mentor.id)
        assert event.detail == {"fields": ["nip"]}

    async def test_agency_admin_reads_and_reveals_its_own_mentor(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db, agency_code="DINKES")
        headers = await factories.headers_for(db, "agency_admin", agency_code="DINKES")
        r = await client.get(helpers.url(mentor.id), params={"reveal": "nip"}, headers=headers)
        assert r.status_code == 200
        assert r.json()["nip"] == mentor.nip

    @pytest.mark.parametrize("role", ["coordinator", "auditor"])
    async def test_read_only_roles_see_masked_and_may_not_reveal(
        self, client: httpx.AsyncClient, db: AsyncSession, role: str
    ) -> None:
        mentor = await create_mentor(db)  # Kertapati: the default coordinator's region
        headers = await factories.headers_for(db, role)
        masked = await client.get(helpers.url(mentor.id), headers=headers)
        assert masked.status_code == 200
        assert masked.json()["nip"] != mentor.nip
        assert mentor.nip[4:-2] not in masked.text
        revealed = await client.get(
            helpers.url(mentor.id), params={"reveal": "nip"}, headers=headers
        )
        assert revealed.status_code == 403
        assert mentor.nip not in revealed.text
        assert await helpers.audit_events(db, "mentor.reveal") == []

    async def test_mentor_reads_itself_masked_and_nobody_else(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        me = await create_mentor(db)
        other = await create_mentor(db)
        headers = await factories.headers_for(db, "mentor", mentor_id=me.id)
        own = await client.get(helpers.url(me.id), headers=headers)
        assert own.status_code == 200
        assert own.json()["nip"] != me.nip
        assert (await client.get(helpers.url(other.id), headers=headers)).status_code == 404
        reveal = await client.get(helpers.url(me.id), params={"reveal": "nip"}, headers=headers)
        assert reveal.status_code == 403

    async def test_out_of_scope_is_404_without_personal_data(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db, agency_code="DINSOS", kelurahan_code=PLAJU_KELURAHAN)
        callers = [
            await factories.headers_for(db, "agency_admin", agency_code="DINKES"),
            await factories.headers_for(db, "coordinator", region_code="16.71.13"),
            await factories.headers_for(db, "coordinator", region_code="16.71.14.1002"),
            await factories.headers_for(db, "mentor"),  # no mentor linked: sees nobody
        ]
        for headers in callers:
            r = await client.get(helpers.url(mentor.id), headers=headers)
            assert r.status_code == 404
            assert r.headers["content-type"] == "application/problem+json"
            assert mentor.name not in r.text
            assert mentor.nip[-6:] not in r.text

    async def test_coordinator_of_a_kelurahan_or_the_city_sees_who_lives_there(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db, kelurahan_code=PLAJU_KELURAHAN)
        for region in (PLAJU_KELURAHAN, "16.71.14", "16.71"):
            headers = await factories.headers_for(db, "coordinator", region_code=region)
            r = await client.get(helpers.url(mentor.id), headers=headers)
            assert r.status_code == 200, region

    async def test_unknown_id_is_404_and_a_malformed_one_422(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        headers = await factories.headers_for(db)
        assert (await client.get(helpers.url(uuid.uuid4()), headers=headers)).status_code == 404
        bad = await client.get(helpers.url("not-a-uuid"), headers=headers)
        assert bad.status_code == 422
        assert bad.json()["errors"][0]["loc"] == ["path", "mentor_id"]
