"""POST /mentors: a BKPSDM or agency officer registers an ASN as a mentor."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Mentor
from tests import factories
from tests.mentors import helpers
from tests.mentors.factories import mentor_payload, pns_nip, pppk_nip


def _errors(r: httpx.Response) -> list[dict[str, Any]]:
    assert r.headers["content-type"] == "application/problem+json", r.text
    return list(r.json()["errors"])


def _locs(r: httpx.Response) -> list[list[str | int]]:
    return [e["loc"] for e in _errors(r)]


class TestCreateMentor:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        r = await client.post(helpers.URL, json=mentor_payload())
        assert r.status_code == 401
        assert r.headers["content-type"] == "application/problem+json"

    @pytest.mark.parametrize("role", ["coordinator", "mentor", "auditor"])
    async def test_read_only_roles_are_403(
        self, client: httpx.AsyncClient, db: AsyncSession, role: str
    ) -> None:
        r = await client.post(
            helpers.URL, json=mentor_payload(), headers=await factories.headers_for(db, role)
        )
        assert r.status_code == 403

    async def test_admin_registers_a_pns_and_gets_the_stored_record(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        payload = mentor_payload(
            competencies=[{"code": "health", "level": 3}, {"code": "adminduk", "level": 1}]
        )
        r = await client.post(
            helpers.URL, json=payload, headers=await factories.headers_for(db, "admin")
        )
        assert r.status_code == 201, r.text
        body = r.json()
        assert r.headers["ETag"] == '"1"'
        assert r.headers["Location"] == f"/api/v1/mentors/{body['id']}"
        assert body["nip"] == payload["nip"][:4] + "*" * 12 + payload["nip"][-2:]
        assert body["birth_date"] is None  # digits of the NIP: hidden with it
        assert body["appointed_on"] is None
        assert body["name"] == payload["name"]
        assert body["kecamatan_code"] == "16.71.13"
        assert body["competencies"] == [
            {"code": "adminduk", "level": 1},
            {"code": "health", "level": 3},
        ]
        assert body["capacity"] == 1
        assert body["available"] is True
        assert body["status"] == "active"
        assert body["status_since"] == datetime.now(UTC).date().isoformat()
        assert body["version"] == 1
        assert body["warnings"] == []

    async def test_reveal_shows_nip_and_dates_from_it(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        birth = date(1988, 7, 9)
        payload = mentor_payload(nip=pns_nip(birth, tmt=(2014, 3), sex="F", serial=7), sex="F")
        payload.pop("birth_date")
        r = await client.post(
            helpers.URL,
            params={"reveal": "nip"},
            json=payload,
            headers=await factories.headers_for(db, "admin"),
        )
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["nip"] == payload["nip"]
        assert body["birth_date"] == "1988-07-09"  # derived from the NIP
        assert body["appointed_on"] == "2014-03-01"
        assert [e.object_id for e in await helpers.audit_events(db, "mentor.reveal")] == [
            body["id"]
        ]

    async def test_sex_and_birth_date_are_taken_from_the_nip_when_omitted(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        payload = mentor_payload(sex="F")
        del payload["sex"], payload["birth_date"]
        r = await client.post(
            helpers.URL, json=payload, headers=await factories.headers_for(db, "admin")
        )
        assert r.status_code == 201, r.text
        assert r.json()["sex"] == "F"
        row = await db.get(Mentor, uuid.UUID(r.json()["id"]))
        assert row is not None
        assert row.birth_date.strftime("%Y%m%d") == payload["nip"][:8]

    async def test_pppk_and_part_time_pppk_are_accepted(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        headers = await factories.headers_for(db, "admin")
        for kind in ("PPPK", "PPPK_PARUH_WAKTU"):
            r = await client.post(
                helpers.URL, json=mentor_payload(employment_type=kind), headers=headers
            )
            assert r.status_code == 201, r.text
            assert r.json()["employment_type"] == kind

    async def test_nip_written_with_spaces_is_accepted(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        payload = mentor_payload()
        nip = payload["nip"]
        payload["nip"] = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
        r = await client.post(
            helpers.URL,
            params={"reveal": "nip"},
            json=payload,
            headers=await factories.headers_for(db, "admin"),
        )
        assert r.status_code == 201, r.text
        assert r.json()["nip"] == nip

    async def test_agency_admin_registers_in_its_own_agency_only(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        headers = await factories.headers_for(db, "agency_admin", agency_code="DINKES")
        own = await client.post(
            helpers.URL, json=mentor_payload(agency_code="DINKES"), headers=headers
        )
        assert own.status_code == 201, own.text
        other = await client.post(
            helpers.URL, json=mentor_payload(agency_code="DINSOS"), headers=headers
        )
        assert other.status_code == 403
        assert _locs(other) == [["body", "agency_code"]]
        denied = await helpers.audit_events(db, "authz.denied")
        assert len(denied) == 1

    async def test_far_away_home_is_saved_with_a_warning(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        # The minus sign of the latitude was dropped: a point in the sea north of Sumatra.
        r = await client.post(
            helpers.URL,
            json=mentor_payload(lat=3.03, lon=104.74),
            headers=await factories.headers_for(db, "admin"),
        )
        assert r.status_code == 201, r.text
        assert len(r.json()["warnings"]) == 1
        assert r.json()["warnings"][0].startswith("lat/lon lie ")

    async def test_far_away_work_place_is_saved_with_a_warning(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        r = await client.post(
            helpers.URL,
            json=mentor_payload(work_lat=-6.2, work_lon=106.8),  # Jakarta
            headers=await factories.headers_for(db, "admin"),
        )
        assert r.status_code == 201, r.text
        assert r.json()["warnings"][0].startswith("work_lat/work_lon lie ")

    @pytest.mark.parametrize(
        ("employment_type", "golongan", "warned"),
        [
            ("PNS", "III/b", False),
            ("PNS", "IX", True),
            ("PPPK", "IX", False),
            ("PPPK", "III/b", True),
        ],
    )
    async def test_golongan_that_does_not_fit_the_employment_is_a_warning(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        employment_type: str,
        golongan: str,
        warned: bool,
    ) -> None:
        r = await client.post(
            helpers.URL,
            json=mentor_payload(employment_type=employment_type, golongan=golongan),
            headers=await factories.headers_for(db, "admin"),
        )
        assert r.status_code == 201, r.text
        assert bool(r.json()["warnings"]) is warned
        assert r.json()["golongan"] == golongan

    async def test_write_is_audited_without_personal_data(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        payload = mentor_payload()
        r = await client.post(
            helpers.URL, json=payload, headers=await factories.headers_for(db, "admin")
        )
        assert r.status_code == 201, r.text
        (event,) = await helpers.audit_events(db, "mentor.create")
        assert event.object_type == "mentor"
        assert event.object_id == r.json()["id"]
        assert event.actor_role == "admin"
        assert event.detail == {"agency_code": "DINSOS", "employment_type": "PNS"}
        text = str(event.detail)
        assert payload["nip"] not in text
        assert payload["name"] not in text


class TestCreateMentorValidation:
    """Every refusal is problem+json with errors pointing at the field to fix."""

    async def _post(
        self, client: httpx.AsyncClient, db: AsyncSession, payload: dict[str, Any]
    ) -> httpx.Response:
        return await client.post(
            helpers.URL, json=payload, headers=await factories.headers_for(db, "admin")
        )

    async def test_nip_of_wrong_length(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        r = await self._post(client, db, mentor_payload(nip="19850312201001100"))
        assert r.status_code == 422
        (error,) = _errors(r)
        assert error["loc"] == ["body", "nip"]
        assert "18 digits" in error["msg"]
        assert "19850312201001100" not in r.text  # never echoed back

    async def test_pns_nip_with_an_impossible_tmt_month(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        r = await self._post(
            client, db, mentor_payload(nip=pns_nip(date(1985, 3, 12), tmt=(2010, 13)))
        )
        assert r.status_code == 422
        (error,) = _errors(r)
        assert error["loc"] == ["body", "nip"]
        assert "TMT" in error["msg"]

    async def test_ni_pppk_sent_as_pns(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        nip = pppk_nip(date(1990, 5, 1), sex="M")
        r = await self._post(client, db, mentor_payload(nip=nip, sex="M", employment_type="PNS"))
        assert r.status_code == 422
        (error,) = _errors(r)
        assert error["loc"] == ["body", "nip"]
        assert "PPPK" in error["msg"]

    async def test_pns_nip_sent_as_pppk(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        nip = pns_nip(date(1990, 5, 1), tmt=(2015, 3), sex="M")
        r = await self._post(client, db, mentor_payload(nip=nip, sex="M", employment_type="PPPK"))
        assert r.status_code == 422
        (error,) = _errors(r)
        assert error["loc"] == ["body", "nip"]
        assert "NI PPPK" in error["msg"]

    async def test_sex_disagrees_with_the_nip(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        payload = mentor_payload(sex="M")
        payload["sex"] = "F"
        r = await self._post(client, db, payload)
        assert r.status_code == 422
        (error,) = _errors(r)
        assert error["loc"] == ["body", "sex"]
        assert error["type"] == "sex_mismatch"

    async def test_birth_date_disagrees_with_the_nip(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        r = await self._post(client, db, mentor_payload(birth_date="1960-01-01"))
        assert r.status_code == 422
        (error,) = _errors(r)
        assert error["loc"] == ["body", "birth_date"]
        assert error["type"] == "birth_date_mismatch"

    async def test_unknown_agency(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        r = await self._post(client, db, mentor_payload(agency_code="DINAS_FIKTIF"))
        assert r.status_code == 422
        assert _locs(r) == [["body", "agency_code"]]

    @pytest.mark.parametrize(
        "code",
        [
            "16.71.02.1001",  # a gap in Seberang Ulu I's numbering: 1002 is its first kelurahan
            "16.71.13",  # a kecamatan, not a kelurahan
            "16.72.01.1001",  # another kota
        ],
    )
    async def test_unknown_kelurahan(
        self, client: httpx.AsyncClient, db: AsyncSession, code: str
    ) -> None:
        r = await self._post(client, db, mentor_payload(kelurahan_code=code))
        assert r.status_code == 422
        assert _locs(r) == [["body", "kelurahan_code"]]

    async def test_all_field_problems_are_reported_together(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        r = await self._post(
            client,
            db,
            mentor_payload(
                agency_code="NOPE", kelurahan_code="16.71.99.1001", birth_date="1950-01-01"
            ),
        )
        assert r.status_code == 422
        assert sorted(map(str, _locs(r))) == sorted(
            map(
                str,
                [["body", "agency_code"], ["body", "kelurahan_code"], ["body", "birth_date"]],
            )
        )

    async def test_duplicate_nip_is_409(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        payload = mentor_payload()
        first = await self._post(client, db, payload)
        assert first.status_code == 201
        again = await self._post(client, db, {**payload, "name": "Orang Lain"})
        assert again.status_code == 409
        assert "already registered" in again.json()["detail"]
        assert _locs(again) == [["body", "nip"]]

    async def test_concurrent_duplicates_give_one_201_and_one_409(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        payload = mentor_payload()
        headers = await factories.headers_for(db, "admin")
        results = await asyncio.gather(
            *(client.post(helpers.URL, json=payload, headers=headers) for _ in range(2))
        )
        assert sorted(r.status_code for r in results) == [201, 409]
        assert await db.scalar(select(func.count()).select_from(Mentor)) == 1

    @pytest.mark.parametrize("capacity", [0, 4])
    async def test_capacity_outside_1_to_3(
        self, client: httpx.AsyncClient, db: AsyncSession, capacity: int
    ) -> None:
        r = await self._post(client, db, mentor_payload(capacity=capacity))
        assert r.status_code == 422
        assert _locs(r) == [["body", "capacity"]]

    async def test_competency_listed_twice(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        twice = [{"code": "health", "level": 1}, {"code": "health", "level": 3}]
        r = await self._post(client, db, mentor_payload(competencies=twice))
        assert r.status_code == 422
        assert _locs(r) == [["body", "competencies"]]
        assert "twice" in _errors(r)[0]["msg"]

    async def test_unknown_taxonomy_code(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        r = await self._post(
            client, db, mentor_payload(competencies=[{"code": "astrology", "level": 1}])
        )
        assert r.status_code == 422
        assert _locs(r) == [["body", "competencies", 0, "code"]]

    async def test_competency_level_outside_1_to_3(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        r = await self._post(
            client, db, mentor_payload(competencies=[{"code": "health", "level": 4}])
        )
        assert r.status_code == 422
        assert _locs(r) == [["body", "competencies", 0, "level"]]

    async def test_unknown_field(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        r = await self._post(client, db, mentor_payload(role="admin"))
        assert r.status_code == 422
        assert _locs(r) == [["body", "role"]]

    @pytest.mark.parametrize(("field", "value"), [("lat", -91), ("lon", 181), ("work_lat", 95)])
    async def test_impossible_coordinates(
        self, client: httpx.AsyncClient, db: AsyncSession, field: str, value: float
    ) -> None:
        extra = {"work_lat": -3.0, "work_lon": 104.7} if field == "work_lat" else {}
        r = await self._post(client, db, mentor_payload(**{**extra, field: value}))
        assert r.status_code == 422
        assert _locs(r) == [["body", field]]

    async def test_latitude_without_longitude(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        payload = mentor_payload(work_lat=-2.99)
        r = await self._post(client, db, payload)
        assert r.status_code == 422
        assert _locs(r) == [["body", "work_lon"]]

    async def test_missing_required_fields(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        r = await self._post(client, db, {"name": "Tanpa NIP"})
        assert r.status_code == 422
        assert {tuple(loc) for loc in _locs(r)} == {
            ("body", "nip"),
            ("body", "employment_type"),
            ("body", "agency_code"),
            ("body", "kelurahan_code"),
        }


class TestCreateMentorIdempotency:
    async def test_same_key_and_body_replays_the_first_answer(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        headers = {**await factories.headers_for(db, "admin"), "Idempotency-Key": "mentor-abc-1"}
        payload = mentor_payload()
        first = await client.post(helpers.URL, json=payload, headers=headers)
        again = await client.post(helpers.URL, json=payload, headers=headers)
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.headers["ETag"] == first.headers["ETag"]
        assert again.headers["Location"] == first.headers["Location"]
        assert await db.scalar(select(func.count()).select_from(Mentor)) == 1
        assert len(await helpers.audit_events(db, "mentor.create")) == 1

    async def test_same_key_with_another_body_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        headers = {**await factories.headers_for(db, "admin"), "Idempotency-Key": "mentor-abc-2"}
        first = await client.post(helpers.URL, json=mentor_payload(), headers=headers)
        assert first.status_code == 201
        other = await client.post(helpers.URL, json=mentor_payload(), headers=headers)
        assert other.status_code == 422
        assert other.json()["type"].endswith("idempotency-key-reused")
        assert await db.scalar(select(func.count()).select_from(Mentor)) == 1
