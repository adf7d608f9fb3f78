"""Specific personal data of a family (UU 27/2022 art. 4: schooling, disability, JKN) is shown
only to the admin, the coordinator of its region and the household's own mentor (design §8), and
every request that shows it is audited once on the household, so the data-subject access report
can say who read a family's health data."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import AuditEvent
from tests import factories
from tests.assessments.factories import assessed
from tests.assignments.factories import Callers, callers
from tests.mentoring_sessions.factories import Mentoring, mentoring

SPECIFIC = ("education", "in_school", "disability", "has_jkn")
EVENT = "household.specific_read"


@pytest.fixture
async def who(db: AsyncSession) -> Callers:
    return await callers(db)


@pytest.fixture
async def family(client: httpx.AsyncClient, db: AsyncSession, who: Callers) -> Mentoring:
    """A mentored household in Kertapati whose child is in school and whose father has JKN and
    a disability recorded."""
    pair = await mentoring(client, db, who)
    head = next(m for m in pair.household.body["members"] if m["relationship"] == "kepala")
    r = await client.patch(
        f"{pair.household.url}/members/{head['id']}",
        json={"disability": "fisik", "has_jkn": True},
        headers={**who.admin, "If-Match": f'"{head["version"]}"'},
    )
    assert r.status_code == 200, r.text
    return pair


async def _events(db: AsyncSession, household_id: str) -> list[tuple[str | None, str | None]]:
    rows = await db.execute(
        select(AuditEvent.actor_role, AuditEvent.object_type)
        .where(AuditEvent.action == EVENT, AuditEvent.object_id == household_id)
        .order_by(AuditEvent.id)
    )
    return [tuple(r) for r in rows]


def _shown(members: list[dict[str, Any]]) -> dict[str, Any]:
    """What the answer says of the specific fields, per member relationship."""
    return {m["relationship"]: {k: m[k] for k in SPECIFIC} for m in members}


async def _callers(db: AsyncSession, who: Callers, family: Mentoring) -> dict[str, dict[str, str]]:
    return {
        "admin": who.admin,
        "coordinator": who.camat,
        "mentor": family.mentor_headers,
        "auditor": who.auditor,
    }


class TestWhoSeesIt:
    @pytest.mark.parametrize("role", ["admin", "coordinator", "mentor"])
    async def test_the_roles_that_need_it_see_it_and_each_request_is_audited_once(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        who: Callers,
        family: Mentoring,
        role: str,
    ) -> None:
        headers = (await _callers(db, who, family))[role]
        url = family.household.url
        for path in (url, f"{url}/members"):
            r = await client.get(path, headers=headers)
            assert r.status_code == 200, r.text
            members = r.json()["members"] if path == url else r.json()["items"]
            shown = _shown(members)
            assert shown["kepala"]["disability"] == "fisik"
            assert shown["kepala"]["has_jkn"] is True
            assert shown["anak"]["education"] == "sd"
            assert shown["anak"]["in_school"] is True
        head = family.household.member_id("kepala")
        r = await client.get(f"{url}/members/{head}", headers=headers)
        assert r.json()["has_jkn"] is True
        # Three requests showed it: three events, each naming the household, none its data.
        assert await _events(db, family.household.id) == [(role, "household")] * 3

    async def test_the_auditor_sees_the_family_without_it_and_nothing_is_recorded(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, family: Mentoring
    ) -> None:
        url = family.household.url
        detail = await client.get(url, headers=who.auditor)
        assert detail.status_code == 200, detail.text
        listed = await client.get(f"{url}/members", headers=who.auditor)
        for members in (detail.json()["members"], listed.json()["items"]):
            assert len(members) == 3
            for member in members:
                assert {k: member[k] for k in SPECIFIC} == dict.fromkeys(SPECIFIC)
        assert await _events(db, family.household.id) == []

    async def test_an_agency_admin_reads_no_household_at_all(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, family: Mentoring
    ) -> None:
        r = await client.get(family.household.url, headers=who.agency_admin)
        assert r.status_code == 403
        assert await _events(db, family.household.id) == []

    async def test_a_list_of_households_shows_no_members_and_records_no_read(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, family: Mentoring
    ) -> None:
        r = await client.get("/api/v1/households", headers=who.admin)
        assert r.status_code == 200
        assert "members" not in r.json()["items"][0]
        count = await db.scalar(select(func.count()).where(AuditEvent.action == EVENT))
        assert count == 0


ASSESSED = ("jkn_all_members", "children_7_18", "children_7_18_in_school", "notes")


class TestAssessmentsAndSync:
    """An assessment measures JKN and children's schooling: the same roles see them, audited
    the same way; a phone's sync page is a request that shows them too."""

    @pytest.mark.parametrize("role", ["admin", "coordinator", "mentor"])
    async def test_the_roles_that_need_it_see_the_assessment_and_are_recorded(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        who: Callers,
        family: Mentoring,
        role: str,
    ) -> None:
        made = await assessed(client, family.household, family.mentor_headers, notes="Anak sakit")
        headers = (await _callers(db, who, family))[role]
        url = f"{family.household.url}/assessments"
        one = await client.get(f"{url}/{made['id']}", headers=headers)
        listed = await client.get(url, headers=headers)
        for body in (one.json(), listed.json()["items"][0]):
            assert body["jkn_all_members"] is True
            assert body["children_7_18_in_school"] == 1
            assert body["notes"] == "Anak sakit"
            assert body["redacted"] is False
        assert await _events(db, family.household.id) == [(role, "household")] * 2

    async def test_the_auditor_gets_the_assessment_without_it_and_is_not_recorded(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, family: Mentoring
    ) -> None:
        made = await assessed(client, family.household, family.mentor_headers)
        url = f"{family.household.url}/assessments"
        one = await client.get(f"{url}/{made['id']}", headers=who.auditor)
        assert one.status_code == 200, one.text
        listed = await client.get(url, headers=who.auditor)
        for body in (one.json(), listed.json()["items"][0]):
            assert {k: body[k] for k in ASSESSED} == dict.fromkeys(ASSESSED)
            assert body["redacted"] is True
            measured = {c["name"]: c["value"] for c in body["criteria"]}
            assert measured["jkn_all_members"] is None
            assert measured["children_in_school"] is None
            assert measured["savings"] is not None  # the rest is still there
        assert await _events(db, family.household.id) == []

    async def test_a_sync_page_that_shows_the_family_is_one_event(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, family: Mentoring
    ) -> None:
        await assessed(client, family.household, family.mentor_headers)
        r = await client.get("/api/v1/sync", headers=family.mentor_headers)
        assert r.status_code == 200, r.text
        shown = {i["type"]: i["data"] for i in r.json()["items"] if i["op"] == "upsert"}
        head = next(m for m in shown["household"]["members"] if m["relationship"] == "kepala")
        assert head["has_jkn"] is True
        assert shown["assessment"]["jkn_all_members"] is True
        # The household and its assessment in one page: one event for the household.
        assert await _events(db, family.household.id) == [("mentor", "household")]


class TestTheAccessReport:
    async def test_the_report_names_everyone_who_read_the_familys_specific_data(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, family: Mentoring
    ) -> None:
        for headers in (family.mentor_headers, who.camat):
            assert (await client.get(family.household.url, headers=headers)).status_code == 200
        r = await client.get(f"{family.household.url}/access-report", headers=who.admin)
        assert r.status_code == 200, r.text
        readers = [e["actor_role"] for e in r.json()["audit_trail"] if e["action"] == EVENT]
        assert sorted(readers) == ["coordinator", "mentor"]
        coordinator = await factories.headers_for(db, "coordinator", region_code="16.71.12")
        outside = await client.get(family.household.url, headers=coordinator)
        assert outside.status_code == 404
