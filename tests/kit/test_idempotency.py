"""Idempotency-Key on POST (design.md §4): the same key and body give the stored answer again
without running the request twice; another body is 422; keys belong to one caller."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import Settings
from bina.kit.idempotency import ABANDONED_AFTER, MAX_KEY_LENGTH
from bina.models import AuditEvent, Household, IdempotencyKey, User
from bina.models.base import utcnow
from tests import factories
from tests.kit.test_problems import assert_problem

LOGOUT = "/api/v1/auth/logout"
HOUSEHOLDS = "/api/v1/households"


async def _sign_in(client: httpx.AsyncClient, u: User) -> tuple[dict[str, str], str]:
    r = await client.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "password",
            "username": u.email,
            "password": factories.DEFAULT_PASSWORD,
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    return {"Authorization": f"Bearer {body['access_token']}"}, body["refresh_token"]


async def _logouts(db: AsyncSession, u: User) -> int:
    n = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "auth.logout", AuditEvent.actor_id == u.id)
    )
    return int(n or 0)


class TestReplay:
    async def test_same_key_same_body_replays_without_running_again(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        auth, refresh = await _sign_in(client, u)
        headers = {**auth, "Idempotency-Key": "logout-1"}
        first = await client.post(LOGOUT, data={"refresh_token": refresh}, headers=headers)
        again = await client.post(LOGOUT, data={"refresh_token": refresh}, headers=headers)
        assert first.status_code == again.status_code == 204
        assert "idempotent-replayed" not in first.headers
        assert again.headers["idempotent-replayed"] == "true"
        assert await _logouts(db, u) == 1

    async def test_the_stored_answer_comes_back_with_body_and_headers(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        headers = {**await factories.headers_for(db, "admin"), "Idempotency-Key": "hh-create-1"}
        body = {
            "kk_number": "1671011503200007",
            "head_name": "Siti Aminah",
            "head_nik": "1671015503850002",
            "kelurahan_code": "16.71.13.1004",
            "address": "Jl. Uji No. 1",
        }
        first = await client.post(HOUSEHOLDS, json=body, headers=headers)
        assert first.status_code == 201, first.text
        again = await client.post(HOUSEHOLDS, json=body, headers=headers)
        assert again.status_code == 201
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json() == first.json()
        assert again.headers["location"] == first.headers["location"]
        assert again.headers["etag"] == first.headers["etag"]
        assert again.headers["content-type"] == first.headers["content-type"]
        count = await db.scalar(select(func.count()).select_from(Household))
        assert count == 1

    async def test_a_refusal_is_replayed_too(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        headers = {**await factories.headers_for(db, "admin"), "Idempotency-Key": "bad-1"}
        first = await client.post(HOUSEHOLDS, json={"head_name": "x"}, headers=headers)
        again = await client.post(HOUSEHOLDS, json={"head_name": "x"}, headers=headers)
        assert_problem(first, 422)
        assert_problem(again, 422)
        assert again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true"

    async def test_without_a_key_each_post_runs(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        auth, refresh = await _sign_in(client, u)
        await client.post(LOGOUT, data={"refresh_token": refresh}, headers=auth)
        await client.post(LOGOUT, data={"refresh_token": refresh}, headers=auth)
        assert await _logouts(db, u) == 2


class TestMisuse:
    async def test_same_key_with_another_body_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        auth, refresh = await _sign_in(client, u)
        _, other_refresh = await _sign_in(client, u)
        headers = {**auth, "Idempotency-Key": "logout-2"}
        first = await client.post(LOGOUT, data={"refresh_token": refresh}, headers=headers)
        assert first.status_code == 204
        other = await client.post(LOGOUT, data={"refresh_token": other_refresh}, headers=headers)
        body = assert_problem(other, 422)
        assert body["type"].endswith("/idempotency-key-reused")
        assert await _logouts(db, u) == 1

    async def test_same_key_on_another_path_is_422(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        headers = {**await factories.headers_for(db, "admin"), "Idempotency-Key": "k-path"}
        await client.post(HOUSEHOLDS, json={}, headers=headers)
        assert_problem(await client.post(LOGOUT, headers=headers), 422)

    async def test_a_key_longer_than_255_is_422_and_nothing_runs(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        auth, refresh = await _sign_in(client, u)
        headers = {**auth, "Idempotency-Key": "k" * (MAX_KEY_LENGTH + 1)}
        r = await client.post(LOGOUT, data={"refresh_token": refresh}, headers=headers)
        assert_problem(r, 422)
        assert "Idempotency-Key" in r.json()["detail"]
        assert await _logouts(db, u) == 0

    async def test_a_key_of_exactly_255_is_fine(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        auth, refresh = await _sign_in(client, u)
        headers = {**auth, "Idempotency-Key": "k" * MAX_KEY_LENGTH}
        r = await client.post(LOGOUT, data={"refresh_token": refresh}, headers=headers)
        assert r.status_code == 204, r.text

    async def test_an_empty_key_is_422(self, client: httpx.AsyncClient, db: AsyncSession) -> None:
        headers = {**await factories.headers_for(db, "admin"), "Idempotency-Key": ""}
        assert_problem(await client.post(LOGOUT, headers=headers), 422)

    async def test_anonymous_with_a_key_is_simply_401(self, client: httpx.AsyncClient) -> None:
        r = await client.post(LOGOUT, headers={"Idempotency-Key": "anon-1"})
        assert_problem(r, 401)

    async def test_a_request_still_running_is_409(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        # What the middleware leaves while a request runs: a claim (for this very request: path,
        # query and body hashed) without an answer yet.
        digest = hashlib.sha256(f"{LOGOUT}\n\n".encode()).hexdigest()
        db.add(IdempotencyKey(caller=f"user:{u.id}", key="busy-1", request_hash=digest))
        await db.commit()
        headers = {**factories.bearer(u), "Idempotency-Key": "busy-1"}
        r = await client.post(LOGOUT, headers=headers)
        body = assert_problem(r, 409)
        assert body["type"].endswith("/idempotency-in-progress")
        assert await _logouts(db, u) == 0


class TestExpiry:
    async def test_a_claim_abandoned_by_a_crashed_process_does_not_block_the_key(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        u = await factories.user(db)
        long_ago = utcnow() - ABANDONED_AFTER - timedelta(minutes=1)
        digest = hashlib.sha256(f"{LOGOUT}\n\n".encode()).hexdigest()
        db.add(
            IdempotencyKey(
                caller=f"user:{u.id}", key="crashed-1", request_hash=digest, created_at=long_ago
            )
        )
        await db.commit()
        r = await client.post(
            LOGOUT, headers={**factories.bearer(u), "Idempotency-Key": "crashed-1"}
        )
        assert r.status_code == 204, r.text
        assert await _logouts(db, u) == 1

    async def test_an_answer_older_than_the_ttl_is_forgotten(
        self, client: httpx.AsyncClient, db: AsyncSession, settings: Settings
    ) -> None:
        u = await factories.user(db)
        db.add(
            IdempotencyKey(
                caller=f"user:{u.id}",
                key="old-1",
                request_hash="0" * 64,  # another body: would be 422 if still remembered
                created_at=utcnow() - timedelta(hours=settings.idempotency_ttl_hours, minutes=1),
                status_code=204,
                response_body=b"",
            )
        )
        await db.commit()
        r = await client.post(LOGOUT, headers={**factories.bearer(u), "Idempotency-Key": "old-1"})
        assert r.status_code == 204, r.text
        assert "idempotent-replayed" not in r.headers
        assert await _logouts(db, u) == 1


class TestPerCaller:
    async def test_another_user_reusing_the_key_runs_anew(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        alice, bob = await factories.user(db), await factories.user(db)
        alice_auth, alice_refresh = await _sign_in(client, alice)
        bob_auth, _ = await _sign_in(client, bob)
        key = {"Idempotency-Key": f"shared-{uuid.uuid4()}"}
        first = await client.post(
            LOGOUT, data={"refresh_token": alice_refresh}, headers={**alice_auth, **key}
        )
        assert first.status_code == 204
        # Bob sends the very same bytes with the same key: not Alice's stored 204, but his own
        # request, which is refused because that refresh token is not his.
        bobs = await client.post(
            LOGOUT, data={"refresh_token": alice_refresh}, headers={**bob_auth, **key}
        )
        assert_problem(bobs, 401)
        assert "idempotent-replayed" not in bobs.headers

    async def test_each_user_gets_their_own_answer(
        self, client: httpx.AsyncClient, db: AsyncSession
    ) -> None:
        alice, bob = await factories.user(db), await factories.user(db)
        key = {"Idempotency-Key": "same-key"}
        for u in (alice, bob):
            auth, refresh = await _sign_in(client, u)
            r = await client.post(LOGOUT, data={"refresh_token": refresh}, headers={**auth, **key})
            assert r.status_code == 204
            assert "idempotent-replayed" not in r.headers
        assert await _logouts(db, alice) == await _logouts(db, bob) == 1
