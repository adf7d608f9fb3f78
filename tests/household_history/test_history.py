"""GET /households/{id}/history: every status change of a household — registration, hand edits,
assignments starting and ending, the first session — with who, when and why."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.assignments.factories import Callers, household, url
from tests.households.checks import problem
from tests.mentoring_sessions.factories import mentoring, recorded


async def _history(
    client: httpx.AsyncClient, household_url: str, headers: dict[str, str], **params: Any
) -> list[dict[str, Any]]:
    r = await client.get(f"{household_url}/history", params=params, headers=headers)
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


class TestHouseholdHistory:
    async def test_a_households_whole_story_oldest_first(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        await recorded(client, m)
        end = await client.post(
            url(m.assignment_id, "end"),
            json={"reason": "Mentor mutasi ke Lubuklinggau"},
            headers={**who.admin, "If-Match": "*"},
        )
        assert end.status_code == 200
        fresh = await client.get(m.household.url, headers=who.admin)
        moved = await client.patch(
            m.household.url,
            json={"status": "moved", "status_reason": "Pindah ke Banyuasin"},
            headers={**who.camat, "If-Match": fresh.headers["etag"]},
        )
        assert moved.status_code == 200, moved.text
        story = await _history(client, m.household.url, who.camat, sort="changed_at")
        assert [(c["from_status"], c["to_status"]) for c in story] == [
            (None, "identified"),
            ("identified", "assigned"),
            ("assigned", "mentoring"),
            ("mentoring", "verified"),
            ("verified", "moved"),
        ]
        assert story[0]["reason"] == "registered"
        assert "Lubuklinggau" in story[3]["reason"]
        assert story[4]["reason"] == "Pindah ke Banyuasin"
        assert story[4]["actor_role"] == "coordinator"
        assert story[2]["actor_role"] == "mentor"
        assert all(c["changed_by"] for c in story)

    async def test_newest_first_by_default_and_paged(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        r = await client.get(
            f"{m.household.url}/history",
            params={"limit": 1, "include_total": "true"},
            headers=who.admin,
        )
        body = r.json()
        assert body["total"] == 2
        assert body["items"][0]["to_status"] == "assigned"
        rest = await client.get(
            f"{m.household.url}/history", params={"cursor": body["next_cursor"]}, headers=who.admin
        )
        assert [c["to_status"] for c in rest.json()["items"]] == ["identified"]

    @pytest.mark.parametrize(
        ("caller", "code"),
        [
            (None, 401),
            ("agency_admin", 403),
            ("camat_gandus", 404),
            ("auditor", 200),
            ("camat", 200),
        ],
    )
    async def test_scope_is_the_households(
        self, client: httpx.AsyncClient, who: Callers, caller: str | None, code: int
    ) -> None:
        h = await household(client, who.admin)
        r = await client.get(f"{h.url}/history", headers=getattr(who, caller) if caller else {})
        if code == 200:
            assert r.status_code == 200
        else:
            problem(r, code)

    async def test_a_mentor_sees_its_households_history_only(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        other = await household(client, who.admin)
        assert len(await _history(client, m.household.url, m.mentor_headers)) == 2
        problem(await client.get(f"{other.url}/history", headers=m.mentor_headers), 404)
        unlinked = await factories.headers_for(db, "mentor")
        problem(await client.get(f"{other.url}/history", headers=unlinked), 404)
