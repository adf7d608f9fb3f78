"""The dashboard's numbers: a small city is built through the API, and every statistic is checked
against what the test counts itself from what it made; each role sees its own scope."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.mentoring_sessions.factories import recently, recorded
from tests.stats.factories import City

BASE = "/api/v1/stats"
WIB = ZoneInfo("Asia/Jakarta")


async def stats(
    client: httpx.AsyncClient, headers: dict[str, str], path: str, **params: str
) -> dict:  # type: ignore[type-arg]
    r = await client.get(f"{BASE}/{path}", params=params, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


class TestOverview:
    async def test_the_whole_city_as_the_program_office_sees_it(
        self, client: httpx.AsyncClient, city: City
    ) -> None:
        o = await stats(client, city.who.admin, "overview")

        assert (o["households"], o["households_open"], o["households_with_mentor"]) == (4, 4, 3)
        assert o["coverage"] == 0.75
        # a first visit turns `assigned` into `mentoring`
        assert o["by_status"]["mentoring"] == 2
        assert o["by_status"]["assigned"] == 1
        assert o["by_status"]["identified"] == 1
        assert (o["mentors"], o["mentors_with_household"]) == (4, 3)
        assert o["participation"] == 0.75
        assert o["sessions_last_30_days"] == 2  # the visit 40 days ago is older
        assert o["sessions_per_household_30_days"] == pytest.approx(2 / 3, abs=1e-6)
        assert o["households_not_visited_30_days"] == 2  # neglected and lapsed
        assert o["households_not_visited_60_days"] == 1  # neglected only
        assert o["sessions_flagged_pending"] == 1  # the far-away home visit
        funnel = {s["stage"]: s["households"] for s in o["graduation_funnel"]}
        assert (funnel["identified"], funnel["verified"], funnel["assigned"]) == (4, 3, 3)
        assert funnel["mentoring"] == 2
        assert funnel["graduated"] == 0

    async def test_a_rejected_visit_is_no_visit(
        self, client: httpx.AsyncClient, city: City
    ) -> None:
        """The lapsed mentor reports a visit yesterday that the coordinator rejects: the
        household still counts as not visited in 30 days, and the visit is not counted."""
        visit = await recorded(client, city.lapsed, occurred_at=recently(24))
        r = await client.post(
            f"/api/v1/mentoring-sessions/{visit['id']}/reject",
            json={"reason": "Foto dan lokasi tidak sesuai."},
            headers={**city.who.admin, "If-Match": '"1"'},
        )
        assert r.status_code == 200, r.text

        o = await stats(client, city.who.admin, "overview")
        assert o["sessions_last_30_days"] == 2
        assert o["households_not_visited_30_days"] == 2  # neglected and lapsed, still
        assert o["households_not_visited_60_days"] == 1

    async def test_a_camat_sees_its_kecamatan(self, client: httpx.AsyncClient, city: City) -> None:
        o = await stats(client, city.who.camat, "overview")

        assert o["scope"]["region_code"] == "16.71.13"
        assert (o["households"], o["households_with_mentor"]) == (3, 2)
        assert o["sessions_last_30_days"] == 2
        assert (o["households_not_visited_30_days"], o["households_not_visited_60_days"]) == (1, 1)
        assert o["mentors"] == 3  # the Gandus mentor lives outside Kertapati

    async def test_an_agency_admin_sees_its_agency(
        self, client: httpx.AsyncClient, city: City
    ) -> None:
        o = await stats(client, city.who.agency_admin, "overview")  # DINSOS

        assert o["scope"]["agency_code"] == "DINSOS"
        assert (o["households"], o["households_with_mentor"]) == (2, 2)
        assert (o["mentors"], o["mentors_with_household"]) == (2, 2)
        assert o["sessions_last_30_days"] == 2
        assert o["households_not_visited_30_days"] == 1

    async def test_filters_narrow_the_admin_view(
        self, client: httpx.AsyncClient, city: City
    ) -> None:
        o = await stats(client, city.who.admin, "overview", kecamatan="16.71.12")
        assert (o["households"], o["households_with_mentor"], o["sessions_last_30_days"]) == (
            1,
            1,
            0,
        )
        o = await stats(client, city.who.admin, "overview", agency="DINKES")
        assert (o["households"], o["mentors"], o["mentors_with_household"]) == (1, 2, 1)

    async def test_an_auditor_sees_aggregates_and_a_mentor_none(
        self, client: httpx.AsyncClient, city: City
    ) -> None:
        assert (await stats(client, city.who.auditor, "overview"))["households"] == 4
        for path in ("overview", "kecamatan", "agencies", "monthly"):
            r = await client.get(f"{BASE}/{path}", headers=city.visited.mentor_headers)
            assert r.status_code == 403
            assert (await client.get(f"{BASE}/{path}")).status_code == 401

    async def test_asking_beyond_your_scope_is_403(
        self, client: httpx.AsyncClient, city: City
    ) -> None:
        r = await client.get(
            f"{BASE}/overview", params={"kecamatan": "16.71.12"}, headers=city.who.camat
        )
        assert r.status_code == 403
        r = await client.get(
            f"{BASE}/overview", params={"agency": "DINKES"}, headers=city.who.agency_admin
        )
        assert r.status_code == 403
        r = await client.get(
            f"{BASE}/overview", params={"kecamatan": "Kertapati"}, headers=city.who.admin
        )
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["query", "kecamatan"]


class TestBreakdowns:
    async def test_per_kecamatan_rows_add_up_and_carry_map_points(
        self, client: httpx.AsyncClient, city: City
    ) -> None:
        rows = {
            r["kecamatan_code"]: r
            for r in (await stats(client, city.who.admin, "kecamatan"))["items"]
        }

        assert len(rows) == 18
        kertapati, gandus = rows["16.71.13"], rows["16.71.12"]
        assert (kertapati["households"], kertapati["households_with_mentor"]) == (3, 2)
        assert kertapati["sessions_last_30_days"] == 2
        assert (gandus["households"], gandus["households_not_visited_30_days"]) == (1, 1)
        assert kertapati["lat"] is not None
        assert kertapati["name"] == "Kertapati"
        assert sum(r["households"] for r in rows.values()) == 4
        camat = (await stats(client, city.who.camat, "kecamatan"))["items"]
        assert [r["kecamatan_code"] for r in camat] == ["16.71.13"]

    async def test_per_agency_participation(self, client: httpx.AsyncClient, city: City) -> None:
        rows = {
            r["agency_code"]: r for r in (await stats(client, city.who.admin, "agencies"))["items"]
        }

        assert set(rows) == {"DINSOS", "DINKES"}
        assert (rows["DINSOS"]["mentors"], rows["DINSOS"]["mentors_with_household"]) == (2, 2)
        assert rows["DINSOS"]["households_mentored"] == 2
        assert rows["DINSOS"]["sessions_last_30_days"] == 2
        assert (rows["DINKES"]["mentors"], rows["DINKES"]["participation"]) == (2, 0.5)
        assert rows["DINKES"]["sessions_last_30_days"] == 0

    async def test_an_agency_admin_sees_its_agency_row_only(
        self, client: httpx.AsyncClient, city: City
    ) -> None:
        rows = (await stats(client, city.who.agency_admin, "agencies"))["items"]  # DINSOS

        assert [r["agency_code"] for r in rows] == ["DINSOS"]
        assert (rows[0]["mentors"], rows[0]["households_mentored"]) == (2, 2)
        assert rows[0]["sessions_last_30_days"] == 2
        for path in ("kecamatan", "monthly"):
            assert (await stats(client, city.who.agency_admin, path))["scope"]["agency_code"] == (
                "DINSOS"
            )
        coordinator = (await stats(client, city.who.camat, "agencies"))["items"]
        assert sum(r["sessions_last_30_days"] for r in coordinator) == 2  # Kertapati's visits

    async def test_monthly_series_in_city_time(self, client: httpx.AsyncClient, city: City) -> None:
        series = await stats(client, city.who.admin, "monthly", months="4")

        assert series["time_zone"] == "Asia/Jakarta"
        months = [m["month"] for m in series["items"]]
        assert len(months) == 4
        assert months[-1] == datetime.now(WIB).strftime("%Y-%m")
        expected_sessions: dict[str, int] = {}
        for when in city.visits:
            key = when.astimezone(WIB).strftime("%Y-%m")
            expected_sessions[key] = expected_sessions.get(key, 0) + 1
        expected_starts: dict[str, int] = {}
        for when in city.starts:
            key = when.astimezone(WIB).strftime("%Y-%m")
            expected_starts[key] = expected_starts.get(key, 0) + 1
        for m in series["items"]:
            assert m["sessions"] == expected_sessions.get(m["month"], 0), m
            assert m["assignments_started"] == expected_starts.get(m["month"], 0), m
        assert sum(m["households_visited"] for m in series["items"]) >= 2

    async def test_months_are_bounded(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        admin = await factories.headers_for(db, "admin")
        r = await client.get(f"{BASE}/monthly", params={"months": 37}, headers=admin)
        assert r.status_code == 422
