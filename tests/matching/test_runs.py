"""A program officer starts a matching run, a worker solves it, the officer reads the statistics,
the proposals with their score explained, and the households that could not be matched."""

from __future__ import annotations

import math

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from tests.matching.factories import (
    BASE,
    FAR_POINT,
    GANDUS_POINT,
    Callers,
    approve,
    execute,
    household,
    mentor,
    proposals,
    solved,
    start,
    unmatched,
    url,
)


class TestStartRun:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert (await client.post(BASE, json={})).status_code == 401

    @pytest.mark.parametrize("role", ["camat", "agency_admin", "auditor", "mentor"])
    async def test_only_the_program_office_starts_runs(
        self, client: httpx.AsyncClient, who: Callers, role: str
    ) -> None:
        r = await client.post(BASE, json={}, headers=getattr(who, role))
        assert r.status_code == 403
        assert r.headers["content-type"] == "application/problem+json"

    async def test_admin_queues_a_run_with_the_defaults(
        self, client: httpx.AsyncClient, who: Callers
    ) -> None:
        r = await client.post(BASE, json={}, headers=who.admin)
        assert r.status_code == 202, r.text
        run = r.json()
        assert r.headers["location"] == f"/api/v1/matching-runs/{run['id']}"
        assert run["status"] == "queued"
        assert run["scope"] == {"kecamatan_codes": None, "only_unassigned": True}
        assert run["weights"] == {
            "competence": 0.5,
            "proximity": 0.3,
            "agency": 0.1,
            "continuity": 0.1,
        }
        assert run["constraints"]["max_distance_km"] == 10.0
        assert run["statistics"] is None
        assert run["certificate"] is None
        shown = await client.get(url(run["id"]), headers=who.auditor)
        assert shown.status_code == 200
        assert shown.json()["status"] == "queued"

    @pytest.mark.parametrize(
        ("body", "loc"),
        [
            (
                {"weights": {"competence": 0, "proximity": 0, "agency": 0, "continuity": 0}},
                ["body", "weights"],
            ),
            ({"weights": {"competence": -1}}, ["body", "weights", "competence"]),
            ({"constraints": {"max_distance_km": 0}}, ["body", "constraints", "max_distance_km"]),
            (
                {"constraints": {"capacity_override": 4}},
                ["body", "constraints", "capacity_override"],
            ),
            (
                {"scope": {"kecamatan_codes": ["Kertapati"]}},
                ["body", "scope", "kecamatan_codes", 0],
            ),
            ({"scope": {"everyone": True}}, ["body", "scope", "everyone"]),
        ],
    )
    async def test_bad_requests_say_what_and_where(
        self, client: httpx.AsyncClient, who: Callers, body: dict[str, object], loc: list[object]
    ) -> None:
        r = await client.post(BASE, json=body, headers=who.admin)
        assert r.status_code == 422
        assert loc in [e["loc"] for e in r.json()["errors"]], r.json()["errors"]


class TestSolvedRun:
    async def test_every_household_gets_the_best_mentor_within_reach(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        needs_health = await household(client, who.admin, needs=["health"])
        needs_papers = await household(client, who.admin, needs=["adminduk"])
        nurse = await mentor(db, competencies=[{"code": "health", "level": 3}])
        clerk = await mentor(db, competencies=[{"code": "adminduk", "level": 3}])

        run = await solved(client, app, who.admin)

        pairs = {
            p["household_id"]: p["mentor_id"] for p in await proposals(client, who.admin, run["id"])
        }
        assert pairs == {needs_health.id: str(nurse.id), needs_papers.id: str(clerk.id)}
        stats = run["statistics"]
        assert (stats["households"], stats["mentors"], stats["matched"], stats["unmatched"]) == (
            2,
            2,
            2,
            0,
        )
        assert stats["need_coverage"] == 1.0
        assert stats["changes"] == {"new": 2, "keep": 0, "replace": 0, "end": 0}
        assert run["certificate"]["holds"] is True
        assert run["certificate"]["primal_units"] == run["certificate"]["dual_units"]
        assert run["objective"] >= run["greedy_objective"] > 0
        assert run["solve_seconds"] is not None
        assert run["finished_at"] is not None

    async def test_a_proposal_explains_its_score(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        await household(client, who.admin, needs=["adminduk", "health"])
        await mentor(db, competencies=[{"code": "adminduk", "level": 3}], agency_code="DINKES")

        run = await solved(client, app, who.admin)

        [p] = await proposals(client, who.admin, run["id"])
        parts = p["parts"]
        assert parts["competence"] == pytest.approx(0.5)  # level 3 of 3 on one need of two
        assert parts["proximity"] == pytest.approx(1.0, abs=1e-3)  # same spot
        assert parts["continuity"] == 0.0
        assert p["score"] == pytest.approx(sum(parts["weighted"].values()), abs=1e-5)
        assert parts["weighted"]["competence"] == pytest.approx(0.5 * 0.5)
        assert p["needs_covered"] == ["adminduk"]
        assert p["household_needs"] == ["adminduk", "health"]
        assert p["distance_km"] == pytest.approx(0.0, abs=0.01)
        assert (p["agency_code"], p["change"], p["outcome"]) == ("DINKES", "new", "pending")
        assert p["mentor_name"].startswith("Mentor Uji")

    async def test_hard_constraints_are_never_broken_and_the_unmatched_say_why(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        near = await household(client, who.admin)
        far = await household(client, who.admin, FAR_POINT)
        gandus = await household(client, who.admin, GANDUS_POINT, gandus=True)
        await mentor(db, capacity=3)  # Kertapati: could take all three by capacity
        await mentor(db, available=False)
        await mentor(db, status="on_leave")

        run = await solved(
            client,
            app,
            who.admin,
            constraints={"max_distance_km": 15, "same_kecamatan": True},
        )

        pairs = await proposals(client, who.admin, run["id"])
        assert [p["household_id"] for p in pairs] == [near.id]
        reasons = {
            u["household_id"]: u["reason"] for u in await unmatched(client, who.admin, run["id"])
        }
        assert reasons == {
            far.id: "no_available_mentor_within_max_distance",
            gandus.id: "no_available_mentor_in_kecamatan",
        }
        stats = run["statistics"]
        assert stats["mentors"] == 1  # the unavailable and the one on leave are not candidates
        assert stats["unmatched_by_reason"] == {
            "no_available_mentor_in_kecamatan": 1,
            "no_available_mentor_within_max_distance": 1,
        }

    async def test_capacity_is_respected_and_the_override_only_lowers_it(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        for _ in range(3):
            await household(client, who.admin)
        big = await mentor(db, capacity=2)

        run = await solved(client, app, who.admin)
        taken = [
            p
            for p in await proposals(client, who.admin, run["id"])
            if p["mentor_id"] == str(big.id)
        ]
        assert len(taken) == 2
        assert run["statistics"]["unmatched_by_reason"] == {"all_candidates_taken": 1}

        capped = await solved(client, app, who.admin, constraints={"capacity_override": 1})
        assert capped["statistics"]["matched"] == 1

    async def test_a_household_without_coordinates_is_placed_at_its_kecamatan(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        await household(client, who.admin, lat=None, lon=None)
        await mentor(db)

        run = await solved(client, app, who.admin)

        assert run["statistics"]["approximate_locations"] == 1
        assert run["statistics"]["matched"] == 1

    async def test_a_kecamatan_scope_leaves_the_rest_of_the_city_alone(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        kertapati = await household(client, who.admin)
        await household(client, who.admin, GANDUS_POINT, gandus=True)
        await mentor(db)
        await mentor(db, GANDUS_POINT)

        run = await solved(client, app, who.admin, scope={"kecamatan_codes": ["16.71.13"]})

        assert [p["household_id"] for p in await proposals(client, who.admin, run["id"])] == [
            kertapati.id
        ]
        assert run["statistics"]["households"] == 1

    async def test_statistics_compare_agencies_with_their_share_of_mentors(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        for _ in range(2):
            await household(client, who.admin)
        await mentor(db, agency_code="DINSOS")
        await mentor(db, agency_code="DINKES")
        await mentor(db, agency_code="DINKES")

        run = await solved(client, app, who.admin)

        loads = {a["agency_code"]: a for a in run["statistics"]["agencies"]}
        assert loads["DINKES"]["mentors"] == 2
        assert loads["DINKES"]["mentor_share"] == pytest.approx(2 / 3, abs=1e-5)
        assert sum(a["proposals"] for a in loads.values()) == 2
        assert math.isclose(sum(a["proposal_share"] for a in loads.values()), 1.0)

    async def test_only_unassigned_households_are_matched_by_default(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        first = await household(client, who.admin)
        await mentor(db)
        run = await solved(client, app, who.admin)
        assert (await approve(client, who.admin, run)).status_code == 200
        second = await household(client, who.admin)
        await mentor(db)

        again = await solved(client, app, who.admin)

        assert [p["household_id"] for p in await proposals(client, who.admin, again["id"])] == [
            second.id
        ]
        # the first household's pair is not even considered: it is not in the run at all
        assert again["statistics"]["households"] == 1
        assert again["statistics"]["changes"] == {"new": 1, "keep": 0, "replace": 0, "end": 0}
        assert first.id not in {
            u["household_id"] for u in await unmatched(client, who.admin, again["id"])
        }


class TestReadingRuns:
    async def test_list_runs_newest_first_and_filter_by_status(
        self, client: httpx.AsyncClient, app: FastAPI, who: Callers
    ) -> None:
        older = await start(client, who.admin)
        await execute(app)
        newer = await start(client, who.admin)

        r = await client.get(BASE, headers=who.camat)
        assert r.status_code == 200
        assert [x["id"] for x in r.json()["items"]] == [newer["id"], older["id"]]
        r = await client.get(BASE, params={"status": "queued"}, headers=who.admin)
        assert [x["id"] for x in r.json()["items"]] == [newer["id"]]

    async def test_mentors_do_not_see_runs(self, client: httpx.AsyncClient, who: Callers) -> None:
        run = await start(client, who.admin)
        assert (await client.get(BASE, headers=who.mentor)).status_code == 403
        assert (await client.get(url(run["id"]), headers=who.mentor)).status_code == 403

    async def test_unknown_run_is_404(self, client: httpx.AsyncClient, who: Callers) -> None:
        missing = "0b7d0c4e-8d56-4c55-9a53-0f1d0e9f4a11"
        assert (await client.get(url(missing), headers=who.admin)).status_code == 404
        r = await client.get(url(missing, "proposals"), headers=who.admin)
        assert r.status_code == 404


class TestProposalScope:
    async def test_each_role_sees_its_own_part(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        kertapati = await household(client, who.admin)
        gandus = await household(client, who.admin, GANDUS_POINT, gandus=True)
        dinsos = await mentor(db, agency_code="DINSOS")
        await mentor(db, GANDUS_POINT, agency_code="DINKES")
        run = await solved(client, app, who.admin)

        everything = await proposals(client, who.admin, run["id"])
        assert {p["household_id"] for p in everything} == {kertapati.id, gandus.id}
        camat = await proposals(client, who.camat, run["id"])
        assert [p["household_id"] for p in camat] == [kertapati.id]
        agency = await proposals(client, who.agency_admin, run["id"])
        assert [p["mentor_id"] for p in agency] == [str(dinsos.id)]
        for role in ("auditor", "mentor"):
            r = await client.get(url(run["id"], "proposals"), headers=getattr(who, role))
            assert r.status_code == 403

    async def test_proposals_page_by_score_and_filter(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        for _ in range(3):
            await household(client, who.admin)
        for _ in range(3):
            await mentor(db)
        run = await solved(client, app, who.admin)

        r = await client.get(url(run["id"], "proposals"), params={"limit": 2}, headers=who.admin)
        first = r.json()
        assert len(first["items"]) == 2
        assert first["next_cursor"]
        r = await client.get(
            url(run["id"], "proposals"),
            params={"limit": 2, "cursor": first["next_cursor"]},
            headers=who.admin,
        )
        rest = r.json()["items"]
        scores = [p["score"] for p in first["items"] + rest]
        assert len(scores) == 3
        assert scores == sorted(scores, reverse=True)
        r = await client.get(
            url(run["id"], "proposals"), params={"kecamatan": "16.71.12"}, headers=who.admin
        )
        assert r.json()["items"] == []
