"""PostgreSQL tells the API processes of every change to a caller: a NOTIFY on channel
`bina_users` with the user's id when a column the caller check reads changes or the row goes,
and `*` when the table is truncated. Each API process keeps the callers it has checked in memory
while it listens (bina.security.callers), instead of reading the row on every request.
SQLite: nothing (each request reads the row).

Revision ID: e6b1f3a9c2d8
Revises: d4a8c6e1f2b7
Create Date: 2026-11-28 15:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e6b1f3a9c2d8"
down_revision: str | None = "d4a8c6e1f2b7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What bina.security.principal reads of a caller (the id never changes).
_CHECKED = "role, email, agency_code, region_code, mentor_id, active, token_generation"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION users_notify_changed() RETURNS trigger AS $$ BEGIN "
        "PERFORM pg_notify('bina_users', OLD.id::text); RETURN NULL; END; $$ LANGUAGE plpgsql"
    )
    op.execute(
        f"CREATE TRIGGER users_notify_changed AFTER UPDATE OF {_CHECKED} OR DELETE ON users "
        "FOR EACH ROW EXECUTE FUNCTION users_notify_changed()"
    )
    op.execute(
        "CREATE FUNCTION users_notify_truncated() RETURNS trigger AS $$ BEGIN "
        "PERFORM pg_notify('bina_users', '*'); RETURN NULL; END; $$ LANGUAGE plpgsql"
    )
    op.execute(
        "CREATE TRIGGER users_notify_truncated AFTER TRUNCATE ON users "
        "FOR EACH STATEMENT EXECUTE FUNCTION users_notify_truncated()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER users_notify_truncated ON users")
    op.execute("DROP FUNCTION users_notify_truncated()")
    op.execute("DROP TRIGGER users_notify_changed ON users")
    op.execute("DROP FUNCTION users_notify_changed()")
