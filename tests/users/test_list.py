"""GET /users: accounts in the caller's scope, filtered, sorted, in stable keyset pages."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import User
from tests import factories
from tests.users.factories import mentor

URL = "/api/v1/users"
OTHER_ROLES = ("coordinator", "mentor", "auditor")


async def _emails(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> list[str]:
    r = await client.get(URL, params=params, headers=headers)
    assert r.status_code == 200, r.text
    return [u["email"] for u in r.json()["items"]]


async def _mentor_account(db: AsyncSession, agency_code: str, email: str) -> User:
    m = await mentor(db, agency_code=agency_code)
    return await factories.user(db, role="mentor", mentor_id=m.id, email=email)


class TestListUsersAccess:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert (await client.get(URL)).status_code == 401

    async def test_other_roles_are_403(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        for role in OTHER_ROLES:
            with subtests.test(role=role):
                r = await client.get(URL, headers=await factories.headers_for(db, role))
                assert r.status_code == 403


class TestAdminListsUsers:
    async def test_lists_every_account_by_email(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = await factories.user(db, email="admin@uji.go.id")
        await factories.user(db, role="coordinator", email="camat@uji.go.id")
        await _mentor_account(db, "DINKES", "bidan@uji.go.id")
        r = await client.get(URL, headers=factories.bearer(admin))
        assert r.status_code == 200
        body = r.json()
        assert [u["email"] for u in body["items"]] == [
            "admin@uji.go.id",
            "bidan@uji.go.id",
            "camat@uji.go.id",
        ]
        assert body["next_cursor"] is None
        assert body["total"] is None
        assert "password" not in r.text

    async def test_filters(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        admin = factories.bearer(await factories.user(db, email="admin@uji.go.id"))
        await factories.user(
            db, role="coordinator", email="camat@uji.go.id", region_code="16.71.01"
        )
        await factories.user(db, role="coordinator", email="lurah@uji.go.id", active=False)
        await factories.user(
            db, role="agency_admin", email="dinkes@uji.go.id", agency_code="DINKES"
        )
        await _mentor_account(db, "DINKES", "bidan@uji.go.id")
        await _mentor_account(db, "DISDIK", "guru@uji.go.id")
        assert await _emails(client, admin, role="coordinator") == [
            "camat@uji.go.id",
            "lurah@uji.go.id",
        ]
        assert await _emails(client, admin, region_code="16.71.01") == ["camat@uji.go.id"]
        assert await _emails(client, admin, active=False) == ["lurah@uji.go.id"]
        # An agency's accounts: its agency admins and its mentors' accounts.
        assert await _emails(client, admin, agency_code="DINKES") == [
            "bidan@uji.go.id",
            "dinkes@uji.go.id",
        ]
        assert await _emails(client, admin, role="mentor", agency_code="DINKES") == [
            "bidan@uji.go.id"
        ]

    async def test_q_searches_email_and_name_ignoring_case(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = factories.bearer(await factories.user(db, email="admin@uji.go.id"))
        await factories.user(db, email="siti@uji.go.id", name="Siti Aminah")
        await factories.user(db, email="budi@uji.go.id", name="Budi Santoso")
        await factories.user(db, email="persen@uji.go.id", name="Nama 100% Unik")
        assert await _emails(client, admin, q="AMINAH") == ["siti@uji.go.id"]
        assert await _emails(client, admin, q="budi@") == ["budi@uji.go.id"]
        # Wildcards are searched for literally.
        assert await _emails(client, admin, q="%") == ["persen@uji.go.id"]
        assert await _emails(client, admin, q="_") == []

    async def test_sorts(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        admin = factories.bearer(await factories.user(db, email="z@uji.go.id"))
        for email, name in (
            ("c@uji.go.id", "Ani"),
            ("b@uji.go.id", "Tono"),
            ("a@uji.go.id", "Rudi"),
        ):
            await factories.user(db, role="auditor", email=email, name=name)
        orders = {
            "email": ["a@uji.go.id", "b@uji.go.id", "c@uji.go.id"],
            "-email": ["c@uji.go.id", "b@uji.go.id", "a@uji.go.id"],
            "name": ["c@uji.go.id", "a@uji.go.id", "b@uji.go.id"],
            "-name": ["b@uji.go.id", "a@uji.go.id", "c@uji.go.id"],
            "created_at": ["c@uji.go.id", "b@uji.go.id", "a@uji.go.id"],
            "-created_at": ["a@uji.go.id", "b@uji.go.id", "c@uji.go.id"],
        }
        for sort, expected in orders.items():
            with subtests.test(sort=sort):
                assert await _emails(client, admin, sort=sort, role="auditor") == expected

    async def test_bad_parameters_are_422(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        admin = await factories.headers_for(db)
        bad: list[dict[str, Any]] = [
            {"sort": "password_hash"},
            {"limit": 201},
            {"limit": 0},
            {"role": "root"},
            {"active": "kadang"},
            {"q": ""},
        ]
        for params in bad:
            with subtests.test(params=params):
                r = await client.get(URL, params=params, headers=admin)
                assert r.status_code == 422
                assert r.json()["errors"][0]["loc"][0] == "query"

    async def test_a_forged_cursor_is_400(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = await factories.headers_for(db)
        r = await client.get(URL, params={"cursor": "eyJzIjoiZW1haWwifQ.AAAA"}, headers=admin)
        assert r.status_code == 400
        assert r.json()["type"].endswith("/invalid-cursor")

    async def test_a_cursor_from_another_sort_is_400(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = await factories.headers_for(db)
        await factories.user(db)
        first = (await client.get(URL, params={"limit": 1}, headers=admin)).json()
        r = await client.get(
            URL, params={"limit": 1, "sort": "name", "cursor": first["next_cursor"]}, headers=admin
        )
        assert r.status_code == 400

    async def test_include_total_counts_every_match(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        admin = await factories.headers_for(db)
        for _ in range(3):
            await factories.user(db, role="auditor")
        r = await client.get(
            URL, params={"role": "auditor", "limit": 2, "include_total": True}, headers=admin
        )
        assert r.json()["total"] == 3
        assert len(r.json()["items"]) == 2


class TestListUsersPagination:
    async def test_pages_are_stable_while_accounts_are_added(
        self, client: httpx.AsyncClient, db: AsyncSession, subtests: pytest.Subtests
    ) -> None:
        admin = factories.bearer(await factories.user(db, email="m-admin@uji.go.id", name="M"))
        for i in range(7):
            await factories.user(db, email=f"m{i}@uji.go.id", name="Sama")  # equal names: ties
        for sort in ("email", "-email", "name", "created_at", "-created_at"):
            with subtests.test(sort=sort):
                before = await _emails(client, admin, sort=sort, limit=200)
                seen = await self._page_through(client, db, admin, sort)
                assert len(seen) == len(set(seen)), "no account twice"
                assert [e for e in seen if e in before] == before, "every account, in order, once"

    @staticmethod
    async def _page_through(
        client: httpx.AsyncClient, db: AsyncSession, headers: dict[str, str], sort: str
    ) -> list[str]:
        seen: list[str] = []
        params: dict[str, Any] = {"sort": sort, "limit": 3}
        for page in range(100):
            r = await client.get(URL, params=params, headers=headers)
            assert r.status_code == 200, r.text
            seen += [u["email"] for u in r.json()["items"]]
            if r.json()["next_cursor"] is None:
                return seen
            params["cursor"] = r.json()["next_cursor"]
            if page >= 3:
                continue
            # Someone adds accounts at both ends of the order while we page.
            tag = f"{sort.strip('-')}{'-desc' if sort[0] == '-' else ''}-{page}"
            await factories.user(db, email=f"a-{tag}@uji.go.id", name="A")
            await factories.user(db, email=f"z-{tag}@uji.go.id", name="Z")
        raise AssertionError("paging never ended")


class TestAgencyAdminListsUsers:
    async def test_sees_only_its_own_mentors_accounts(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        me = await factories.user(
            db, role="agency_admin", agency_code="DINSOS", email="me@uji.go.id"
        )
        await _mentor_account(db, "DINSOS", "pendamping1@uji.go.id")
        await _mentor_account(db, "DINSOS", "pendamping2@uji.go.id")
        await _mentor_account(db, "DINKES", "bidan@uji.go.id")
        await factories.user(db, role="agency_admin", agency_code="DINSOS", email="rekan@uji.go.id")
        await factories.user(db, role="coordinator", email="camat@uji.go.id")
        r = await client.get(URL, params={"include_total": True}, headers=factories.bearer(me))
        assert r.status_code == 200
        assert [u["email"] for u in r.json()["items"]] == [
            "pendamping1@uji.go.id",
            "pendamping2@uji.go.id",
        ]
        assert r.json()["total"] == 2

    async def test_filters_cannot_widen_its_scope(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        me = factories.bearer(await factories.user(db, role="agency_admin", agency_code="DINSOS"))
        await _mentor_account(db, "DINKES", "bidan@uji.go.id")
        await factories.user(db, role="admin", email="admin@uji.go.id")
        assert await _emails(client, me, agency_code="DINKES") == []
        assert await _emails(client, me, role="admin") == []
        assert await _emails(client, me, q="uji.go.id") == []
