"""GET /mentors: each role lists its scope; filters, sorting and keyset pages that hold steady."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Mentor
from tests import factories
from tests.mentors import helpers
from tests.mentors.factories import PLAJU_KELURAHAN, create_mentor


async def _list(
    client: httpx.AsyncClient, headers: dict[str, str], **params: Any
) -> httpx.Response:
    r = await client.get(helpers.URL, params=params, headers=headers)
    return r


async def _ids(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> set[str]:
    r = await _list(client, headers, limit=200, **params)
    assert r.status_code == 200, r.text
    return {item["id"] for item in r.json()["items"]}


def _id_set(*mentors: Mentor) -> set[str]:
    return {str(m.id) for m in mentors}


class TestListMentors:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert (await client.get(helpers.URL)).status_code == 401

    async def test_each_role_lists_only_its_scope(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        dinsos_kertapati = await create_mentor(db, agency_code="DINSOS")
        dinkes_kertapati = await create_mentor(db, agency_code="DINKES")
        dinkes_plaju = await create_mentor(db, agency_code="DINKES", kelurahan_code=PLAJU_KELURAHAN)
        everyone = _id_set(dinsos_kertapati, dinkes_kertapati, dinkes_plaju)

        assert await _ids(client, await factories.headers_for(db, "admin")) == everyone
        assert await _ids(client, await factories.headers_for(db, "auditor")) == everyone
        dinkes_admin = await factories.headers_for(db, "agency_admin", agency_code="DINKES")
        assert await _ids(client, dinkes_admin) == _id_set(dinkes_kertapati, dinkes_plaju)
        # Filtering for another agency cannot widen the scope.
        assert await _ids(client, dinkes_admin, agency="DINSOS") == set()
        kertapati = await factories.headers_for(db, "coordinator", region_code="16.71.13")
        assert await _ids(client, kertapati) == _id_set(dinsos_kertapati, dinkes_kertapati)
        plaju_kel = await factories.headers_for(db, "coordinator", region_code=PLAJU_KELURAHAN)
        assert await _ids(client, plaju_kel) == _id_set(dinkes_plaju)
        me = await factories.headers_for(db, "mentor", mentor_id=dinkes_plaju.id)
        assert await _ids(client, me) == _id_set(dinkes_plaju)
        # An agency admin account not (yet) bound to an agency sees nobody.
        unbound = await factories.user(db, role="agency_admin")
        unbound.agency_code = None
        await db.commit()
        assert await _ids(client, factories.bearer(unbound)) == set()

    async def test_items_carry_competencies_and_masked_nips(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        a = await create_mentor(
            db, competencies=[{"code": "health", "level": 3}, {"code": "adminduk", "level": 1}]
        )
        b = await create_mentor(db, competencies=[])
        r = await _list(client, await factories.headers_for(db, "auditor"))
        assert r.status_code == 200
        by_id = {i["id"]: i for i in r.json()["items"]}
        assert by_id[str(a.id)]["competencies"] == [
            {"code": "adminduk", "level": 1},
            {"code": "health", "level": 3},
        ]
        assert by_id[str(b.id)]["competencies"] == []
        for mentor in (a, b):
            assert mentor.nip not in r.text
            assert by_id[str(mentor.id)]["birth_date"] is None
        assert r.json()["next_cursor"] is None
        assert r.json()["total"] is None

    async def test_reveal_on_a_list_is_audited_per_mentor(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        mentors = [await create_mentor(db) for _ in range(3)]
        r = await _list(client, await factories.headers_for(db), reveal="nip")
        assert r.status_code == 200
        assert {i["nip"] for i in r.json()["items"]} == {m.nip for m in mentors}
        events = await helpers.audit_events(db, "mentor.reveal")
        assert {e.object_id for e in events} == _id_set(*mentors)

    @pytest.mark.parametrize("role", ["coordinator", "auditor", "mentor"])
    async def test_reveal_by_a_masked_role_is_403(
        self, client: httpx.AsyncClient, db: AsyncSession, role: str
    ) -> None:
        r = await _list(client, await factories.headers_for(db, role), reveal="nip")
        assert r.status_code == 403


class TestListMentorFilters:
    """Each filter returns exactly the expected mentors."""

    async def test_agency_kecamatan_employment_type_and_status(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        a = await create_mentor(db, agency_code="DINKES")
        b = await create_mentor(db, kelurahan_code=PLAJU_KELURAHAN, employment_type="PPPK")
        c = await create_mentor(db, status="on_leave", employment_type="PPPK_PARUH_WAKTU")
        headers = await factories.headers_for(db)
        assert await _ids(client, headers, agency="DINKES") == _id_set(a)
        assert await _ids(client, headers, agency="DINSOS") == _id_set(b, c)
        assert await _ids(client, headers, kecamatan="16.71.14") == _id_set(b)
        assert await _ids(client, headers, kecamatan="16.71.13") == _id_set(a, c)
        assert await _ids(client, headers, employment_type="PNS") == _id_set(a)
        assert await _ids(client, headers, employment_type="PPPK") == _id_set(b)
        assert await _ids(client, headers, status="on_leave") == _id_set(c)
        assert await _ids(client, headers, status="active") == _id_set(a, b)

    async def test_competency_with_and_without_a_minimum_level(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        basic = await create_mentor(db, competencies=[{"code": "health", "level": 1}])
        expert = await create_mentor(
            db, competencies=[{"code": "health", "level": 3}, {"code": "umkm", "level": 1}]
        )
        await create_mentor(db, competencies=[{"code": "umkm", "level": 3}])
        headers = await factories.headers_for(db)
        assert await _ids(client, headers, competency="health") == _id_set(basic, expert)
        assert await _ids(client, headers, competency="health", min_level=2) == _id_set(expert)
        assert await _ids(client, headers, competency="fisheries") == set()

    async def test_competency_filter_rejects_bad_input(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        headers = await factories.headers_for(db)
        unknown = await _list(client, headers, competency="astrology")
        assert unknown.status_code == 422
        assert unknown.json()["errors"][0]["loc"] == ["query", "competency"]
        alone = await _list(client, headers, min_level=2)
        assert alone.status_code == 422
        assert alone.json()["errors"][0]["loc"] == ["query", "min_level"]

    async def test_available_means_flag_set_and_status_active(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        ready = await create_mentor(db)
        unavailable = await create_mentor(db, available=False)
        on_leave = await create_mentor(db, status="on_leave")
        retired = await create_mentor(db, status="retired", available=True)
        headers = await factories.headers_for(db)
        assert await _ids(client, headers, available="true") == _id_set(ready)
        assert await _ids(client, headers, available="false") == _id_set(
            unavailable, on_leave, retired
        )

    async def test_q_matches_part_of_a_name_in_any_case(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        siti = await create_mentor(db, name="Siti Nurhaliza")
        await create_mentor(db, name="Budi Santoso")
        percent = await create_mentor(db, name="Nama 100% Unik")
        headers = await factories.headers_for(db)
        assert await _ids(client, headers, q="nurhal") == _id_set(siti)
        assert await _ids(client, headers, q="SITI") == _id_set(siti)
        assert await _ids(client, headers, q="100%") == _id_set(percent)  # % is literal

    async def test_q_of_digits_is_a_nip_prefix_for_roles_that_see_nips(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        target = await create_mentor(db)
        await create_mentor(db)
        admin = await factories.headers_for(db)
        assert await _ids(client, admin, q=target.nip[:14]) == _id_set(target)
        spaced = f"{target.nip[:8]} {target.nip[8:14]}"
        assert await _ids(client, admin, q=spaced) == _id_set(target)
        # A masked role could otherwise recover a NIP digit by digit.
        auditor = await factories.headers_for(db, "auditor")
        r = await _list(client, auditor, q=target.nip[:10])
        assert r.status_code == 403
        assert r.json()["errors"][0]["loc"] == ["query", "q"]


class TestListMentorPages:
    async def test_sort_by_name_both_ways_and_newest_first_by_default(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        now = datetime.now(UTC)
        names = ["Citra", "Ahmad", "Bayu"]
        for i, name in enumerate(names):
            await create_mentor(db, name=name, created_at=now + timedelta(seconds=i))
        headers = await factories.headers_for(db)

        async def order(**params: Any) -> list[str]:
            r = await _list(client, headers, **params)
            assert r.status_code == 200, r.text
            return [i["name"] for i in r.json()["items"]]

        assert await order() == ["Bayu", "Ahmad", "Citra"]
        assert await order(sort="created_at") == ["Citra", "Ahmad", "Bayu"]
        assert await order(sort="name") == ["Ahmad", "Bayu", "Citra"]
        assert await order(sort="-name") == ["Citra", "Bayu", "Ahmad"]
        bad = await _list(client, headers, sort="nip")
        assert bad.status_code == 422

    @pytest.mark.parametrize("sort", ["-created_at", "created_at", "name", "-name"])
    async def test_walking_every_page_gives_every_mentor_once_while_others_insert(
        self, client: httpx.AsyncClient, db: AsyncSession, sort: str
    ) -> None:
        # Equal names and equal timestamps: the id breaks the tie, so nothing repeats or drops.
        stamp = datetime.now(UTC)
        original = [
            await create_mentor(db, name=f"Mentor {i // 2}", created_at=stamp + timedelta(i // 3))
            for i in range(11)
        ]
        headers = await factories.headers_for(db)
        seen: list[str] = []
        cursor = None
        pages = 0
        while True:
            params: dict[str, Any] = {"limit": 3, "sort": sort, "include_total": "true"}
            if cursor:
                params["cursor"] = cursor
            r = await _list(client, headers, **params)
            assert r.status_code == 200, r.text
            body = r.json()
            pages += 1
            assert body["total"] == 11 + (pages - 1) * 2
            seen += [i["id"] for i in body["items"]]
            cursor = body["next_cursor"]
            if cursor is None:
                break
            # Colleagues register two more mentors between page requests, before and after.
            await create_mentor(db, name="Aaa Baru", created_at=stamp - timedelta(days=1))
            await create_mentor(db, name="Zzz Baru", created_at=stamp + timedelta(days=9))
        original_ids = [str(m.id) for m in original]
        assert sorted(i for i in seen if i in original_ids) == sorted(original_ids)
        assert len(seen) == len(set(seen))

    async def test_include_total_counts_the_filtered_scope(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        for _ in range(4):
            await create_mentor(db, agency_code="DINKES")
        await create_mentor(db, agency_code="DINSOS")
        headers = await factories.headers_for(db, "agency_admin", agency_code="DINKES")
        r = await _list(client, headers, limit=2, include_total="true")
        assert r.status_code == 200
        assert r.json()["total"] == 4
        assert len(r.json()["items"]) == 2
        assert r.json()["next_cursor"]

    async def test_tampered_or_foreign_cursor_is_400(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        for _ in range(3):
            await create_mentor(db)
        headers = await factories.headers_for(db)
        cursor = (await _list(client, headers, limit=1)).json()["next_cursor"]
        payload, signature = cursor.split(".")
        # Alter the payload's first character (six whole bits), not its last: base64 ignores the
        # last character's low bits, so a change there could leave the payload as it was.
        forged = ("e" if payload[0] != "e" else "f") + payload[1:] + "." + signature
        r = await _list(client, headers, limit=1, cursor=forged)
        assert r.status_code == 400
        assert r.headers["content-type"] == "application/problem+json"
        other_sort = await _list(client, headers, limit=1, cursor=cursor, sort="name")
        assert other_sort.status_code == 400
        garbage = await _list(client, headers, cursor="not-a-cursor")
        assert garbage.status_code == 400

    @pytest.mark.parametrize("limit", [0, 201])
    async def test_limit_outside_1_to_200_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession, limit: int
    ) -> None:
        r = await _list(client, await factories.headers_for(db), limit=limit)
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["query", "limit"]


class TestListRowsEqualTheDetail:
    """A list row says exactly what the mentor's own page says, masked or revealed."""

    async def test_rows_match_the_detail_answer_masked_and_revealed(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        several = await create_mentor(
            db,
            competencies=[
                {"code": "umkm", "level": 3},
                {"code": "adminduk", "level": 1},
                {"code": "health", "level": 2},
            ],
            created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        )
        bare = await create_mentor(
            db,
            competencies=[],
            lat=None,
            lon=None,
            position=None,
            golongan=None,
            name='Dr. "Ayu" Lestari \\ Ü ✓',
            employment_type="PPPK",
        )
        admin = await factories.headers_for(db, "admin")
        for reveal in ({}, {"reveal": "nip"}):
            r = await _list(client, admin, limit=200, **reveal)
            assert r.status_code == 200, r.text
            rows = {item["id"]: item for item in r.json()["items"]}
            for mentor in (several, bare):
                detail = await client.get(
                    f"{helpers.URL}/{mentor.id}", params=reveal, headers=admin
                )
                assert detail.status_code == 200, detail.text
                assert rows[str(mentor.id)] == detail.json(), reveal
        rows = {i["id"]: i for i in (await _list(client, admin, limit=200)).json()["items"]}
        assert rows[str(several.id)]["competencies"] == [
            {"code": "adminduk", "level": 1},
            {"code": "health", "level": 2},
            {"code": "umkm", "level": 3},
        ]
        assert rows[str(several.id)]["created_at"] == "2026-01-02T03:04:05Z"
        assert rows[str(bare.id)]["competencies"] == []
        assert rows[str(bare.id)]["name"] == 'Dr. "Ayu" Lestari \\ Ü ✓'
        assert rows[str(bare.id)]["birth_date"] is None  # withheld: it is written in the NIP
        assert rows[str(bare.id)]["nip"] == bare.nip[:4] + "*" * 12 + bare.nip[-2:]
