"""Alembic is the only way the schema is made: on an empty database of each backend it builds
exactly the models' schema, undoes it completely, and the audit trail refuses changes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bina import migrate
from bina.config import get_settings
from bina.db import create_engine
from bina.models import AuditEvent, Base, Region
from bina.models.base import utcnow
from tests.conftest import _create_pg_database, _drop_pg_database


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A brand-new, empty database of each backend (not the shared migrated one)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    url = _create_pg_database(admin_url)
    try:
        yield url
    finally:
        _drop_pg_database(admin_url, url)


@pytest.fixture
async def engine(empty_url: str) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(get_settings().model_copy(update={"database_url": empty_url}))
    try:
        yield eng
    finally:
        await eng.dispose()


async def _upgrade(url: str, revision: str = "head") -> None:
    # migrate.upgrade runs its own event loop: give it a thread of its own.
    await asyncio.to_thread(migrate.upgrade, url, revision)


async def _downgrade(url: str, revision: str = "base") -> None:
    await asyncio.to_thread(migrate.downgrade, url, revision)


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


def _diff(conn: Connection) -> list[Any]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


MODEL_TABLES = set(Base.metadata.tables)


class TestUpgradeFromEmpty:
    async def test_creates_every_model_table(self, empty_url: str, engine: AsyncEngine) -> None:
        assert await _tables(engine) == set()
        await _upgrade(empty_url)
        assert await _tables(engine) == MODEL_TABLES | {"alembic_version"}

    async def test_schema_matches_the_models_exactly(
        self, empty_url: str, engine: AsyncEngine
    ) -> None:
        await _upgrade(empty_url)
        async with engine.connect() as conn:
            diff = await conn.run_sync(_diff)
        assert diff == [], "models and migrations disagree; write a migration:\n" + "\n".join(
            map(str, diff)
        )

    async def test_is_at_the_single_head(self, empty_url: str, engine: AsyncEngine) -> None:
        await _upgrade(empty_url)
        async with engine.connect() as conn:
            current = await conn.run_sync(
                lambda c: MigrationContext.configure(c).get_current_heads()
            )
        heads = ScriptDirectory.from_config(migrate.alembic_config(empty_url)).get_heads()
        assert len(heads) == 1, f"migration history has branched: {heads}"
        assert tuple(current) == tuple(heads)


class TestDowngrade:
    async def test_to_base_leaves_nothing_and_upgrading_again_works(
        self, empty_url: str, engine: AsyncEngine
    ) -> None:
        await _upgrade(empty_url)
        await _downgrade(empty_url)
        assert await _tables(engine) <= {"alembic_version"}
        await _upgrade(empty_url)
        assert await _tables(engine) == MODEL_TABLES | {"alembic_version"}
        async with engine.connect() as conn:
            assert await conn.run_sync(_diff) == []

    async def test_downgrade_removes_the_audit_guard_too(
        self, empty_url: str, engine: AsyncEngine
    ) -> None:
        await _upgrade(empty_url)
        await _downgrade(empty_url)
        async with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                leftovers = await conn.scalar(
                    text("SELECT count(*) FROM pg_proc WHERE proname = 'audit_events_append_only'")
                )
            else:
                leftovers = await conn.scalar(
                    text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
                )
        assert leftovers == 0


class TestAuditTrailIsAppendOnly:
    async def _with_one_event(self, empty_url: str, engine: AsyncEngine) -> None:
        await _upgrade(empty_url)
        await _insert_event(engine, "household.create")

    async def test_update_is_refused(self, empty_url: str, engine: AsyncEngine) -> None:
        await self._with_one_event(empty_url, engine)
        with pytest.raises(DBAPIError, match="append-only"):
            async with engine.begin() as conn:
                await conn.execute(text("UPDATE audit_events SET action = 'nothing.happened'"))
        async with engine.connect() as conn:
            assert await conn.scalar(text("SELECT action FROM audit_events")) == (
                "household.create"
            )

    async def test_delete_is_refused(self, empty_url: str, engine: AsyncEngine) -> None:
        await self._with_one_event(empty_url, engine)
        with pytest.raises(DBAPIError, match="append-only"):
            async with engine.begin() as conn:
                await conn.execute(text("DELETE FROM audit_events"))
        async with engine.connect() as conn:
            assert await conn.scalar(text("SELECT count(*) FROM audit_events")) == 1

    async def test_truncate_is_refused(self, empty_url: str, engine: AsyncEngine) -> None:
        if engine.dialect.name != "postgresql":
            pytest.skip("SQLite has no TRUNCATE (its DELETE is refused above)")
        await self._with_one_event(empty_url, engine)
        with pytest.raises(DBAPIError, match="append-only"):
            async with engine.begin() as conn:
                await conn.execute(text("TRUNCATE audit_events"))
        async with engine.connect() as conn:
            assert await conn.scalar(text("SELECT count(*) FROM audit_events")) == 1

    async def test_insert_still_works(self, empty_url: str, engine: AsyncEngine) -> None:
        await self._with_one_event(empty_url, engine)
        await _insert_event(engine, "auth.login")
        async with engine.connect() as conn:
            assert await conn.scalar(text("SELECT count(*) FROM audit_events")) == 2


async def _insert_event(engine: AsyncEngine, action: str) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            insert(AuditEvent).values(
                occurred_at=utcnow(), actor_id=uuid.uuid4(), action=action, detail={}
            )
        )


class TestReferenceData:
    async def test_palembang_kecamatan_and_kelurahan_with_both_names(
        self, empty_url: str, engine: AsyncEngine
    ) -> None:
        await _upgrade(empty_url)
        settings = get_settings().model_copy(update={"database_url": empty_url})
        await migrate.load_reference_data(settings)
        await migrate.load_reference_data(settings)  # safe to re-run: no duplicates
        async with engine.connect() as conn:
            result = await conn.execute(select(Region.level, func.count()).group_by(Region.level))
            counts = dict(result.all())
            assert counts == {"kota": 1, "kecamatan": 18, "kelurahan": 107}
            nameless = await conn.scalar(
                select(func.count()).where((Region.name == "") | (Region.name_2025 == ""))
            )
            assert nameless == 0
            row = (
                await conn.execute(
                    select(Region.name, Region.name_2025, Region.parent_code).where(
                        Region.code == "16.71.01.1001"
                    )
                )
            ).one()
        assert tuple(row) == ("35 Ilir", "Tiga-puluh-lima Ilir", "16.71.01")
