"""GET /households/{id}/actions and PATCH /action-items/{id}: the next visit starts from what was
promised last time — open, done, overdue — across sessions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import ActionItem
from tests.assignments.factories import Callers
from tests.households.checks import locs, problem
from tests.mentoring_sessions.factories import Mentoring, mentoring, recorded

Headers = dict[str, str]


def _in(days: int) -> str:
    return str(datetime.now(UTC).date() + timedelta(days=days))


async def _promises(client: httpx.AsyncClient, db: AsyncSession, who: Callers) -> Mentoring:
    """Two sessions: a week ago (akta, due in 2 days; rekening, due in 20) and today (JKN, due in
    5). The akta was due yesterday by now: overdue."""
    m = await mentoring(client, db, who)
    week_ago = (datetime.now(UTC) - timedelta(days=7)).isoformat()
    await recorded(
        client,
        m,
        occurred_at=week_ago,
        next_visit_on=None,
        actions=[
            {"title": "Urus akta kelahiran", "due_date": _in(2)},
            {"title": "Buka rekening tabungan", "due_date": _in(20)},
        ],
    )
    await recorded(client, m, actions=[{"title": "Daftar JKN", "due_date": _in(5)}])
    # The akta's due date has passed.
    await db.execute(
        update(ActionItem)
        .where(ActionItem.title == "Urus akta kelahiran")
        .values(due_date=date.today() - timedelta(days=1))
    )
    await db.commit()
    return m


async def _titles(
    client: httpx.AsyncClient, m: Mentoring, headers: Headers, **params: Any
) -> list[str]:
    r = await client.get(f"{m.household.url}/actions", params=params, headers=headers)
    assert r.status_code == 200, r.text
    return [i["title"] for i in r.json()["items"]]


async def _item(client: httpx.AsyncClient, m: Mentoring, title: str) -> dict[str, Any]:
    r = await client.get(f"{m.household.url}/actions", headers=m.mentor_headers)
    item: dict[str, Any] = next(i for i in r.json()["items"] if i["title"] == title)
    return item


class TestListActions:
    async def test_the_mentor_sees_every_promise_earliest_due_first(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await _promises(client, db, who)
        assert await _titles(client, m, m.mentor_headers) == [
            "Urus akta kelahiran",
            "Daftar JKN",
            "Buka rekening tabungan",
        ]
        akta = await _item(client, m, "Urus akta kelahiran")
        assert (akta["status"], akta["overdue"]) == ("open", True)

    async def test_filter_open_done_overdue(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await _promises(client, db, who)
        jkn = await _item(client, m, "Daftar JKN")
        done = await client.patch(
            f"/api/v1/action-items/{jkn['id']}",
            json={"status": "done"},
            headers={**m.mentor_headers, "If-Match": '"1"'},
        )
        assert done.status_code == 200, done.text
        h = m.mentor_headers
        assert await _titles(client, m, h, status="overdue") == ["Urus akta kelahiran"]
        assert await _titles(client, m, h, status="done") == ["Daftar JKN"]
        assert await _titles(client, m, h, status="open") == [
            "Urus akta kelahiran",
            "Buka rekening tabungan",
        ]

    @pytest.mark.parametrize(("caller", "code"), [("camat", 200), ("admin", 200)])
    async def test_coordinators_and_admins_read_them(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, caller: str, code: int
    ) -> None:
        m = await _promises(client, db, who)
        assert len(await _titles(client, m, getattr(who, caller))) == 3

    @pytest.mark.parametrize(
        ("caller", "code"),
        [("camat_gandus", 404), ("agency_admin", 403), ("auditor", 403), (None, 401)],
    )
    async def test_others_may_not(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, caller: str, code: int
    ) -> None:
        m = await _promises(client, db, who)
        headers = getattr(who, caller) if caller else {}
        r = await client.get(f"{m.household.url}/actions", headers=headers)
        problem(r, code)
        assert "akta" not in r.text

    async def test_another_mentor_gets_404(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m, other = await _promises(client, db, who), await mentoring(client, db, who)
        problem(await client.get(f"{m.household.url}/actions", headers=other.mentor_headers), 404)

    async def test_an_unknown_status_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await mentoring(client, db, who)
        r = await client.get(
            f"{m.household.url}/actions", params={"status": "late"}, headers=who.admin
        )
        assert locs(r) == [["query", "status"]]


class TestUpdateAction:
    async def test_the_mentor_marks_it_done_and_can_reopen_it(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await _promises(client, db, who)
        akta = await _item(client, m, "Urus akta kelahiran")
        path = f"/api/v1/action-items/{akta['id']}"
        r = await client.patch(
            path, json={"status": "done"}, headers={**m.mentor_headers, "If-Match": '"1"'}
        )
        assert r.status_code == 200, r.text
        assert r.headers["etag"] == '"2"'
        body = r.json()
        assert (body["status"], body["overdue"]) == ("done", False)
        assert body["done_at"]
        reopened = await client.patch(
            path, json={"status": "open"}, headers={**m.mentor_headers, "If-Match": '"2"'}
        )
        assert (reopened.json()["status"], reopened.json()["done_at"]) == ("open", None)

    async def test_the_camat_marks_it_done_too(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await _promises(client, db, who)
        item = await _item(client, m, "Daftar JKN")
        r = await client.patch(
            f"/api/v1/action-items/{item['id']}",
            json={"status": "dropped"},
            headers={**who.camat, "If-Match": '"1"'},
        )
        assert r.json()["status"] == "dropped"

    async def test_if_match_is_required_and_checked(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await _promises(client, db, who)
        item = await _item(client, m, "Daftar JKN")
        path = f"/api/v1/action-items/{item['id']}"
        problem(await client.patch(path, json={"status": "done"}, headers=m.mentor_headers), 428)
        stale = {**m.mentor_headers, "If-Match": '"7"'}
        problem(await client.patch(path, json={"status": "done"}, headers=stale), 412)

    @pytest.mark.parametrize(
        ("caller", "code"),
        [("camat_gandus", 404), ("agency_admin", 403), ("auditor", 403), (None, 401)],
    )
    async def test_others_may_not(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, caller: str, code: int
    ) -> None:
        m = await _promises(client, db, who)
        item = await _item(client, m, "Daftar JKN")
        headers = {**(getattr(who, caller) if caller else {}), "If-Match": '"1"'}
        r = await client.patch(
            f"/api/v1/action-items/{item['id']}", json={"status": "done"}, headers=headers
        )
        problem(r, code)

    async def test_bad_changes_are_422_on_the_field(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers
    ) -> None:
        m = await _promises(client, db, who)
        item = await _item(client, m, "Daftar JKN")
        path = f"/api/v1/action-items/{item['id']}"
        headers = {**m.mentor_headers, "If-Match": '"1"'}
        for body, loc in [
            ({"status": "finished"}, ["body", "status"]),
            ({"status": None}, ["body", "status"]),
            ({"title": ""}, ["body", "title"]),
            ({"done_at": "2026-01-01T00:00:00Z"}, ["body", "done_at"]),
        ]:
            assert locs(await client.patch(path, json=body, headers=headers)) == [loc], body

    async def test_unknown_item_is_404(self, client: httpx.AsyncClient, who: Callers) -> None:
        r = await client.patch(
            "/api/v1/action-items/00000000-0000-4000-8000-000000000000",
            json={"status": "done"},
            headers={**who.admin, "If-Match": '"1"'},
        )
        problem(r, 404)
