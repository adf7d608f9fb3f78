"""PATCH /mentors/{id}: agencies keep their mentors' records current; a mentor its availability."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Mentor
from tests import factories
from tests.mentors import helpers
from tests.mentors.factories import PLAJU_KELURAHAN, create_mentor, mentor_payload, pppk_nip


async def _patch(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    mentor: Mentor,
    body: dict[str, Any],
    *,
    if_match: str | None = '"1"',
    **params: Any,
) -> httpx.Response:
    extra = {"If-Match": if_match} if if_match is not None else {}
    return await client.patch(
        helpers.url(mentor.id), json=body, params=params, headers={**headers, **extra}
    )


class TestUpdateMentor:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        mentor = await create_mentor(db)
        r = await client.patch(helpers.url(mentor.id), json={"capacity": 2})
        assert r.status_code == 401

    @pytest.mark.parametrize("role", ["coordinator", "auditor"])
    async def test_read_only_roles_are_403(
        self, client: httpx.AsyncClient, db: AsyncSession, role: str
    ) -> None:
        mentor = await create_mentor(db)
        headers = await factories.headers_for(db, role)
        r = await _patch(client, headers, mentor, {"capacity": 2})
        assert r.status_code == 403

    async def test_admin_changes_fields_and_the_version_moves_on(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db)
        headers = await factories.headers_for(db)
        r = await _patch(
            client,
            headers,
            mentor,
            {"capacity": 3, "position": None, "golongan": "III/c", "name": "  Nama Baru "},
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert r.headers["ETag"] == '"2"'
        assert body["version"] == 2
        assert body["capacity"] == 3
        assert body["position"] is None
        assert body["golongan"] == "III/c"
        assert body["name"] == "Nama Baru"
        assert body["warnings"] == []
        assert await helpers.etag_of(client, headers, mentor.id) == '"2"'

    async def test_if_match_missing_is_428_and_stale_is_412_with_the_current_version(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db)
        headers = await factories.headers_for(db)
        missing = await _patch(client, headers, mentor, {"capacity": 2}, if_match=None)
        assert missing.status_code == 428
        assert (await _patch(client, headers, mentor, {"capacity": 2})).status_code == 200
        stale = await _patch(client, headers, mentor, {"capacity": 3}, if_match='"1"')
        assert stale.status_code == 412
        assert stale.json()["current_version"] == 2
        assert stale.json()["current_etag"] == '"2"'
        ok = await _patch(client, headers, mentor, {"capacity": 3}, if_match='"2"')
        assert ok.status_code == 200
        assert ok.json()["capacity"] == 3

    async def test_competencies_are_replaced_and_bump_the_version(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db, competencies=[{"code": "adminduk", "level": 1}])
        headers = await factories.headers_for(db)
        new = [{"code": "umkm", "level": 3}, {"code": "fisheries", "level": 2}]
        r = await _patch(client, headers, mentor, {"competencies": new})
        assert r.status_code == 200, r.text
        assert r.json()["competencies"] == sorted(new, key=lambda c: str(c["code"]))
        assert r.json()["version"] == 2
        read = await client.get(helpers.url(mentor.id), headers=headers)
        assert read.json()["competencies"] == r.json()["competencies"]

    async def test_new_home_kelurahan_moves_the_kecamatan_too(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db)
        r = await _patch(
            client,
            await factories.headers_for(db),
            mentor,
            {"kelurahan_code": PLAJU_KELURAHAN, "lat": -3.01, "lon": 104.81},
        )
        assert r.status_code == 200, r.text
        assert r.json()["kecamatan_code"] == "16.71.14"

    async def test_status_change_dates_itself_unless_a_date_is_given(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db, status_since=date(2020, 1, 1))
        headers = await factories.headers_for(db)
        r = await _patch(client, headers, mentor, {"status": "on_leave"})
        assert r.json()["status_since"] == datetime.now(UTC).date().isoformat()
        r = await _patch(
            client,
            headers,
            mentor,
            {"status": "retired", "status_since": "2025-12-31"},
            if_match="*",
        )
        assert r.json()["status"] == "retired"
        assert r.json()["status_since"] == "2025-12-31"

    async def test_a_mentor_may_only_switch_its_own_availability(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        me = await create_mentor(db)
        other = await create_mentor(db)
        headers = await factories.headers_for(db, "mentor", mentor_id=me.id)
        ok = await _patch(client, headers, me, {"available": False})
        assert ok.status_code == 200, ok.text
        assert ok.json()["available"] is False
        more = await _patch(client, headers, me, {"available": True, "capacity": 3}, if_match="*")
        assert more.status_code == 403
        assert more.json()["errors"][0]["loc"] == ["body", "capacity"]
        assert (await _patch(client, headers, other, {"available": False})).status_code == 404

    async def test_agency_admin_edits_its_mentors_but_never_moves_them_away(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        own = await create_mentor(db, agency_code="DINKES")
        foreign = await create_mentor(db, agency_code="DINSOS")
        headers = await factories.headers_for(db, "agency_admin", agency_code="DINKES")
        assert (await _patch(client, headers, own, {"capacity": 2})).status_code == 200
        move = await _patch(client, headers, own, {"agency_code": "DINSOS"}, if_match='"2"')
        assert move.status_code == 403
        assert move.json()["errors"][0]["loc"] == ["body", "agency_code"]
        hidden = await _patch(client, headers, foreign, {"capacity": 2})
        assert hidden.status_code == 404
        assert foreign.name not in hidden.text

    async def test_admin_moves_a_mentor_to_another_existing_agency(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db)
        headers = await factories.headers_for(db)
        unknown = await _patch(client, headers, mentor, {"agency_code": "TIDAK_ADA"})
        assert unknown.status_code == 422
        assert unknown.json()["errors"][0]["loc"] == ["body", "agency_code"]
        moved = await _patch(client, headers, mentor, {"agency_code": "DINKES"})
        assert moved.status_code == 200
        assert moved.json()["agency_code"] == "DINKES"

    async def test_pns_who_became_pppk_gets_the_new_number(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db, sex="F")
        nip = pppk_nip(date(1991, 2, 3), year=2023, sex="F", serial=42)
        r = await _patch(
            client,
            await factories.headers_for(db),
            mentor,
            {"nip": nip, "employment_type": "PPPK"},
            reveal="nip",
        )
        assert r.status_code == 200, r.text
        assert r.json()["nip"] == nip
        assert r.json()["birth_date"] == "1991-02-03"  # re-derived from the new number
        assert r.json()["appointed_on"] == "2023-01-01"

    async def test_identity_rules_hold_on_update(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db, sex="M")
        taken = await create_mentor(db)
        headers = await factories.headers_for(db)
        wrong_type = await _patch(client, headers, mentor, {"employment_type": "PPPK"})
        assert wrong_type.status_code == 422
        assert wrong_type.json()["errors"][0]["loc"] == ["body", "nip"]
        sex = await _patch(client, headers, mentor, {"sex": "F"})
        assert sex.status_code == 422
        assert sex.json()["errors"][0]["loc"] == ["body", "sex"]
        duplicate = await _patch(client, headers, mentor, {"nip": taken.nip})
        assert duplicate.status_code == 409
        assert duplicate.json()["errors"][0]["loc"] == ["body", "nip"]

    async def test_bad_values_point_at_their_field(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db)
        headers = await factories.headers_for(db)
        cases: list[tuple[dict[str, Any], list[str | int]]] = [
            ({"name": None}, ["body", "name"]),
            ({"capacity": 0}, ["body", "capacity"]),
            ({"lat": None}, ["body", "lat"]),  # lon stays: a half coordinate
            ({"kelurahan_code": "16.71.02.1001"}, ["body", "kelurahan_code"]),
            ({"nickname": "x"}, ["body", "nickname"]),
            (
                {"competencies": [{"code": "health", "level": 1}, {"code": "health", "level": 2}]},
                ["body", "competencies"],
            ),
        ]
        for body, loc in cases:
            r = await _patch(client, headers, mentor, body)
            assert r.status_code == 422, body
            assert r.json()["errors"][0]["loc"] == loc, body
        assert await helpers.etag_of(client, headers, mentor.id) == '"1"'

    async def test_far_away_work_place_is_saved_with_a_warning(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db)
        r = await _patch(
            client, await factories.headers_for(db), mentor, {"work_lat": 2.97, "work_lon": 104.75}
        )
        assert r.status_code == 200
        assert len(r.json()["warnings"]) == 1

    async def test_update_is_audited_with_field_names_only(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentor = await create_mentor(db)
        payload = mentor_payload()
        r = await _patch(
            client,
            await factories.headers_for(db),
            mentor,
            {"name": "Nama Rahasia", "nip": payload["nip"], "available": True},
        )
        assert r.status_code == 200, r.text
        (event,) = await helpers.audit_events(db, "mentor.update")
        assert event.object_id == str(mentor.id)
        # Field names only (sex and dates follow the new NIP); `available` did not change.
        assert {"name", "nip", "appointed_on"} <= set(event.detail["fields"])
        assert "available" not in event.detail["fields"]
        assert "Rahasia" not in str(event.detail)
