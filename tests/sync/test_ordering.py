"""Nothing is lost to timing: a change whose transaction commits late still reaches the phone
(PostgreSQL; SQLite has one writer at a time), and a cursor older than the kept log is 410."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models.base import utcnow
from bina.sync import service as sync_service
from tests.assignments.factories import Callers, assigned, household
from tests.mentoring_sessions.factories import Mentoring
from tests.sync.factories import BASE, Phone


class TestLateCommit:
    async def test_a_change_committed_after_a_later_one_still_arrives(
        self,
        app: FastAPI,
        client: httpx.AsyncClient,
        db: AsyncSession,
        who: Callers,
        pair: Mentoring,
        backend: str,
    ) -> None:
        if backend != "postgres":
            pytest.skip("SQLite serialises writers: commits cannot overtake each other")
        second = await household(client, who.admin)
        pair.mentor.capacity = 2
        await db.commit()
        await assigned(client, who.admin, second.id, pair.mentor.id)
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)

        async with app.state.engine.connect() as slow:
            # A writer that takes its change id first and commits last.
            await slow.execute(
                text(
                    "UPDATE households SET address = 'Jl. Lambat', version = version + 1 "
                    "WHERE id = :id"
                ),
                {"id": pair.household.id},
            )
            current = await client.get(second.url, headers=who.admin)
            r = await client.patch(
                second.url,
                json={"address": "Jl. Cepat"},
                headers={**who.admin, "If-Match": current.headers["etag"]},
            )
            assert r.status_code == 200, r.text

            await phone.sync(client)
            assert pair.household.id not in phone.upserts("household")  # not committed yet
            await slow.commit()

        await phone.sync(client)
        assert phone.upserts("household")[pair.household.id]["address"] == "Jl. Lambat"
        # The fast change arrived at the first sync or now; never lost either.
        r = await client.get(second.url, headers=pair.mentor_headers)
        assert r.json()["address"] == "Jl. Cepat"


class TestRetention:
    async def test_a_cursor_older_than_the_kept_log_is_410_and_a_fresh_sync_works(
        self, client: httpx.AsyncClient, db: AsyncSession, who: Callers, pair: Mentoring
    ) -> None:
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)
        current = await client.get(pair.household.url, headers=who.admin)
        r = await client.patch(
            pair.household.url,
            json={"address": "Jl. Terlupakan"},
            headers={**who.admin, "If-Match": current.headers["etag"]},
        )
        assert r.status_code == 200, r.text
        # A month later the log is pruned, and the phone has not been back since.
        assert await sync_service.prune(db, 30, now=utcnow() + timedelta(days=31)) > 0
        await db.commit()

        r = await client.get(BASE, params={"cursor": phone.cursor}, headers=pair.mentor_headers)

        assert r.status_code == 410
        assert r.headers["content-type"].startswith("application/problem+json")
        assert "sync again from zero" in r.json()["detail"]
        fresh = Phone(pair.mentor_headers)
        await fresh.sync(client)
        assert fresh.upserts("household")[pair.household.id]["address"] == "Jl. Terlupakan"
        assert await fresh.sync(client) == []

    async def test_pruning_keeps_what_is_recent(
        self, client: httpx.AsyncClient, db: AsyncSession, pair: Mentoring
    ) -> None:
        phone = Phone(pair.mentor_headers)
        await phone.sync(client)
        assert await sync_service.prune(db, 30) == 0
        await db.commit()
        r = await client.get(BASE, params={"cursor": phone.cursor}, headers=pair.mentor_headers)
        assert r.status_code == 200
