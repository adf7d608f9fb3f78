"""Who may sync, and what a damaged or foreign cursor gets."""

from __future__ import annotations

import httpx

from tests.assignments.factories import Callers
from tests.mentoring_sessions.factories import Mentoring
from tests.sync.factories import BASE, Phone


class TestWhoMaySync:
    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        r = await client.get(BASE)
        assert r.status_code == 401
        assert r.headers["content-type"].startswith("application/problem+json")

    async def test_an_auditor_keeps_no_personal_data_on_a_phone(
        self, client: httpx.AsyncClient, who: Callers
    ) -> None:
        r = await client.get(BASE, headers=who.auditor)
        assert r.status_code == 403
        assert r.json()["status"] == 403

    async def test_a_page_of_more_than_1000_is_422_on_limit(
        self, client: httpx.AsyncClient, pair: Mentoring
    ) -> None:
        r = await client.get(BASE, params={"limit": 1001}, headers=pair.mentor_headers)
        assert r.status_code == 422
        assert r.json()["errors"][0]["loc"] == ["query", "limit"]

    async def test_answers_are_never_cached(
        self, client: httpx.AsyncClient, pair: Mentoring
    ) -> None:
        r = await client.get(BASE, headers=pair.mentor_headers)
        assert r.headers["cache-control"] == "no-store"


class TestCursor:
    async def test_a_tampered_cursor_is_400(
        self, client: httpx.AsyncClient, pair: Mentoring
    ) -> None:
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)
        assert phone.cursor is not None
        payload, signature = phone.cursor.split(".")
        # Change a character of the payload that base64 never ignores (not the last one).
        forged = ("A" if payload[0] != "A" else "B") + payload[1:] + "." + signature
        r = await client.get(BASE, params={"cursor": forged}, headers=pair.mentor_headers)
        assert r.status_code == 400
        assert r.headers["content-type"].startswith("application/problem+json")

    async def test_someone_elses_cursor_is_400(
        self, client: httpx.AsyncClient, who: Callers, pair: Mentoring
    ) -> None:
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)
        r = await client.get(BASE, params={"cursor": phone.cursor}, headers=who.camat)
        assert r.status_code == 400
