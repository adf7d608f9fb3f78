"""bina.kit.driversql: rows straight from the driver, the same as SQLAlchemy would give."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.kit import driversql
from bina.models import Region


class TestDriverRows:
    async def test_a_named_value_picks_the_row_each_time(self, db: AsyncSession) -> None:
        by_code = select(Region.code, Region.name).where(Region.code == bindparam("code"))
        for code in ("16.71.13", "16.71.12", "16.71.13"):  # one compiled statement, reused
            rows = await driversql.fetch_all(db, by_code, {"code": code})
            expected = (
                await db.execute(select(Region.code, Region.name).where(Region.code == code))
            ).all()
            assert rows == [tuple(r) for r in expected]

    async def test_an_in_list_is_refused_rather_than_run_with_a_stale_shape(
        self, db: AsyncSession
    ) -> None:
        two = select(Region.code).where(Region.code.in_(["16.71.13", "16.71.12"]))
        with pytest.raises(TypeError, match="IN"):
            await driversql.fetch_all(db, two)


class TestBoundLists:
    async def test_one_statement_answers_lists_of_any_length(self, db: AsyncSession) -> None:
        postgresql = db.get_bind().dialect.name == "postgresql"
        among = select(Region.code).where(driversql.in_list(Region.code, "codes", postgresql))
        for codes in (["16.71.13"], ["16.71.13", "16.71.12"], [], ["16.71.12"]):
            rows = await driversql.fetch_rows(db, among.order_by(Region.code), {"codes": codes})
            assert rows == [(c,) for c in sorted(codes)]
