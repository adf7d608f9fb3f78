"""The seeded city tells a story: a matching run approved six months ago, visits, assessments and
graduations, checked the way a program officer would check them (on the dashboard, in the trail)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import Settings
from bina.kit.geo import distance_km
from bina.seed import accounts, demo
from tests.stats.recount import assert_rollups_exact

HOUSEHOLDS, MENTORS, SEED = 300, 400, 11
AS_OF = date.today()


async def _seed(settings: Settings, *, reset: bool = False) -> list[str]:
    printed: list[str] = []
    await demo.run(
        settings,
        households=HOUSEHOLDS,
        mentors=MENTORS,
        seed=SEED,
        reset=reset,
        as_of=AS_OF,
        echo=printed.append,
    )
    return printed


@pytest.fixture
async def seeded(settings: Settings, db: AsyncSession) -> list[str]:
    return await _seed(settings)


async def _rows(db: AsyncSession, sql: str) -> list[Any]:
    rows = list((await db.execute(text(sql))).all())
    await db.commit()  # end the read: on SQLite an open transaction holds the write lock
    return rows


def _utc(moment: datetime | str) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def _as(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    r = await client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": accounts.DEMO_PASSWORD},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


class TestTheDashboardTellsAStory:
    async def test_overview_kecamatan_agencies_and_months(
        self, seeded: list[str], client: httpx.AsyncClient
    ) -> None:
        auth = await _as(client, "admin@bina.demo")
        overview = (await client.get("/api/v1/stats/overview", headers=auth)).json()
        assert overview["coverage"] > 0.8
        assert overview["sessions_last_30_days"] > 0
        assert 0 < overview["households_not_visited_60_days"] < overview["households_open"] / 2
        assert overview["by_status"].get("mentoring", 0) > overview["households"] / 2
        assert overview["by_status"].get("monitoring", 0) > 0
        assert overview["participation"] > 0

        kecamatan = (await client.get("/api/v1/stats/kecamatan", headers=auth)).json()["items"]
        assert sum(k["graduated"] for k in kecamatan) == overview["by_status"]["monitoring"]
        assert sum(1 for k in kecamatan if k["sessions_last_30_days"] > 0) >= 10

        agencies = (await client.get("/api/v1/stats/agencies", headers=auth)).json()["items"]
        assert sum(a["households_mentored"] for a in agencies) >= overview["households_with_mentor"]

        months = (await client.get("/api/v1/stats/monthly", headers=auth)).json()["items"]
        active = [m for m in months if m["sessions"] > 0]
        assert 6 <= len(active) <= 8  # six months of visits (partial months at both ends)
        assert sum(m["graduations"] for m in months) == overview["by_status"]["monitoring"]
        assert sum(m["assessments"] for m in months) > HOUSEHOLDS  # baselines and follow-ups
        graduated = overview["by_status"]["monitoring"]  # they keep their mentor while monitored
        started = sum(m["assignments_started"] for m in months)
        assert started == overview["households_with_mentor"] + graduated

    async def test_the_coordinator_finds_work_in_kertapati(
        self, seeded: list[str], client: httpx.AsyncClient
    ) -> None:
        auth = await _as(client, "camat.kertapati@bina.demo")
        r = await client.get(
            "/api/v1/mentoring-sessions",
            params={"status": "submitted", "limit": 200},
            headers=auth,
        )
        assert r.status_code == 200, r.text
        assert r.json()["items"]
        assert {s["kecamatan_code"] for s in r.json()["items"]} == {"16.71.13"}

    async def test_the_seed_says_what_it_made(self, seeded: list[str]) -> None:
        summary = seeded[-1]
        for word in ("matching run", "sessions", "assessments", "graduated", "coverage"):
            assert word in summary
        assert "matching" in summary  # the time each part took
        assert "history" in summary


class TestTheRecordHoldsUp:
    async def test_graduations_were_verified_by_someone_else_and_left_a_trail(
        self, seeded: list[str], db: AsyncSession
    ) -> None:
        graduated = await _rows(
            db,
            "SELECT id, graduated_at, monitoring_until FROM households WHERE status = 'monitoring'",
        )
        assert graduated
        users = {r.id: r for r in await _rows(db, "SELECT id, role, mentor_id FROM users")}
        mentor_of = {
            r.household_id: r.mentor_id
            for r in await _rows(
                db, "SELECT household_id, mentor_id FROM assignments WHERE status = 'active'"
            )
        }
        trail: dict[Any, list[Any]] = defaultdict(list)
        for r in await _rows(
            db,
            "SELECT household_id, from_status, to_status, changed_by, actor_role, changed_at, "
            "reason FROM household_status_history ORDER BY changed_at, to_status",
        ):
            trail[r.household_id].append(r)
        latest = {
            r.household_id: r
            for r in await _rows(
                db,
                "SELECT household_id, ready, assessed_on, mentor_id FROM assessments"
                " ORDER BY assessed_on, created_at",
            )
        }
        for h in graduated:
            steps = [(c.from_status, c.to_status) for c in trail[h.id]]
            assert steps[0] == (None, "identified")
            assert steps[-4][1] == "assigned"
            assert steps[-3:] == [
                ("assigned", "mentoring"),
                ("mentoring", "graduated"),
                ("graduated", "monitoring"),
            ]
            graduation = trail[h.id][-2]
            verifier = users[graduation.changed_by]
            assert verifier.role in ("coordinator", "admin")
            assert verifier.mentor_id not in (mentor_of[h.id], latest[h.id].mentor_id)
            assert latest[h.id].ready
            assert _utc(h.graduated_at) == _utc(graduation.changed_at)
            assert str(h.monitoring_until) > AS_OF.isoformat()

    async def test_every_household_status_has_its_history(
        self, seeded: list[str], db: AsyncSession
    ) -> None:
        last: dict[Any, Any] = {}
        for r in await _rows(
            db,
            "SELECT household_id, to_status FROM household_status_history"
            " ORDER BY changed_at, to_status",
        ):
            last[r.household_id] = r.to_status
        households = await _rows(db, "SELECT id, status FROM households")
        assert len(households) == HOUSEHOLDS
        assert all(last[h.id] == h.status for h in households)

    async def test_the_statistics_rollups_equal_a_recount_and_keep_up(
        self, seeded: list[str], db: AsyncSession
    ) -> None:
        # The seed loads with the rollup triggers paused and rebuilds once: same result.
        await assert_rollups_exact(db)
        household = (await _rows(db, "SELECT id FROM households WHERE status = 'mentoring'"))[0]
        await db.execute(
            text("UPDATE households SET status = 'exited' WHERE id = :id"), {"id": household.id}
        )
        await db.commit()
        await assert_rollups_exact(db)  # and the triggers are back for the API's writes

    async def test_no_session_in_the_future_or_before_its_assignment(
        self, seeded: list[str], db: AsyncSession
    ) -> None:
        rows = await _rows(
            db,
            "SELECT s.occurred_at, s.created_at, s.reviewed_at, a.started_at, s.status"
            " FROM mentoring_sessions s JOIN assignments a ON a.id = s.assignment_id",
        )
        assert len(rows) > HOUSEHOLDS
        now = datetime.now(UTC)
        for r in rows:
            assert _utc(r.started_at) <= _utc(r.occurred_at) <= _utc(r.created_at) <= now
            if r.reviewed_at is not None:
                assert _utc(r.created_at) <= _utc(r.reviewed_at) <= now
        assert _utc(min(r.started_at for r in rows)) < now - timedelta(days=170)
        statuses = {r.status for r in rows}
        assert statuses == {"submitted", "verified", "rejected"}

    async def test_flagged_home_visits_really_are_far(
        self, seeded: list[str], db: AsyncSession, settings: Settings
    ) -> None:
        rows = await _rows(
            db,
            "SELECT s.kind, s.lat, s.lon, s.flagged, h.lat AS hlat, h.lon AS hlon"
            " FROM mentoring_sessions s JOIN households h ON h.id = s.household_id",
        )
        flagged = [r for r in rows if r.flagged]
        assert 0 < len(flagged) < 0.1 * len(rows)
        for r in rows:
            if r.lat is None:
                assert r.flagged == (r.kind == "home_visit")
                continue
            far = distance_km(r.lat, r.lon, r.hlat, r.hlon) > settings.home_visit_max_km
            assert r.flagged == (far and r.kind == "home_visit")

    async def test_action_items_fall_due_after_their_session(
        self, seeded: list[str], db: AsyncSession
    ) -> None:
        rows = await _rows(
            db,
            "SELECT a.due_date, a.status, s.occurred_at FROM action_items a"
            " JOIN mentoring_sessions s ON s.id = a.session_id",
        )
        assert {r.status for r in rows} == {"open", "done", "dropped"}
        for r in rows:
            due = r.due_date if isinstance(r.due_date, date) else date.fromisoformat(r.due_date)
            assert due > _utc(r.occurred_at).date()
        overdue = [r for r in rows if r.status == "open" and str(r.due_date) < AS_OF.isoformat()]
        assert overdue


class TestDeterminism:
    async def test_the_same_seed_makes_the_same_history_and_reset_replaces_it(
        self, seeded: list[str], settings: Settings, db: AsyncSession
    ) -> None:
        query = (
            "SELECT s.id, s.household_id, s.mentor_id, s.occurred_at, s.status,"
            " (SELECT count(*) FROM action_items a WHERE a.session_id = s.id)"
            " FROM mentoring_sessions s ORDER BY s.id"
        )
        before = await _rows(db, query)
        assessments = await _rows(db, "SELECT id, readiness_score FROM assessments ORDER BY id")
        graduated = await _rows(db, "SELECT id FROM households WHERE status = 'monitoring'")
        runs = await _rows(db, "SELECT id FROM matching_runs")
        printed = await _seed(settings, reset=True)
        assert "Demo city seeded in" in printed[-1]
        assert await _rows(db, query) == before
        assert await _rows(db, "SELECT id, readiness_score FROM assessments ORDER BY id") == (
            assessments
        )
        assert await _rows(db, "SELECT id FROM households WHERE status = 'monitoring'") == graduated
        after_runs = await _rows(db, "SELECT id FROM matching_runs")
        assert len(after_runs) == 1  # the old run went with its data
        assert after_runs != runs
        history = await _rows(db, "SELECT count(*) FROM household_status_history")
        assert history[0][0] < 8 * HOUSEHOLDS  # the old trail went too


class TestSeededVisitsAreRealRequests:
    async def test_a_phone_resending_a_seeded_visit_gets_the_same_session_back(
        self, seeded: list[str], client: httpx.AsyncClient
    ) -> None:
        """Each seeded session keeps the fingerprint of the request that would have made it:
        the same id and body again is answered 200 with that session, not 409."""
        admin = await _as(client, "admin@bina.demo")
        visits = (
            await client.get("/api/v1/mentoring-sessions", params={"limit": 5}, headers=admin)
        ).json()["items"]
        login = {
            "email": "replay@bina.demo",
            "name": "Mentor Replay",
            "role": "mentor",
            "password": accounts.DEMO_PASSWORD,
            "mentor_id": visits[0]["mentor_id"],
        }
        r = await client.post("/api/v1/users", json=login, headers=admin)
        assert r.status_code in (201, 409), r.text  # 409: the demo mentor has its login
        email = "replay@bina.demo" if r.status_code == 201 else accounts.MENTOR_EMAIL
        mentor = await _as(client, email)
        for visit in (v for v in visits if v["mentor_id"] == visits[0]["mentor_id"]):
            fields = ("id", "assignment_id", "occurred_at", "kind", "duration_minutes", "lat")
            fields += ("lon", "topics", "notes", "next_visit_on")
            body = {k: visit[k] for k in fields}
            body["actions"] = [
                {"title": a["title"], "due_date": a["due_date"]} for a in visit["actions"]
            ]
            r = await client.post("/api/v1/mentoring-sessions", json=body, headers=mentor)
            assert r.status_code == 200, r.text
            assert r.json()["id"] == visit["id"]
