"""Faster bulk writes and visit statistics: on PostgreSQL the sync log is written once per
statement (from its transition table) instead of once per row, and a partial index of the
sessions that count as visits lets the statistics read them from the index alone.

A statement that writes 70,000 rows (the demo seed, an approved city-wide matching run) ran
70,000 PL/pgSQL calls; now it runs one INSERT ... SELECT. What is logged is unchanged: one row per
written row, with the same entity, scope and version, except that the members or needs of one
household written by one statement make one "household changed" row instead of one each. SQLite
has row triggers only and keeps them.

Revision ID: 5b7d2c41e9a3
Revises: e74ebc806bbb
Create Date: 2026-11-28 09:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b7d2c41e9a3"
down_revision: str | None = "e74ebc806bbb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KELURAHAN = "(SELECT kelurahan_code FROM households WHERE id = {r}.household_id)"
_BELOW = "{r}.household_id"
# Typed: in SELECT DISTINCT an untyped NULL would be text.
_NO_MENTOR, _NO_VERSION = "NULL::uuid", "NULL::integer"
# table -> entity type, entity id, household, mentor, kelurahan, version (as in e74ebc806bbb).
_LOGGED = {
    "households": (
        "household",
        "{r}.id",
        "{r}.id",
        _NO_MENTOR,
        "{r}.kelurahan_code",
        "{r}.version",
    ),
    "household_members": ("household", _BELOW, _BELOW, _NO_MENTOR, _KELURAHAN, _NO_VERSION),
    "household_needs": ("household", _BELOW, _BELOW, _NO_MENTOR, _KELURAHAN, _NO_VERSION),
    "assignments": ("assignment", "{r}.id", _BELOW, "{r}.mentor_id", _KELURAHAN, "{r}.version"),
    "mentoring_sessions": (
        "mentoring_session",
        "{r}.id",
        _BELOW,
        "{r}.mentor_id",
        _KELURAHAN,
        "{r}.version",
    ),
    "action_items": ("action_item", "{r}.id", _BELOW, _NO_MENTOR, _KELURAHAN, "{r}.version"),
    "assessments": ("assessment", "{r}.id", _BELOW, _NO_MENTOR, _KELURAHAN, "{r}.version"),
}
_PART_OF_HOUSEHOLD = frozenset({"household_members", "household_needs"})
_COLUMNS = "entity_type, entity_id, household_id, mentor_id, kelurahan_code, op, version"
_EVENTS = (("insert", "NEW"), ("update", "NEW"), ("delete", "OLD"))


def _values(table: str, row: str, deleting: bool) -> str:
    entity, entity_id, household, mentor, kelurahan, version = (
        part.format(r=row) for part in _LOGGED[table]
    )
    kind = "delete" if deleting and table not in _PART_OF_HOUSEHOLD else "upsert"
    return f"'{entity}', {entity_id}, {household}, {mentor}, {kelurahan}, '{kind}', {version}"


def _per_statement(table: str) -> str:
    """The log rows of one statement, read from its transition table `changed`."""
    distinct = "DISTINCT " if table in _PART_OF_HOUSEHOLD else ""
    # Built from the constants above only, never from input.
    inserts = [
        f"INSERT INTO sync_changes ({_COLUMNS}) "  # noqa: S608
        f"SELECT {distinct}{_values(table, 'r', deleting)} FROM changed r;"
        for deleting in (False, True)
    ]
    return f"IF TG_OP = 'DELETE' THEN {inserts[1]} ELSE {inserts[0]} END IF; RETURN NULL;"


def _per_row(table: str) -> str:
    """The log row of one row (the trigger this migration replaces)."""
    return (
        f"IF TG_OP = 'DELETE' THEN INSERT INTO sync_changes ({_COLUMNS}) "  # noqa: S608
        f"VALUES ({_values(table, 'OLD', True)}); RETURN OLD; END IF; "
        f"INSERT INTO sync_changes ({_COLUMNS}) VALUES ({_values(table, 'NEW', False)}); "
        "RETURN NEW;"
    )


def _function(table: str, body: str) -> None:
    op.execute(
        f"CREATE OR REPLACE FUNCTION sync_log_{table}() RETURNS trigger AS $$ BEGIN {body} END; "
        "$$ LANGUAGE plpgsql"
    )


_INDEX = "ix_mentoring_sessions_visits"
# The sessions that count as visits, with what the statistics group them by (and `status`,
# without which SQLite reads every row from the table to check the condition).
_VISITS = sa.text("status <> 'rejected'")


def upgrade() -> None:
    op.create_index(
        _INDEX,
        "mentoring_sessions",
        ["occurred_at", "household_id", "mentor_id", "status"],
        postgresql_where=_VISITS,
        sqlite_where=_VISITS,
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _LOGGED:
        op.execute(f"DROP TRIGGER sync_log_{table} ON {table}")
        _function(table, _per_statement(table))
        for event, row in _EVENTS:
            # One event per trigger: PostgreSQL gives transition tables to those only.
            op.execute(
                f"CREATE TRIGGER sync_log_{table}_{event} AFTER {event.upper()} ON {table} "
                f"REFERENCING {row} TABLE AS changed "
                f"FOR EACH STATEMENT EXECUTE FUNCTION sync_log_{table}()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _LOGGED:
            for event, _row in _EVENTS:
                op.execute(f"DROP TRIGGER sync_log_{table}_{event} ON {table}")
            _function(table, _per_row(table))
            op.execute(
                f"CREATE TRIGGER sync_log_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION sync_log_{table}()"
            )
    op.drop_index(_INDEX, table_name="mentoring_sessions")
