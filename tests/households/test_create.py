"""POST /households: registering a family from the DTSEN list, with every check a Dinsos officer
expects on its identifiers, region and members."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.households.checks import (
    assert_clean_audit,
    assert_masked,
    assert_no_personal_data,
    audit_events,
    locs,
    problem,
)
from tests.households.conftest import Headers, caller_headers
from tests.households.factories import (
    BASE,
    GANDUS,
    JAKARTA_NIK_REGION,
    KEMAS_RINDO,
    KERTAPATI,
    KERTAPATI_NIK_REGION,
    create_household,
    household_payload,
    kk_number,
    member,
    nik,
)

Payload = dict[str, Any]
TOMORROW = date.today() + timedelta(days=1)


async def _count(client: httpx.AsyncClient, admin: Headers) -> int:
    r = await client.get(BASE, params={"include_total": "true"}, headers=admin)
    assert r.status_code == 200, r.text
    total: int = r.json()["total"]
    return total


def _bad_head_nik(value: str) -> Callable[[Payload], None]:
    """Put `value` as head_nik and as the kepala's NIK in the members list, as a form would."""

    def change(p: Payload) -> None:
        p["head_nik"] = value
        p["members"][0]["nik"] = value

    return change


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[Payload], None]:
    def change(p: Payload) -> None:
        target: Any = p
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


# (what is wrong, how to make the payload wrong, where the error must point)
INVALID: list[tuple[str, Callable[[Payload], None], list[list[str | int]]]] = [
    ("kk_number too short", _set(("kk_number",), "167113020316001"), [["body", "kk_number"]]),
    ("kk_number with letters", _set(("kk_number",), "16711302031600AB"), [["body", "kk_number"]]),
    (
        "kk_number recorded on 31 February",
        _set(("kk_number",), f"{KERTAPATI_NIK_REGION}3102250001"),
        [["body", "kk_number"]],
    ),
    (
        "kk_number recorded tomorrow",
        _set(("kk_number",), f"{KERTAPATI_NIK_REGION}{TOMORROW:%d%m%y}0001"),
        [["body", "kk_number"]],
    ),
    ("head_nik of 15 digits", _set(("head_nik",), "167113120479001"), [["body", "head_nik"]]),
    (
        "head_nik born on day 32",
        _bad_head_nik(f"{KERTAPATI_NIK_REGION}3204790001"),
        [["body", "head_nik"]],
    ),
    (
        "head_nik born on day 32, no members listed",
        lambda p: p.update(head_nik=f"{KERTAPATI_NIK_REGION}3204790001", members=[]),
        [["body", "head_nik"]],
    ),
    (
        "head_nik of a woman born on day 72 (32 + 40)",
        _bad_head_nik(f"{KERTAPATI_NIK_REGION}7204790001"),
        [["body", "head_nik"]],
    ),
    (
        "head_nik born in month 13",
        _bad_head_nik(f"{KERTAPATI_NIK_REGION}1213790001"),
        [["body", "head_nik"]],
    ),
    (
        "head_nik with serial 0000",
        _bad_head_nik(f"{KERTAPATI_NIK_REGION}1204790000"),
        [["body", "head_nik"]],
    ),
    (
        "head_nik born tomorrow",
        _bad_head_nik(f"{KERTAPATI_NIK_REGION}{TOMORROW:%d%m%y}0001"),
        [["body", "head_nik"]],
    ),
    (
        "a woman whose NIK has a birth day below 41",
        lambda p: p["members"][1].update(nik=nik(sex="M", born=date(1983, 9, 5)), sex="F"),
        [["body", "members", 1, "sex"]],
    ),
    (
        "a member stated male whose NIK says female",
        _set(("members", 1, "sex"), "M"),
        [["body", "members", 1, "sex"]],
    ),
    (
        "a kepala stated female whose head_nik says male",
        _set(("members", 0, "sex"), "F"),
        [["body", "members", 0, "sex"]],
    ),
    (
        "a birth date the NIK disagrees with",
        _set(("members", 2, "birth_date"), "2013-01-21"),
        [["body", "members", 2, "birth_date"]],
    ),
    (
        "two kepala keluarga",
        _set(("members", 1, "relationship"), "kepala"),
        # The second kepala is refused, and its NIK is not head_nik either.
        [["body", "members", 1, "relationship"], ["body", "members", 1, "nik"]],
    ),
    (
        "a kepala whose NIK is not head_nik",
        _set(("members", 0, "nik"), nik(born=date(1979, 4, 13), serial=77)),
        [["body", "members", 0, "nik"]],
    ),
    (
        "head_nik listed again as an anak",
        lambda p: p["members"][2].update(nik=p["head_nik"]),
        [["body", "members", 2, "nik"]],
    ),
    (
        "the same NIK twice in one KK",
        lambda p: p["members"][2].update(nik=p["members"][1]["nik"]),
        [["body", "members", 2, "nik"]],
    ),
    (
        "an unknown kelurahan",
        _set(("kelurahan_code",), "16.71.13.1099"),
        [["body", "kelurahan_code"]],
    ),
    (
        "a kelurahan number in a gap of the real numbering",
        _set(("kelurahan_code",), "16.71.07.1003"),
        [["body", "kelurahan_code"]],
    ),
    (
        "a kecamatan code where a kelurahan belongs",
        _set(("kelurahan_code",), "16.71.13"),
        [["body", "kelurahan_code"]],
    ),
    (
        "a malformed kelurahan code",
        _set(("kelurahan_code",), "16.71.13.104"),
        [["body", "kelurahan_code"]],
    ),
    ("desil 0", _set(("desil",), 0), [["body", "desil"]]),
    ("desil 11", _set(("desil",), 11), [["body", "desil"]]),
    ("an unknown need", _set(("needs",), ["health", "astrology"]), [["body", "needs", 1]]),
    ("a need listed twice", _set(("needs",), ["health", "health"]), [["body", "needs"]]),
    (
        "an unknown programme",
        _set(("assistance",), ["PKH", "KIS_DAERAH"]),
        [["body", "assistance"]],
    ),
    ("an unknown field", _set(("religion",), "islam"), [["body", "religion"]]),
    (
        "an unknown member field",
        _set(("members", 2, "grade"), 5),
        [["body", "members", 2, "grade"]],
    ),
    ("status assigned (set by assignments)", _set(("status",), "assigned"), [["body", "status"]]),
    (
        "a server-side field: id",
        _set(("id",), "00000000-0000-0000-0000-000000000001"),
        [["body", "id"]],
    ),
    ("a server-side field: version", _set(("version",), 7), [["body", "version"]]),
    (
        "a server-side field: kecamatan",
        _set(("kecamatan_code",), "16.71.12"),
        [["body", "kecamatan_code"]],
    ),
    (
        "an unknown relationship",
        _set(("members", 2, "relationship"), "tetangga"),
        [["body", "members", 2, "relationship"]],
    ),
    ("an empty head name", _set(("head_name",), "   "), [["body", "head_name"]]),
    ("latitude beyond 90", _set(("lat",), 91), [["body", "lat"]]),
]


class TestCreateHousehold:
    async def test_anonymous_caller_gets_401_problem(self, client: httpx.AsyncClient) -> None:
        problem(await client.post(BASE, json=household_payload()), 401)

    @pytest.mark.parametrize(
        ("caller", "kelurahan", "status"),
        [
            ("agency_admin", KERTAPATI, 403),
            ("mentor", KERTAPATI, 403),
            ("auditor", KERTAPATI, 403),
            ("camat_kertapati", KERTAPATI, 201),
            ("camat_kertapati", KEMAS_RINDO, 201),
            ("camat_kertapati", GANDUS, 403),
            ("lurah_kertapati", KERTAPATI, 201),
            ("lurah_kertapati", KEMAS_RINDO, 403),
            ("camat_gandus", GANDUS, 201),
            ("camat_gandus", KERTAPATI, 403),
            ("admin", GANDUS, 201),
        ],
    )
    async def test_only_admins_and_coordinators_of_the_region_may_register(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        admin: Headers,
        caller: str,
        kelurahan: str,
        status: int,
    ) -> None:
        headers = await caller_headers(db, caller)
        payload = household_payload(kelurahan_code=kelurahan)
        r = await client.post(BASE, json=payload, headers=headers)
        if status == 201:
            assert r.status_code == 201, r.text
            assert r.json()["kelurahan_code"] == kelurahan
        else:
            body = problem(r, status)
            assert_no_personal_data(r.text, payload["head_nik"], payload["kk_number"])
            assert "errors" not in body
        assert await _count(client, admin) == (1 if status == 201 else 0)

    async def test_registers_the_family_with_its_members(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        payload = household_payload()
        r = await client.post(BASE, json=payload, headers=admin)
        assert r.status_code == 201, r.text
        body = r.json()
        assert r.headers["location"] == f"{BASE}/{body['id']}"
        assert r.headers["etag"] == f'"{body["version"]}"'
        assert body["version"] == 1
        assert body["kelurahan_code"] == KERTAPATI
        assert body["kecamatan_code"] == "16.71.13"
        assert body["status"] == "identified"
        assert body["head_name"] == payload["head_name"]
        assert body["desil"] == 1
        assert body["extreme_poor"] is True
        assert body["needs"] == ["adminduk", "health"]
        assert body["assistance"] == ["PKH", "BPNT"]
        assert body["housing"]["floor"] == "tanah"
        assert body["warnings"] == []
        assert body["created_at"].endswith(("Z", "+00:00"))
        # Identifiers are masked unless revealed, even for the admin who typed them.
        assert_masked(body["kk_number"], payload["kk_number"])
        assert_masked(body["head_nik"], payload["head_nik"])
        by_relation = {m["relationship"]: m for m in body["members"]}
        assert set(by_relation) == {"kepala", "istri", "anak"}
        # Sex and birth date come from the NIK when not given.
        assert by_relation["istri"]["sex"] == "F"
        assert by_relation["istri"]["birth_date"] == "1983-09-05"
        assert by_relation["anak"]["sex"] == "M"
        assert by_relation["anak"]["birth_date"] == "2013-01-20"
        assert by_relation["anak"]["in_school"] is True
        assert by_relation["kepala"]["birth_date"] == "1979-04-12"
        for m in body["members"]:
            full = next(p["nik"] for p in payload["members"] if p["name"] == m["name"])
            assert_masked(m["nik"], full)

        read = await client.get(r.headers["location"], headers=admin)
        assert read.status_code == 200
        assert read.json() == body

    async def test_a_kk_without_members_gets_its_kepala_from_head_nik(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        head = nik(sex="F", born=date(1970, 2, 28))
        created = await create_household(
            client, admin, head_nik=head, head_name="Nyimas Halimah", members=[]
        )
        (kepala,) = created.body["members"]
        assert kepala["relationship"] == "kepala"
        assert kepala["name"] == "Nyimas Halimah"
        assert kepala["sex"] == "F"
        assert kepala["birth_date"] == "1970-02-28"
        assert_masked(kepala["nik"], head)

    async def test_registration_is_audited_without_personal_data(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        created = await create_household(client, admin)
        events = await audit_events(client, admin, object_id=created.id)
        assert [e["action"] for e in events] == ["household.create"]
        assert events[0]["actor_role"] == "admin"
        assert events[0]["object_type"] == "household"
        secrets = [created.payload["kk_number"], created.payload["head_name"]]
        secrets += [m["nik"] for m in created.payload["members"]]
        secrets += [m["name"] for m in created.payload["members"]]
        assert_clean_audit(events, *secrets)

    @pytest.mark.parametrize(
        ("change", "expected"),
        [pytest.param(change, expected, id=what) for what, change, expected in INVALID],
    )
    async def test_an_invalid_household_is_422_pointing_at_the_field(
        self,
        client: httpx.AsyncClient,
        admin: Headers,
        change: Callable[[Payload], None],
        expected: list[list[str | int]],
    ) -> None:
        payload = household_payload()
        change(payload)
        r = await client.post(BASE, json=payload, headers=admin)
        assert sorted(map(str, locs(r))) == sorted(map(str, expected)), r.text
        assert_no_personal_data(r.text, payload["head_nik"], payload["kk_number"])
        assert await _count(client, admin) == 0

    async def test_identifiers_from_outside_palembang_are_accepted_with_warnings(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        head = nik(region=JAKARTA_NIK_REGION)
        created = await create_household(
            client, admin, head_nik=head, kk_number=kk_number(region=JAKARTA_NIK_REGION)
        )
        warnings = created.body["warnings"]
        assert len(warnings) == 2, warnings
        assert any("KK" in w and "3171" in w for w in warnings)
        assert any("NIK" in w and "3171" in w for w in warnings)
        assert_no_personal_data(" ".join(warnings), head, created.payload["kk_number"])

    async def test_the_same_nomor_kk_twice_is_409(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        first = await create_household(client, admin)
        again = household_payload(kk_number=first.payload["kk_number"])
        r = await client.post(BASE, json=again, headers=admin)
        body = problem(r, 409)
        assert "nomor KK" in body["detail"]
        assert body["errors"][0]["loc"] == ["body", "kk_number"]
        assert_no_personal_data(r.text, first.payload["kk_number"])
        assert await _count(client, admin) == 1

    async def test_a_person_already_on_another_kk_is_409_without_the_full_nik(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        first = await create_household(client, admin)
        wife = first.payload["members"][1]
        payload = household_payload()
        payload["members"][1] = member(wife["nik"], wife["name"], "istri")
        r = await client.post(BASE, json=payload, headers=admin)
        body = problem(r, 409)
        assert "NIK" in body["detail"]
        assert_no_personal_data(r.text, wife["nik"], wife["name"])
        assert wife["nik"][:4] + "**********" + wife["nik"][-2:] in r.text
        assert await _count(client, admin) == 1

    async def test_a_head_already_heading_another_kk_is_409(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        first = await create_household(client, admin)
        r = await client.post(
            BASE, json=household_payload(head_nik=first.payload["head_nik"]), headers=admin
        )
        problem(r, 409)
        assert_no_personal_data(r.text, first.payload["head_nik"])

    async def test_admin_may_see_what_was_saved_unmasked_and_that_is_audited(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        payload = household_payload()
        r = await client.post(BASE, params={"reveal": "nik"}, json=payload, headers=admin)
        assert r.status_code == 201, r.text
        assert r.json()["head_nik"] == payload["head_nik"]
        assert r.json()["kk_number"] == payload["kk_number"]
        events = await audit_events(client, admin, object_id=r.json()["id"])
        assert sorted(e["action"] for e in events) == ["household.create", "household.reveal"]


class TestCreateHouseholdIdempotently:
    """A phone on a bad connection retries the same POST with the same Idempotency-Key."""

    async def test_the_same_key_and_body_replay_the_first_answer(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        payload = household_payload()
        headers = admin | {"Idempotency-Key": "kk-registration-0001"}
        first = await client.post(BASE, json=payload, headers=headers)
        assert first.status_code == 201, first.text
        assert "idempotent-replayed" not in first.headers
        second = await client.post(BASE, json=payload, headers=headers)
        assert second.status_code == 201, second.text
        assert second.headers["idempotent-replayed"] == "true"
        assert second.json()["id"] == first.json()["id"]
        assert second.json() == first.json()
        assert second.headers["location"] == first.headers["location"]
        assert second.headers["etag"] == first.headers["etag"]
        assert await _count(client, admin) == 1
        events = await audit_events(client, admin, action="household.create")
        assert len(events) == 1

    async def test_the_same_key_with_another_body_is_422(
        self, client: httpx.AsyncClient, admin: Headers
    ) -> None:
        headers = admin | {"Idempotency-Key": "kk-registration-0002"}
        first = await client.post(BASE, json=household_payload(), headers=headers)
        assert first.status_code == 201, first.text
        other = await client.post(BASE, json=household_payload(), headers=headers)
        problem(other, 422)
        assert await _count(client, admin) == 1

    async def test_keys_belong_to_one_caller(
        self, client: httpx.AsyncClient, db: AsyncSession, admin: Headers
    ) -> None:
        other_admin = await caller_headers(db, "admin")
        key = {"Idempotency-Key": "shared-key"}
        mine = await client.post(BASE, json=household_payload(), headers=admin | key)
        theirs = await client.post(BASE, json=household_payload(), headers=other_admin | key)
        assert mine.status_code == theirs.status_code == 201
        assert "idempotent-replayed" not in theirs.headers
        assert mine.json()["id"] != theirs.json()["id"]
        assert await _count(client, admin) == 2
