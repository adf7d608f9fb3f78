"""Statistics rollups rebuilt in one statement: `stats_rebuild()` on PostgreSQL, an insert into the
view `stats_rebuild` on SQLite (its INSTEAD OF trigger runs the set-based refresh of every
household). A bulk load (the demo seed) pauses the per-change triggers inside its transaction and
rebuilds once at the end: the triggers recompute the touched households per statement on
PostgreSQL and per row on SQLite, which made a seed of six months of history 20 to 40 times slower.

Revision ID: d4a8c6e1f2b7
Revises: b2e5a7c9d1f3
Create Date: 2026-11-28 14:00:00.000000+00:00
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "d4a8c6e1f2b7"
down_revision: str | None = "b2e5a7c9d1f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rollups() -> ModuleType:
    """The migration whose refresh SQL the rollup triggers run (the rebuild runs the same)."""
    path = next(Path(__file__).parent.glob("*_b2e5a7c9d1f3_stats_months_activity.py"))
    spec = importlib.util.spec_from_file_location("stats_months_b2e5a7c9d1f3", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION stats_rebuild() RETURNS void AS $$ BEGIN "
            "PERFORM stats_refresh(ARRAY(SELECT id FROM households)); END; $$ LANGUAGE plpgsql"
        )
        return
    refresh = _rollups()._refresh("sqlite", "IN (SELECT id FROM households)")
    op.execute("CREATE VIEW stats_rebuild AS SELECT 1 AS everything")
    op.execute(
        "CREATE TRIGGER stats_rebuild_everything INSTEAD OF INSERT ON stats_rebuild "
        f"BEGIN {refresh} END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION stats_rebuild()")
        return
    op.execute("DROP TRIGGER stats_rebuild_everything")
    op.execute("DROP VIEW stats_rebuild")
