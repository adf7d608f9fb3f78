"""bina.kit.repository: rows by a list of ids, and row locks in id order, on both databases."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit import repository
from bina.models import Mentor
from tests.users.factories import mentor


class TestGetMany:
    async def test_gives_the_rows_asked_for_and_only_those(self, db: AsyncSession) -> None:
        made = [await mentor(db, name=f"Mentor {i}") for i in range(3)]
        await db.commit()
        asked = [made[0].id, made[2].id, uuid.uuid4()]  # one id that names no row
        rows = await repository.get_many(db, Mentor.__table__, asked)
        assert sorted(r["name"] for r in rows) == ["Mentor 0", "Mentor 2"]
        assert set(rows[0]) == set(Mentor.__table__.c.keys())

    async def test_more_ids_than_one_statement_takes(self, db: AsyncSession) -> None:
        one = await mentor(db)
        await db.commit()
        asked = [uuid.uuid4() for _ in range(repository.CHUNK + 5)] + [one.id]
        rows = await repository.get_many(db, Mentor.__table__, asked)
        assert [r["id"] for r in rows] == [one.id]

    async def test_no_ids_no_rows(self, db: AsyncSession) -> None:
        assert await repository.get_many(db, Mentor.__table__, []) == []


class TestLockMany:
    async def test_locks_and_gives_the_current_values_by_id(self, db: AsyncSession) -> None:
        made = [await mentor(db) for _ in range(3)]
        await db.commit()
        made[1].status = "on_leave"
        await db.commit()
        c = Mentor.__table__.c
        locked = await repository.lock_many(db, (c.status,), [m.id for m in reversed(made)])
        assert list(locked) == sorted(m.id for m in made)  # taken in id order
        assert locked[made[1].id]["status"] == "on_leave"
        assert locked[made[0].id]["status"] == "active"
        await db.rollback()


def test_id_chunks_are_distinct_sorted_and_bounded() -> None:
    ids = [uuid.uuid4() for _ in range(5)]
    chunks = list(repository.id_chunks(ids + ids[:2], size=2))
    assert [len(c) for c in chunks] == [2, 2, 1]
    assert [i for c in chunks for i in c] == sorted(ids)
