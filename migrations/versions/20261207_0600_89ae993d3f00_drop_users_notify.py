"""Drop the NOTIFY on changes to users (migration e6b1f3a9c2d8): the API no longer keeps callers
in memory; it reads the caller's row by primary key on every request, which is what makes a
deactivation or a role change take effect at once on every process.

Revision ID: 89ae993d3f00
Revises: e6b1f3a9c2d8
Create Date: 2026-12-07 06:00:00.000000+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "89ae993d3f00"
down_revision: str | None = "e6b1f3a9c2d8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS users_notify_truncated ON users")
    op.execute("DROP FUNCTION IF EXISTS users_notify_truncated()")
    op.execute("DROP TRIGGER IF EXISTS users_notify_changed ON users")
    op.execute("DROP FUNCTION IF EXISTS users_notify_changed()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # What e6b1f3a9c2d8 made, for a downgrade past this revision.
    checked = "role, email, agency_code, region_code, mentor_id, active, token_generation"
    op.execute(
        "CREATE FUNCTION users_notify_changed() RETURNS trigger AS $$ BEGIN "
        "PERFORM pg_notify('bina_users', OLD.id::text); RETURN NULL; END; $$ LANGUAGE plpgsql"
    )
    op.execute(
        f"CREATE TRIGGER users_notify_changed AFTER UPDATE OF {checked} OR DELETE ON users "
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
