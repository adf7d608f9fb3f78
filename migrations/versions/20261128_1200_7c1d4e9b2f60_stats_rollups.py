"""Statistics rollups: one narrow row per household (place, status, active assignment and its
mentor's agency, latest visit) and each household's visits per month and agency, kept exact by
triggers, so the whole city's statistics read ~10,000 narrow rows instead of joining every
household, assignment and session (and grouping 70,000 sessions for the monthly series).

The primitive is "recompute these households' rows from the base tables": every trigger calls it
for the households a write touched (households, assignments, mentoring_sessions, a mentor's
agency), so the rollup equals a recount by construction, whatever the write was. On PostgreSQL
one statement-level trigger per table and event recomputes all the households of the statement
at once (the demo seed's COPY of 75,000 sessions is one recount of 10,644 households) after
waiting for any other transaction recomputing the same households (a row lock on their rollup
row; READ COMMITTED then gives the next statement a snapshot with that transaction's writes).
SQLite has row triggers only, and one writer at a time.

Also the indexes the statistics read: graduations by date, flagged visits waiting for review,
assignments by start, mentors by status and agency (index-only on PostgreSQL).

Revision ID: 7c1d4e9b2f60
Revises: 9c1d7e2f4a10
Create Date: 2026-11-28 12:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c1d4e9b2f60"
down_revision: str | None = "9c1d7e2f4a10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The city's wall clock (bina.models.stats_rollup.ROLLUP_TIME_ZONE): WIB has no daylight saving,
# so SQLite's fixed offset is the same months as PostgreSQL's zone.
_MONTH = {
    "postgresql": "to_char(s.occurred_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM')",
    "sqlite": "strftime('%Y-%m', s.occurred_at, '+7 hours')",
}
_FACT_COLUMNS = (
    "kelurahan_code",
    "kecamatan_code",
    "status",
    "assignment_id",
    "agency_code",
    "mentored_since",
    "last_visit_at",
)


def _refresh(dialect: str, households: str) -> str:
    """SQL that rewrites the rollup rows of the households `household_id {households}` selects
    (`= NEW.household_id`, `= ANY(ids)`, `IN (SELECT ...)`) from the base tables."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in _FACT_COLUMNS)
    month = _MONTH[dialect]
    # Built from the constants above and this migration's own fragments, never from input.
    return f"""
INSERT INTO stats_households (household_id, {", ".join(_FACT_COLUMNS)})
SELECT h.id, h.kelurahan_code, h.kecamatan_code, h.status, a.id, m.agency_code, a.started_at,
       (SELECT max(v.occurred_at) FROM mentoring_sessions v
         WHERE v.household_id = h.id AND v.status <> 'rejected')
FROM households h
LEFT JOIN assignments a ON a.household_id = h.id AND a.status = 'active'
LEFT JOIN mentors m ON m.id = a.mentor_id
WHERE h.id {households}
ON CONFLICT (household_id) DO UPDATE SET {updates};
DELETE FROM stats_visit_months WHERE household_id {households};
INSERT INTO stats_visit_months
  (month, household_id, agency_code, kelurahan_code, kecamatan_code, sessions, is_first)
SELECT g.month, g.household_id, g.agency_code, g.kelurahan_code, g.kecamatan_code, g.sessions,
       CASE WHEN row_number() OVER (PARTITION BY g.household_id, g.month ORDER BY g.agency_code)
            = 1 THEN 1 ELSE 0 END
FROM (SELECT {month} AS month, s.household_id, m.agency_code, h.kelurahan_code,
             h.kecamatan_code, count(*) AS sessions
      FROM mentoring_sessions s
      JOIN mentors m ON m.id = s.mentor_id
      JOIN households h ON h.id = s.household_id
      WHERE s.status <> 'rejected' AND s.household_id {households}
      GROUP BY {month}, s.household_id, m.agency_code, h.kelurahan_code, h.kecamatan_code) g;
"""  # noqa: S608


# table -> (the household column, the columns whose change moves a statistic)
_WATCHED = {
    "households": ("id", ("status", "kelurahan_code", "kecamatan_code")),
    "assignments": ("household_id", ("status", "started_at", "mentor_id", "household_id")),
    "mentoring_sessions": ("household_id", ("status", "occurred_at", "mentor_id", "household_id")),
}
# A mentor moving to another agency moves its households' and visits' agency.
_MENTOR_HOUSEHOLDS = (
    "SELECT household_id FROM assignments WHERE mentor_id = {m} "
    "UNION SELECT household_id FROM mentoring_sessions WHERE mentor_id = {m}"
)


def _pg_changed(table: str, event: str) -> str:
    """The households a statement touched, from its transition tables."""
    key, watched = _WATCHED[table]
    if event == "insert":
        return f"SELECT {key} FROM new_rows"  # noqa: S608 - constants only
    if event == "delete":
        return f"SELECT {key} FROM old_rows"  # noqa: S608 - constants only
    differs = f"({', '.join(f'o.{c}' for c in watched)}) IS DISTINCT FROM "
    differs += f"({', '.join(f'n.{c}' for c in watched)})"
    both = f"new_rows n JOIN old_rows o ON o.id = n.id WHERE {differs}"
    return f"SELECT n.{key} FROM {both} UNION SELECT o.{key} FROM {both}"  # noqa: S608


_PG_EVENTS = {
    "insert": "REFERENCING NEW TABLE AS new_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "REFERENCING OLD TABLE AS old_rows",
}


def _pg_trigger(table: str, event: str, households: str) -> None:
    name = f"stats_{table}_{event}"
    op.execute(
        f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
        f"PERFORM stats_refresh(ARRAY({households})); RETURN NULL; END; $$ LANGUAGE plpgsql"
    )
    op.execute(
        f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} {_PG_EVENTS[event]} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
    )


def _pg_upgrade() -> None:
    op.execute(
        "CREATE FUNCTION stats_refresh(ids uuid[]) RETURNS void AS $$ BEGIN "
        "IF cardinality(ids) = 0 THEN RETURN; END IF; "
        # Another transaction recomputing one of these households commits first; the statements
        # below then see its writes (each takes a new snapshot under READ COMMITTED).
        "PERFORM 1 FROM stats_households WHERE household_id = ANY(ids) "
        "ORDER BY household_id FOR UPDATE; "
        f"{_refresh('postgresql', '= ANY(ids)')} END; $$ LANGUAGE plpgsql"
    )
    for table in _WATCHED:
        for event in ("insert", "update", "delete"):
            if table == "households" and event == "delete":
                continue  # its rollup rows go with it (ON DELETE CASCADE)
            _pg_trigger(table, event, _pg_changed(table, event))
    moved = (
        "SELECT x.household_id FROM new_rows n JOIN old_rows o ON o.id = n.id "
        "AND o.agency_code IS DISTINCT FROM n.agency_code "
        "JOIN (SELECT household_id, mentor_id FROM assignments "
        "UNION SELECT household_id, mentor_id FROM mentoring_sessions) x ON x.mentor_id = n.id"
    )
    _pg_trigger("mentors", "update", moved)
    op.execute("SELECT stats_refresh(ARRAY(SELECT id FROM households))")


def _sqlite_trigger(name: str, event: str, households: str, when: str = "") -> None:
    when = f" WHEN {when}" if when else ""
    op.execute(
        f"CREATE TRIGGER {name} AFTER {event} FOR EACH ROW{when} BEGIN "
        f"{_refresh('sqlite', households)} END"
    )


def _sqlite_upgrade() -> None:
    for table, (key, watched) in _WATCHED.items():
        _sqlite_trigger(f"stats_{table}_insert", f"INSERT ON {table}", f"= NEW.{key}")
        columns = ", ".join(watched)
        _sqlite_trigger(f"stats_{table}_update", f"UPDATE OF {columns} ON {table}", f"= NEW.{key}")
        if table == "households":
            continue  # its id never changes; its rollup rows go with it (ON DELETE CASCADE)
        _sqlite_trigger(
            f"stats_{table}_moved",
            f"UPDATE OF {key} ON {table}",
            f"= OLD.{key}",
            f"OLD.{key} IS NOT NEW.{key}",
        )
        _sqlite_trigger(f"stats_{table}_delete", f"DELETE ON {table}", f"= OLD.{key}")
    _sqlite_trigger(
        "stats_mentors_update",
        "UPDATE OF agency_code ON mentors",
        f"IN ({_MENTOR_HOUSEHOLDS.format(m='NEW.id')})",
        "OLD.agency_code IS NOT NEW.agency_code",
    )
    for statement in _refresh("sqlite", "IN (SELECT id FROM households)").split(";"):
        if statement.strip():
            op.execute(statement)


_PENDING = sa.text("flagged AND status = 'submitted'")
_PENDING_SQLITE = sa.text("flagged = 1 AND status = 'submitted'")  # as SQLAlchemy writes it


def upgrade() -> None:
    op.create_table(
        "stats_households",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("kelurahan_code", sa.String(length=13), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=13), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("assignment_id", sa.Uuid(), nullable=True),
        sa.Column("agency_code", sa.String(length=32), nullable=True),
        sa.Column("mentored_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_visit_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_stats_households_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("household_id", name=op.f("pk_stats_households")),
    )
    op.create_table(
        "stats_visit_months",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("agency_code", sa.String(length=32), nullable=False),
        sa.Column("kelurahan_code", sa.String(length=13), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=13), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("is_first", sa.SmallInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_stats_visit_months_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "month", "household_id", "agency_code", name=op.f("pk_stats_visit_months")
        ),
    )
    op.create_index(
        "ix_stats_visit_months_kecamatan", "stats_visit_months", ["kecamatan_code", "month"]
    )
    op.create_index("ix_stats_visit_months_agency", "stats_visit_months", ["agency_code", "month"])
    op.create_index(
        "ix_household_status_history_to_status",
        "household_status_history",
        ["to_status", "changed_at"],
    )
    op.create_index(
        "ix_mentoring_sessions_flagged_pending",
        "mentoring_sessions",
        ["status", "household_id", "mentor_id"],
        postgresql_where=_PENDING,
        sqlite_where=_PENDING_SQLITE,
    )
    op.create_index(
        "ix_assignments_started", "assignments", ["started_at", "household_id", "mentor_id"]
    )
    op.create_index(
        "ix_mentors_stats",
        "mentors",
        ["status", "agency_code", "kecamatan_code", "kelurahan_code", "id"],
    )
    if op.get_bind().dialect.name == "postgresql":
        _pg_upgrade()
    else:
        _sqlite_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        names = [f"stats_{t}_{e}" for t in _WATCHED for e in ("insert", "update", "delete")]
        names.remove("stats_households_delete")
        for name in [*names, "stats_mentors_update"]:
            table = name.removeprefix("stats_").rsplit("_", 1)[0]
            op.execute(f"DROP TRIGGER {name} ON {table}")
            op.execute(f"DROP FUNCTION {name}()")
        op.execute("DROP FUNCTION stats_refresh(uuid[])")
    else:
        for table in _WATCHED:
            for event in ("insert", "update", "moved", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS stats_{table}_{event}")
        op.execute("DROP TRIGGER stats_mentors_update")
    op.drop_index("ix_mentors_stats", table_name="mentors")
    op.drop_index("ix_assignments_started", table_name="assignments")
    op.drop_index("ix_mentoring_sessions_flagged_pending", table_name="mentoring_sessions")
    op.drop_index("ix_household_status_history_to_status", table_name="household_status_history")
    op.drop_table("stats_visit_months")
    op.drop_table("stats_households")
