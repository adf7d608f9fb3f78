"""GET /assignments and /assignments/{id}: each role sees the assignments in its scope."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests import factories
from tests.assignments.factories import BASE, Callers, assigned, household, mentor, url


async def _arrange(client: httpx.AsyncClient, db: AsyncSession, who: Callers) -> dict[str, Any]:
    """Two assignments: Kertapati household + DINSOS mentor; Gandus household + DINKES mentor."""
    h1 = await household(client, who.admin)
    h2 = await household(client, who.admin, gandus=True)
    dinsos = await mentor(db, agency_code="DINSOS")
    dinkes = await mentor(db, agency_code="DINKES")
    a1 = await assigned(client, who.admin, h1.id, dinsos.id)
    a2 = await assigned(client, who.admin, h2.id, dinkes.id)
    return {"h1": h1, "h2": h2, "dinsos": dinsos, "dinkes": dinkes, "a1": a1, "a2": a2}


async def _ids(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> set[str]:
    r = await client.get(BASE, params=params, headers=headers)
    assert r.status_code == 200, r.text
    return {i["id"] for i in r.json()["items"]}


class TestListAssignments:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert (await client.get(BASE)).status_code == 401

    async def test_each_role_sees_its_scope(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        x = await _arrange(client, db, who)
        both = {x["a1"]["id"], x["a2"]["id"]}
        assert await _ids(client, who.admin) == both
        assert await _ids(client, who.auditor) == both
        assert await _ids(client, who.camat) == {x["a1"]["id"]}
        assert await _ids(client, who.camat_gandus) == {x["a2"]["id"]}
        assert await _ids(client, who.agency_admin) == {x["a1"]["id"]}
        assert await _ids(client, who.other_agency_admin) == {x["a2"]["id"]}
        own = await factories.headers_for(db, "mentor", mentor_id=x["dinkes"].id)
        assert await _ids(client, own) == {x["a2"]["id"]}
        unlinked = await factories.headers_for(db, "mentor")
        assert await _ids(client, unlinked) == set()

    async def test_filters(self, client: httpx.AsyncClient, db: AsyncSession, who: Callers) -> None:
        x = await _arrange(client, db, who)
        a1, a2 = x["a1"]["id"], x["a2"]["id"]
        assert await _ids(client, who.admin, mentor_id=str(x["dinsos"].id)) == {a1}
        assert await _ids(client, who.admin, household_id=x["h2"].id) == {a2}
        assert await _ids(client, who.admin, kecamatan="16.71.12") == {a2}
        assert await _ids(client, who.admin, agency="DINSOS") == {a1}
        assert await _ids(client, who.admin, status="active") == {a1, a2}
        assert await _ids(client, who.admin, status="ended") == set()
        assert await _ids(client, who.admin, origin="manual") == {a1, a2}
        assert await _ids(client, who.admin, origin="matching_run") == set()
        bad = await client.get(BASE, params={"status": "done"}, headers=who.admin)
        assert bad.status_code == 422

    async def test_keyset_pages_with_total(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentor(db, capacity=3)
        made = [
            (await assigned(client, who.admin, (await household(client, who.admin)).id, m.id))["id"]
            for _ in range(3)
        ]
        first = await client.get(
            BASE, params={"limit": 2, "include_total": "true"}, headers=who.admin
        )
        body = first.json()
        assert body["total"] == 3
        assert len(body["items"]) == 2
        assert body["next_cursor"]
        second = await client.get(
            BASE, params={"limit": 2, "cursor": body["next_cursor"]}, headers=who.admin
        )
        rest = second.json()
        assert rest["next_cursor"] is None
        seen = [i["id"] for i in body["items"] + rest["items"]]
        assert seen == list(reversed(made))
        forged = await client.get(BASE, params={"cursor": "abc.def"}, headers=who.admin)
        assert forged.status_code == 400


class TestReadAssignment:
    @pytest.mark.parametrize(
        ("caller", "code"),
        [
            ("admin", 200),
            ("auditor", 200),
            ("camat", 200),
            ("camat_gandus", 404),
            ("agency_admin", 200),
            ("other_agency_admin", 404),
        ],
    )
    async def test_scope(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, caller: str, code: int
    ) -> None:
        x = await _arrange(client, db, who)
        r = await client.get(url(x["a1"]["id"]), headers=getattr(who, caller))
        assert r.status_code == code
        if code == 200:
            assert r.headers["etag"] == '"1"'
            assert r.json()["household_id"] == x["h1"].id

    async def test_a_mentor_reads_its_own_only(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        x = await _arrange(client, db, who)
        own = await factories.headers_for(db, "mentor", mentor_id=x["dinsos"].id)
        assert (await client.get(url(x["a1"]["id"]), headers=own)).status_code == 200
        assert (await client.get(url(x["a2"]["id"]), headers=own)).status_code == 404

    async def test_unknown_id_is_404(self, client: httpx.AsyncClient, who: Callers) -> None:
        r = await client.get(url("00000000-0000-4000-8000-000000000000"), headers=who.admin)
        assert r.status_code == 404
