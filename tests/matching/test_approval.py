"""The officer approves a run: its proposals become active assignments in one transaction; what
changed meanwhile is reported, never overwritten; or the officer discards the run."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Mentor
from tests.assignments.factories import assigned
from tests.matching.factories import (
    GANDUS_POINT,
    Callers,
    approve,
    discard,
    execute,
    household,
    mentor,
    proposals,
    solved,
    start,
    url,
)

ASSIGNMENTS = "/api/v1/assignments"


async def active_of(
    client: httpx.AsyncClient, admin: dict[str, str], household_id: str
) -> list[dict[str, Any]]:
    r = await client.get(
        ASSIGNMENTS, params={"household_id": household_id, "status": "active"}, headers=admin
    )
    assert r.status_code == 200
    items: list[dict[str, Any]] = r.json()["items"]
    return items


async def status_of(client: httpx.AsyncClient, admin: dict[str, str], household_id: str) -> str:
    r = await client.get(f"/api/v1/households/{household_id}", headers=admin)
    value: str = r.json()["status"]
    return value


class TestApprove:
    async def test_proposals_become_active_assignments(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        first = await household(client, who.admin)
        second = await household(client, who.admin)
        await mentor(db)
        await mentor(db)
        run = await solved(client, app, who.admin)

        r = await approve(client, who.admin, run)

        assert r.status_code == 200, r.text
        decided = r.json()
        assert decided["status"] == "approved"
        assert decided["decision"] == {"applied": 2, "kept": 0, "ended": 0, "conflicts": 0}
        assert decided["decided_at"] is not None
        for h in (first, second):
            [a] = await active_of(client, who.admin, h.id)
            assert (a["origin"], a["matching_run_id"]) == ("matching_run", run["id"])
            assert a["score"] > 0
            assert set(a["breakdown"]) >= {"competence", "proximity", "distance_km"}
            assert await status_of(client, who.admin, h.id) == "assigned"
        outcomes = {p["outcome"] for p in await proposals(client, who.admin, run["id"])}
        assert outcomes == {"applied"}
        events = await client.get(
            "/api/v1/audit-events",
            params={"action": "matching_run.approve", "object_id": run["id"]},
            headers=who.auditor,
        )
        assert len(events.json()["items"]) == 1

    async def test_approving_twice_or_an_unsolved_run_is_409(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        await household(client, who.admin)
        await mentor(db)
        run = await solved(client, app, who.admin)
        assert (await approve(client, who.admin, run)).status_code == 200
        r = await client.get(url(run["id"]), headers=who.admin)
        again = await approve(client, who.admin, r.json())
        assert again.status_code == 409
        assert "approved" in again.json()["detail"]
        queued = await start(client, who.admin)
        assert (await approve(client, who.admin, queued)).status_code == 409

    async def test_approval_needs_the_admin_and_the_version_reviewed(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        await household(client, who.admin)
        await mentor(db)
        run = await solved(client, app, who.admin)
        assert (await approve(client, who.camat, run)).status_code == 403
        assert (await client.post(url(run["id"], "approve"), headers=who.admin)).status_code == 428
        stale = await approve(client, who.admin, {**run, "version": run["version"] - 1})
        assert stale.status_code == 412
        assert (await client.get(url(run["id"]), headers=who.admin)).json()["status"] == "succeeded"

    async def test_a_household_assigned_by_hand_meanwhile_keeps_its_mentor(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        taken = await household(client, who.admin)
        free = await household(client, who.admin)
        await mentor(db)
        await mentor(db)
        run = await solved(client, app, who.admin)
        by_hand = await mentor(db)
        manual = await assigned(client, who.admin, taken.id, by_hand.id)

        r = await approve(client, who.admin, run)

        assert r.json()["decision"] == {"applied": 1, "kept": 0, "ended": 0, "conflicts": 1}
        [still] = await active_of(client, who.admin, taken.id)
        assert still["id"] == manual["id"]
        assert len(await active_of(client, who.admin, free.id)) == 1
        [conflict] = await proposals(client, who.admin, run["id"], outcome="conflict")
        assert conflict["household_id"] == taken.id
        assert conflict["conflict"] == "the household got another assignment meanwhile"

    async def test_a_mentor_gone_unavailable_or_full_meanwhile_is_not_given_more(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        a = await household(client, who.admin)
        b = await household(client, who.admin, GANDUS_POINT, gandus=True)
        near_a = await mentor(db)
        near_b = await mentor(db, GANDUS_POINT)
        run = await solved(client, app, who.admin)
        pairs = {
            p["household_id"]: p["mentor_id"] for p in await proposals(client, who.admin, run["id"])
        }
        assert pairs == {a.id: str(near_a.id), b.id: str(near_b.id)}
        await db.execute(update(Mentor).where(Mentor.id == near_a.id).values(available=False))
        await db.commit()
        other = await household(client, who.admin, GANDUS_POINT, gandus=True)
        await assigned(client, who.admin, other.id, near_b.id)  # near_b's one place is taken

        r = await approve(client, who.admin, run)

        assert r.json()["decision"]["conflicts"] == 2
        reasons = {
            p["household_id"]: p["conflict"] for p in await proposals(client, who.admin, run["id"])
        }
        assert reasons == {
            a.id: "the mentor is not available now (status active)",
            b.id: "the mentor has no room left now",
        }
        assert await active_of(client, who.admin, a.id) == []
        assert await active_of(client, who.admin, b.id) == []

    async def test_a_full_rematch_replaces_keeps_and_ends_pairs_as_it_said(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        moved = await household(client, who.admin)  # its mentor is 6 km away; a closer one appears
        settled = await household(client, who.admin, GANDUS_POINT, gandus=True, needs=["health"])
        far_mentor = await mentor(db, GANDUS_POINT)
        settled_mentor = await mentor(
            db, GANDUS_POINT, competencies=[{"code": "health", "level": 3}]
        )
        old = await assigned(client, who.admin, moved.id, far_mentor.id)
        kept = await assigned(client, who.admin, settled.id, settled_mentor.id)
        close = await mentor(db)

        run = await solved(
            client,
            app,
            who.admin,
            scope={"only_unassigned": False},
            weights={"continuity": 0},
        )
        assert run["statistics"]["changes"] == {"new": 0, "keep": 1, "replace": 1, "end": 0}
        changes = {
            p["household_id"]: p["change"] for p in await proposals(client, who.admin, run["id"])
        }
        assert changes == {moved.id: "replace", settled.id: "keep"}

        r = await approve(client, who.admin, run)

        assert r.json()["decision"] == {"applied": 1, "kept": 1, "ended": 1, "conflicts": 0}
        [now] = await active_of(client, who.admin, moved.id)
        assert now["mentor_id"] == str(close.id)
        ended = (await client.get(f"{ASSIGNMENTS}/{old['id']}", headers=who.admin)).json()
        assert ended["status"] == "ended"
        assert run["id"] in ended["end_reason"]
        [same] = await active_of(client, who.admin, settled.id)
        assert same["id"] == kept["id"]

    async def test_a_full_rematch_under_a_stricter_distance_ends_what_it_cannot_keep(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        far_mentor = await mentor(db, GANDUS_POINT)  # ~6 km
        await assigned(client, who.admin, h.id, far_mentor.id)

        run = await solved(
            client,
            app,
            who.admin,
            scope={"only_unassigned": False},
            constraints={"max_distance_km": 2},
        )
        assert run["statistics"]["changes"]["end"] == 1

        r = await approve(client, who.admin, run)

        assert r.json()["decision"] == {"applied": 0, "kept": 0, "ended": 1, "conflicts": 0}
        assert await active_of(client, who.admin, h.id) == []
        assert await status_of(client, who.admin, h.id) == "verified"

    async def test_a_failure_mid_approval_leaves_nothing_half_done(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        db: AsyncSession,
        who: Callers,
        backend: str,
    ) -> None:
        first = await household(client, who.admin)
        second = await household(client, who.admin)
        await mentor(db)
        await mentor(db)
        run = await solved(client, app, who.admin)
        # The database itself refuses the second household's assignment (a real failure in the
        # middle of the approval's writes, not a mock).
        victim = max(first.id, second.id)
        await _install_failing_trigger(db, backend, uuid.UUID(victim))
        try:
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as raw:
                r = await approve(raw, who.admin, run)
            assert r.status_code == 500
        finally:
            await _drop_failing_trigger(db, backend)

        for h in (first, second):
            assert await active_of(client, who.admin, h.id) == []
            assert await status_of(client, who.admin, h.id) == "identified"
        shown = (await client.get(url(run["id"]), headers=who.admin)).json()
        assert shown["status"] == "succeeded"
        assert {p["outcome"] for p in await proposals(client, who.admin, run["id"])} == {"pending"}
        assert (await approve(client, who.admin, shown)).status_code == 200


async def _install_failing_trigger(db: AsyncSession, backend: str, household_id: uuid.UUID) -> None:
    if backend == "sqlite":
        await db.execute(
            text(
                "CREATE TRIGGER fail_one BEFORE INSERT ON assignments "
                f"WHEN NEW.household_id = '{household_id.hex}' "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
            )
        )
    else:
        await db.execute(
            text(
                "CREATE FUNCTION fail_one() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.household_id = '{household_id}' THEN "
                "RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            )
        )
        await db.execute(
            text(
                "CREATE TRIGGER fail_one BEFORE INSERT ON assignments "
                "FOR EACH ROW EXECUTE FUNCTION fail_one()"
            )
        )
    await db.commit()


async def _drop_failing_trigger(db: AsyncSession, backend: str) -> None:
    if backend == "sqlite":
        await db.execute(text("DROP TRIGGER IF EXISTS fail_one"))
    else:
        await db.execute(text("DROP TRIGGER IF EXISTS fail_one ON assignments"))
        await db.execute(text("DROP FUNCTION IF EXISTS fail_one()"))
    await db.commit()


class TestDiscard:
    async def test_discarded_proposals_can_no_longer_be_approved(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        h = await household(client, who.admin)
        await mentor(db)
        run = await solved(client, app, who.admin)

        r = await discard(client, who.admin, run)

        assert r.status_code == 200
        assert r.json()["status"] == "discarded"
        assert {p["outcome"] for p in await proposals(client, who.admin, run["id"])} == {
            "discarded"
        }
        assert (await approve(client, who.admin, r.json())).status_code == 409
        assert await active_of(client, who.admin, h.id) == []
        assert (await discard(client, who.admin, r.json())).status_code == 409

    async def test_a_queued_run_discarded_is_never_solved(
        self, client: httpx.AsyncClient, app: FastAPI, db: AsyncSession, who: Callers
    ) -> None:
        await household(client, who.admin)
        await mentor(db)
        run = await start(client, who.admin)
        assert (await discard(client, who.admin, run)).status_code == 200

        await execute(app)

        shown = (await client.get(url(run["id"]), headers=who.admin)).json()
        assert shown["status"] == "discarded"
        assert shown["statistics"] is None

    @pytest.mark.parametrize("role", ["camat", "agency_admin", "auditor"])
    async def test_only_the_admin_discards(
        self, client: httpx.AsyncClient, who: Callers, role: str
    ) -> None:
        run = await start(client, who.admin)
        assert (await discard(client, getattr(who, role), run)).status_code == 403
