"""/households/{id}/assessments: the mentor records how the household is doing; the answer says
which graduation criteria are met."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import AuditEvent
from tests.assessments.factories import assess, assessed
from tests.assignments.factories import Callers, household
from tests.households.checks import locs, problem
from tests.mentoring_sessions.factories import mentoring


class TestCreateAssessment:
    async def test_the_mentor_records_a_ready_household(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        r = await assess(client, m.household, m.mentor_headers)
        assert r.status_code == 201, r.text
        a = r.json()
        assert r.headers["etag"] == '"1"'
        assert r.headers["location"] == f"{m.household.url}/assessments/{a['id']}"
        assert (a["ready"], a["readiness_score"], a["poverty_line"]) == (True, 1.0, 11_605)
        assert a["mentor_id"] == str(m.mentor.id)
        assert {c["name"] for c in a["criteria"]} >= {"expenditure_above_line", "sanitation"}
        events = (
            await db.scalars(select(AuditEvent).where(AuditEvent.action == "assessment.create"))
        ).all()
        assert [e.object_id for e in events] == [a["id"]]

    async def test_unmet_criteria_are_listed_with_what_was_measured(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        a = await assessed(
            client, m.household, m.mentor_headers, per_capita_expenditure=9_500, sanitation=None
        )
        unmet = {c["name"]: c for c in a["criteria"] if not c["met"]}
        assert set(unmet) == {"expenditure_above_line", "sanitation"}
        assert unmet["expenditure_above_line"]["value"] == 9_500
        assert unmet["expenditure_above_line"]["threshold"] == 11_605
        assert unmet["sanitation"]["value"] is None
        assert a["ready"] is False

    async def test_an_older_assessment_is_judged_by_the_line_of_its_day(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        a = await assessed(
            client, m.household, who.camat, assessed_on="2023-06-30", per_capita_expenditure=11_571
        )
        assert a["poverty_line"] == 11_571
        assert a["criteria"][0] == {
            "name": "expenditure_above_line",
            "met": True,
            "value": 11_571,
            "threshold": 11_571,
            "weight": 2.0,
        }

    @pytest.mark.parametrize(
        ("overrides", "loc"),
        [
            ({"assessed_on": "2020-12-31"}, ["body", "assessed_on"]),
            (
                {"children_7_18": 1, "children_7_18_in_school": 2},
                ["body", "children_7_18_in_school"],
            ),
            ({"children_7_18": None, "children_7_18_in_school": 1}, ["body", "children_7_18"]),
            ({"floor": "marmer"}, ["body", "floor"]),
            ({"income_sources": ["lottery"]}, ["body", "income_sources", 0]),
            ({"income_sources": ["wage_daily", "wage_daily"]}, ["body", "income_sources"]),
            ({"desil": 11}, ["body", "desil"]),
            ({"per_capita_expenditure": -1}, ["body", "per_capita_expenditure"]),
            ({"ready": True}, ["body", "ready"]),
        ],
    )
    async def test_bad_indicators_are_422_on_the_field(
        self,
        client: httpx.AsyncClient,
        who: Callers,
        overrides: dict[str, object],
        loc: list[object],
    ) -> None:
        h = await household(client, who.admin)
        r = await assess(client, h, who.admin, **overrides)
        assert locs(r)[0][: len(loc)] == loc, r.text

    async def test_a_date_in_the_future_is_422(
        self, client: httpx.AsyncClient, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        tomorrow = str(datetime.now(UTC).date() + timedelta(days=2))
        assert locs(await assess(client, h, who.admin, assessed_on=tomorrow)) == [
            ["body", "assessed_on"]
        ]

    @pytest.mark.parametrize(
        ("caller", "code"),
        [(None, 401), ("agency_admin", 403), ("auditor", 403), ("camat_gandus", 404)],
    )
    async def test_who_may_not(
        self, client: httpx.AsyncClient, who: Callers, caller: str | None, code: int
    ) -> None:
        h = await household(client, who.admin)
        problem(await assess(client, h, getattr(who, caller) if caller else {}), code)

    async def test_a_mentor_of_another_household_gets_404(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        other = await household(client, who.admin)
        problem(await assess(client, other, m.mentor_headers), 404)


class TestReadAssessments:
    async def test_latest_first_and_one_by_id(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        old = await assessed(client, m.household, m.mentor_headers, assessed_on="2025-01-15")
        new = await assessed(client, m.household, m.mentor_headers)
        r = await client.get(f"{m.household.url}/assessments", headers=who.camat)
        assert [a["id"] for a in r.json()["items"]] == [new["id"], old["id"]]
        one = await client.get(f"{m.household.url}/assessments/{old['id']}", headers=who.camat)
        assert one.json() == old
        assert one.headers["etag"] == '"1"'

    async def test_auditors_see_readiness_without_health_or_childrens_data(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        await assessed(client, m.household, m.mentor_headers)
        r = await client.get(f"{m.household.url}/assessments", headers=who.auditor)
        a = r.json()["items"][0]
        assert a["redacted"] is True
        assert (a["children_7_18"], a["jkn_all_members"], a["notes"]) == (None, None, None)
        criteria = {c["name"]: c for c in a["criteria"]}
        assert criteria["children_in_school"]["value"] is None
        assert criteria["children_in_school"]["met"] is True
        assert a["ready"] is True
        assert "kembali sekolah" not in r.text

    @pytest.mark.parametrize(("caller", "code"), [("agency_admin", 403), ("camat_gandus", 404)])
    async def test_outside_the_scope(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, caller: str, code: int
    ) -> None:
        m = await mentoring(client, db, who)
        a = await assessed(client, m.household, m.mentor_headers)
        headers = getattr(who, caller)
        problem(await client.get(f"{m.household.url}/assessments", headers=headers), code)
        one = f"{m.household.url}/assessments/{a['id']}"
        problem(await client.get(one, headers=headers), code)

    async def test_an_assessment_of_another_household_is_404(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        a = await assessed(client, m.household, m.mentor_headers)
        other = await household(client, who.admin)
        problem(await client.get(f"{other.url}/assessments/{a['id']}", headers=who.admin), 404)
        problem(await client.get(f"{m.household.url}/assessments"), 401)
