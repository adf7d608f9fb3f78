"""GET /households/{id}/access-report: a family asks the city what it holds on them (UU 27/2022).
The program office answers with one call: everything, unmasked, and every audited touch."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.assessments.factories import assessed
from tests.assignments.factories import Callers, callers
from tests.households.checks import assert_no_personal_data
from tests.mentoring_sessions.factories import mentoring, recorded


def _hours_ago(hours: int) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()


def report_url(household_id: object) -> str:
    return f"/api/v1/households/{household_id}/access-report"


@pytest.fixture
async def who(db: AsyncSession) -> Callers:
    return await callers(db)


class TestHouseholdAccessReport:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert (await client.get(report_url(uuid.uuid4()))).status_code == 401

    async def test_only_the_program_office_may_produce_it(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        for headers in (who.camat, who.auditor, who.agency_admin, m.mentor_headers):
            r = await client.get(report_url(m.household.id), headers=headers)
            assert r.status_code == 403, r.text
            assert_no_personal_data(r.text, m.household.payload["head_nik"])

    async def test_unknown_household_is_404(self, client: httpx.AsyncClient, who: Callers) -> None:
        r = await client.get(report_url(uuid.uuid4()), headers=who.admin)
        assert r.status_code == 404
        assert r.headers["content-type"] == "application/problem+json"

    async def test_holds_everything_on_the_family_and_nothing_of_another(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        visit = await recorded(client, m)
        assessment = await assessed(client, m.household, m.mentor_headers)
        # Somebody looked at the family's identifiers: the report must say who.
        camat_reveal = await client.get(
            m.household.url, params={"reveal": "nik"}, headers=who.camat
        )
        assert camat_reveal.status_code == 200
        neighbour = await mentoring(client, db, who)
        neighbour_visit = await recorded(client, neighbour)

        r = await client.get(report_url(m.household.id), headers=who.admin)
        assert r.status_code == 200, r.text
        assert r.headers["cache-control"] == "no-store"
        report = r.json()

        household = report["household"]
        assert household["id"] == m.household.id
        assert household["head_nik"] == m.household.payload["head_nik"]  # unmasked
        assert household["kk_number"] == m.household.payload["kk_number"]
        member_niks = {member["nik"] for member in household["members"]}
        assert member_niks == {member["nik"] for member in m.household.payload["members"]}
        assert [a["id"] for a in report["assignments"]] == [m.assignment_id]
        assert [s["id"] for s in report["sessions"]] == [visit["id"]]
        assert report["sessions"][0]["notes"] == visit["notes"]
        assert [a["title"] for a in report["action_items"]] == [
            action["title"] for action in visit["actions"]
        ]
        assert [a["id"] for a in report["assessments"]] == [assessment["id"]]
        statuses = [c["to_status"] for c in report["status_history"]]
        assert statuses[-2:] == ["assigned", "mentoring"]  # the first visit started mentoring

        trail = report["audit_trail"]
        actions = [(e["action"], e["object_id"]) for e in trail]
        assert ("household.create", m.household.id) in actions
        assert ("household.reveal", m.household.id) in actions
        revealer = next(e for e in trail if e["action"] == "household.reveal")
        assert revealer["actor_role"] == "coordinator"
        assert revealer["actor_email"]
        assert any(object_id == visit["id"] for _, object_id in actions)
        assert any(object_id == assessment["id"] for _, object_id in actions)
        assert [e["id"] for e in trail] == sorted(e["id"] for e in trail)  # oldest first

        # Nothing about the neighbouring family.
        assert neighbour.household.id not in r.text
        assert neighbour_visit["id"] not in r.text
        assert_no_personal_data(r.text, neighbour.household.payload["head_nik"])

    async def test_producing_the_report_is_itself_audited(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        r = await client.get(report_url(m.household.id), headers=who.admin)
        assert r.status_code == 200, r.text
        events = await client.get(
            "/api/v1/audit-events",
            params={"action": "household.access_report", "object_id": m.household.id},
            headers=who.admin,
        )
        assert events.status_code == 200, events.text
        assert len(events.json()["items"]) == 1
        # The next report lists the earlier one in its trail.
        again = (await client.get(report_url(m.household.id), headers=who.admin)).json()
        assert "household.access_report" in {e["action"] for e in again["audit_trail"]}

    async def test_a_family_with_more_than_one_page_of_visits_gets_them_all(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        ids = set()
        for hours in range(1, 6):
            ids.add((await recorded(client, m, occurred_at=_hours_ago(hours)))["id"])
        admin = await factories.headers_for(db, "admin")
        report = (await client.get(report_url(m.household.id), headers=admin)).json()
        assert {s["id"] for s in report["sessions"]} == ids
        occurred = [s["occurred_at"] for s in report["sessions"]]
        assert occurred == sorted(occurred)
