"""POST /households/{id}/graduate and /exit: someone other than the mentor graduates a ready
household; it is monitored for twelve months, then exits (by hand, or by the worker)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from bina import cli
from bina.config import Settings
from bina.graduation.service import add_months, exit_monitoring_ended
from bina.kit.localdate import local_today
from bina.models import Assignment, Household, User
from tests.assessments.factories import assessed
from tests.assignments.factories import Callers
from tests.households.checks import problem
from tests.mentoring_sessions.factories import Mentoring, mentoring, recorded


async def _ready(
    client: httpx.AsyncClient, db: AsyncSession, who: Callers
) -> tuple[Mentoring, str]:
    """A household under mentoring whose latest assessment is ready."""
    m = await mentoring(client, db, who)
    await recorded(client, m)
    a = await assessed(client, m.household, m.mentor_headers)
    return m, a["id"]


async def _graduate(
    client: httpx.AsyncClient, m: Mentoring, headers: dict[str, str], assessment_id: str, **kw: Any
) -> httpx.Response:
    current = await client.get(m.household.url, headers=headers)
    etag = current.headers.get("etag", '"1"')
    return await client.post(
        f"{m.household.url}/graduate",
        json={"assessment_id": assessment_id, **kw},
        headers={**headers, "If-Match": etag},
    )


class TestGraduate:
    async def test_the_camat_graduates_a_ready_household_into_monitoring(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m, assessment_id = await _ready(client, db, who)
        r = await _graduate(client, m, who.camat, assessment_id, note="Diverifikasi di lapangan")
        assert r.status_code == 200, r.text
        g = r.json()
        assert g["status"] == "monitoring"
        assert g["graduated_at"]
        today = datetime.now(UTC).date()
        assert date.fromisoformat(g["monitoring_until"]) in {
            add_months(today, 12),
            add_months(today + timedelta(days=1), 12),
        }
        assert r.headers["etag"] == f'"{g["version"]}"'
        read = await client.get(m.household.url, headers=who.admin)
        assert read.json()["monitoring_until"] == g["monitoring_until"]
        story = await client.get(f"{m.household.url}/history", headers=who.admin)
        latest = story.json()["items"][:2]
        assert [(c["from_status"], c["to_status"]) for c in latest] == [
            ("graduated", "monitoring"),
            ("mentoring", "graduated"),
        ]
        assert latest[1]["reason"] == "Diverifikasi di lapangan"
        # The mentor keeps visiting during monitoring: the assignment stays active.
        assert (await recorded(client, m))["status"] == "submitted"

    async def test_the_mentor_may_not_graduate_its_own_household(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m, assessment_id = await _ready(client, db, who)
        problem(await _graduate(client, m, m.mentor_headers, assessment_id), 403)
        # Not even when its account is a coordinator's.
        await db.execute(
            update(User)
            .where(User.mentor_id == m.mentor.id)
            .values(role="coordinator", region_code="16.71.13")
        )
        await db.commit()
        r = await _graduate(client, m, m.mentor_headers, assessment_id)
        assert "mentor" in problem(r, 403)["detail"]

    async def test_a_household_not_ready_is_409_with_the_unmet_criteria(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m, _ = await _ready(client, db, who)
        poorer = await assessed(client, m.household, m.mentor_headers, per_capita_expenditure=9_000)
        body = problem(await _graduate(client, m, who.admin, poorer["id"]), 409)
        assert body["unmet"] == ["expenditure_above_line"]
        assert body["errors"][0]["loc"] == ["body", "assessment_id"]

    async def test_only_the_latest_assessment_counts(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m, ready_id = await _ready(client, db, who)
        await assessed(client, m.household, m.mentor_headers, per_capita_expenditure=9_000)
        body = problem(await _graduate(client, m, who.admin, ready_id), 409)
        assert body["errors"][0]["type"] == "not_latest"

    async def test_without_an_assessment_is_409(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        body = problem(await _graduate(client, m, who.admin, str(uuid.uuid4())), 409)
        assert body["errors"][0]["type"] == "no_assessment"

    async def test_twice_is_409_and_a_stale_etag_412(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m, assessment_id = await _ready(client, db, who)
        stale = await client.post(
            f"{m.household.url}/graduate",
            json={"assessment_id": assessment_id},
            headers={**who.admin, "If-Match": '"1"'},
        )
        problem(stale, 412)
        missing = await client.post(
            f"{m.household.url}/graduate", json={"assessment_id": assessment_id}, headers=who.admin
        )
        problem(missing, 428)
        assert (await _graduate(client, m, who.admin, assessment_id)).status_code == 200
        assert (
            "monitoring"
            in problem(await _graduate(client, m, who.admin, assessment_id), 409)["detail"]
        )

    @pytest.mark.parametrize(
        ("caller", "code"),
        [(None, 401), ("agency_admin", 403), ("auditor", 403), ("camat_gandus", 404)],
    )
    async def test_who_may_not(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        who: Callers,
        caller: str | None,
        code: int,
    ) -> None:
        m, assessment_id = await _ready(client, db, who)
        r = await client.post(
            f"{m.household.url}/graduate",
            json={"assessment_id": assessment_id},
            headers={**(getattr(who, caller) if caller else {}), "If-Match": "*"},
        )
        problem(r, code)


async def _graduated(client: httpx.AsyncClient, db: AsyncSession, who: Callers) -> Mentoring:
    m, assessment_id = await _ready(client, db, who)
    assert (await _graduate(client, m, who.camat, assessment_id)).status_code == 200
    return m


async def _monitoring_ended(db: AsyncSession, m: Mentoring, days_ago: int = 1) -> None:
    """The household was monitored until `days_ago` days before today (Palembang's today)."""
    until = local_today() - timedelta(days=days_ago)
    await db.execute(
        update(Household)
        .where(Household.id == uuid.UUID(m.household.id))
        .values(monitoring_until=until)
    )
    await db.commit()


class TestExit:
    async def test_before_the_end_of_monitoring_is_409(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await _graduated(client, db, who)
        r = await client.post(
            f"{m.household.url}/exit", json={}, headers={**who.camat, "If-Match": "*"}
        )
        assert "monitored until" in problem(r, 409)["detail"]

    async def test_after_monitoring_the_household_exits_and_the_mentor_is_free(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await _graduated(client, db, who)
        await _monitoring_ended(db, m)
        r = await client.post(
            f"{m.household.url}/exit",
            json={"reason": "Mandiri setelah 12 bulan"},
            headers={**who.camat, "If-Match": "*"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "exited"
        assignment = await db.scalar(
            select(Assignment).where(Assignment.id == uuid.UUID(m.assignment_id))
        )
        assert assignment is not None
        assert (assignment.status, assignment.end_reason) == ("ended", "household exited")
        story = await client.get(f"{m.household.url}/history", headers=who.admin)
        first = story.json()["items"][0]
        assert (first["from_status"], first["to_status"], first["reason"]) == (
            "monitoring",
            "exited",
            "Mandiri setelah 12 bulan",
        )

    async def test_a_household_not_monitored_is_409(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        r = await client.post(
            f"{m.household.url}/exit", json={}, headers={**who.admin, "If-Match": "*"}
        )
        problem(r, 409)

    @pytest.mark.parametrize(("caller", "code"), [("mentor", 403), ("camat_gandus", 404)])
    async def test_who_may_not(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, caller: str, code: int
    ) -> None:
        m = await _graduated(client, db, who)
        await _monitoring_ended(db, m)
        headers = m.mentor_headers if caller == "mentor" else getattr(who, caller)
        r = await client.post(
            f"{m.household.url}/exit", json={}, headers={**headers, "If-Match": "*"}
        )
        problem(r, code)


class TestWorkerExits:
    async def test_the_worker_exits_exactly_the_households_whose_monitoring_ended(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, app: Any
    ) -> None:
        done, last_day_today = await _graduated(client, db, who), await _graduated(client, db, who)
        await _monitoring_ended(db, done, days_ago=1)
        await _monitoring_ended(db, last_day_today, days_ago=0)
        async with app.state.sessionmaker() as session, session.begin():
            assert await exit_monitoring_ended(session) == 1
        statuses = {
            h: (await client.get(x.household.url, headers=who.admin)).json()["status"]
            for h, x in (("done", done), ("today", last_day_today))
        }
        assert statuses == {"done": "exited", "today": "monitoring"}
        story = await client.get(f"{done.household.url}/history", headers=who.admin)
        first = story.json()["items"][0]
        assert (first["to_status"], first["changed_by"], first["actor_role"]) == (
            "exited",
            None,
            None,
        )
        async with app.state.sessionmaker() as session, session.begin():
            assert await exit_monitoring_ended(session) == 0


class TestAddMonths:
    @pytest.mark.parametrize(
        ("day", "months", "expected"),
        [
            (date(2026, 1, 31), 1, date(2026, 2, 28)),
            (date(2026, 11, 28), 12, date(2027, 11, 28)),
            (date(2024, 2, 29), 12, date(2025, 2, 28)),
            (date(2026, 12, 15), 1, date(2027, 1, 15)),
        ],
    )
    def test_month_ends_are_clipped(self, day: date, months: int, expected: date) -> None:
        assert add_months(day, months) == expected


class TestDailyCommand:
    async def test_bina_exit_monitored_exits_the_households_due(
        self,
        client: httpx.AsyncClient,
        db: AsyncSession,
        who: Callers,
        settings: Settings,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        m = await _graduated(client, db, who)
        await _monitoring_ended(db, m)
        monkeypatch.setattr(cli, "get_settings", lambda: settings)
        result = await asyncio.to_thread(CliRunner().invoke, cli.app, ["exit-monitored"])
        assert result.exit_code == 0, result.output
        assert "1 household(s) exited" in result.output
        read = await client.get(m.household.url, headers=who.admin)
        assert read.json()["status"] == "exited"
