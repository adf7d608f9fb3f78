"""The audit trail refuses TRUNCATE too: the append-only guard of the initial schema covered
UPDATE and DELETE, but TRUNCATE fires no row triggers, so one statement could wipe the trail.
PostgreSQL only (SQLite has no TRUNCATE; its DELETE is already refused).

Revision ID: 9c1d7e2f4a10
Revises: 5b7d2c41e9a3
Create Date: 2026-11-28 11:40:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "9c1d7e2f4a10"
down_revision: str | None = "5b7d2c41e9a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
