"""Delta sync: the change log (`sync_changes`), filled by triggers on every synced table, and the
record of its pruning (`sync_prunes`).

Triggers, not application code, write the log: bulk writes (an approved matching run updates
assignments and households set-based, cascading deletes remove members and action items) and any
future write path are covered without anyone remembering to log. On PostgreSQL each row carries
its transaction id, so a reader can hold back changes of transactions still in flight.

Revision ID: e74ebc806bbb
Revises: aa879a6a39e7
Create Date: 2026-11-28 05:37:54.153624+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bina.models.base

revision: str = "e74ebc806bbb"
down_revision: str | None = "aa879a6a39e7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KELURAHAN = "(SELECT kelurahan_code FROM households WHERE id = {r}.household_id)"


def _below_household(entity: str, entity_id: str, mentor: str, version: str) -> tuple[str, ...]:
    return (entity, entity_id, "{r}.household_id", mentor, _KELURAHAN, version)


# table -> entity type, entity id, household, mentor, kelurahan, version.
# Members and needs are part of their household's data: their writes change the household.
_LOGGED = {
    "households": ("household", "{r}.id", "{r}.id", "NULL", "{r}.kelurahan_code", "{r}.version"),
    "household_members": _below_household("household", "{r}.household_id", "NULL", "NULL"),
    "household_needs": _below_household("household", "{r}.household_id", "NULL", "NULL"),
    "assignments": _below_household("assignment", "{r}.id", "{r}.mentor_id", "{r}.version"),
    "mentoring_sessions": _below_household(
        "mentoring_session", "{r}.id", "{r}.mentor_id", "{r}.version"
    ),
    "action_items": _below_household("action_item", "{r}.id", "NULL", "{r}.version"),
    "assessments": _below_household("assessment", "{r}.id", "NULL", "{r}.version"),
}
# A deleted member or need leaves its household changed, not deleted.
_PART_OF_HOUSEHOLD = frozenset({"household_members", "household_needs"})


def _insert(table: str, row: str, deleting: bool) -> str:
    entity, entity_id, household, mentor, kelurahan, version = (
        part.format(r=row) for part in _LOGGED[table]
    )
    kind = "delete" if deleting and table not in _PART_OF_HOUSEHOLD else "upsert"
    # Built from the constants above only, never from input.
    columns = "entity_type, entity_id, household_id, mentor_id, kelurahan_code, op, version"
    values = f"'{entity}', {entity_id}, {household}, {mentor}, {kelurahan}, '{kind}', {version}"
    return f"INSERT INTO sync_changes ({columns}) VALUES ({values});"  # noqa: S608


def _create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _LOGGED:
            op.execute(
                f"CREATE FUNCTION sync_log_{table}() RETURNS trigger AS $$ BEGIN "
                f"IF TG_OP = 'DELETE' THEN {_insert(table, 'OLD', True)} RETURN OLD; END IF; "
                f"{_insert(table, 'NEW', False)} RETURN NEW; END; $$ LANGUAGE plpgsql"
            )
            op.execute(
                f"CREATE TRIGGER sync_log_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION sync_log_{table}()"
            )
        return
    for table in _LOGGED:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            op.execute(
                f"CREATE TRIGGER sync_log_{table}_{event.lower()} AFTER {event} ON {table} "
                f"FOR EACH ROW BEGIN {_insert(table, row, event == 'DELETE')} END"
            )


def _drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _LOGGED:
            op.execute(f"DROP TRIGGER IF EXISTS sync_log_{table} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS sync_log_{table}()")
        return
    for table in _LOGGED:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS sync_log_{table}_{event}")


def upgrade() -> None:
    is_pg = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "sync_changes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("entity_type", sa.String(length=24), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("mentor_id", sa.Uuid(), nullable=True),
        sa.Column("kelurahan_code", sa.String(length=13), nullable=True),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column(
            "changed_at",
            bina.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "txid",
            sa.BigInteger(),
            # The writing transaction (xid8, as bigint so every driver reads it plainly).
            server_default=sa.text("(pg_current_xact_id()::text)::bigint") if is_pg else None,
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_changes")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_sync_changes_household", "sync_changes", ["household_id", "id"])
    op.create_index("ix_sync_changes_mentor", "sync_changes", ["mentor_id", "id"])
    op.create_index("ix_sync_changes_kelurahan", "sync_changes", ["kelurahan_code", "id"])
    op.create_index("ix_sync_changes_txid", "sync_changes", ["txid"])
    op.create_index("ix_sync_changes_changed_at", "sync_changes", ["changed_at"])
    op.create_table(
        "sync_prunes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("up_to_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "pruned_at",
            bina.models.base.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_prunes")),
    )
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    op.drop_table("sync_prunes")
    op.drop_index("ix_sync_changes_changed_at", table_name="sync_changes")
    op.drop_index("ix_sync_changes_txid", table_name="sync_changes")
    op.drop_index("ix_sync_changes_kelurahan", table_name="sync_changes")
    op.drop_index("ix_sync_changes_mentor", table_name="sync_changes")
    op.drop_index("ix_sync_changes_household", table_name="sync_changes")
    op.drop_table("sync_changes")
