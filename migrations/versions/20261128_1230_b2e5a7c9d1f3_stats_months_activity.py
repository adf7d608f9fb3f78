"""Statistics rollup per month: assessments and assignments started join the visits, so the
monthly series reads one rollup (plus the few graduations) instead of also grouping every
assessment and assignment of the year, and an agency's series no longer scans the assessments to
find its mentors' ones.

A row is a household's activity in one month (city time) by one agency's mentors: visits
(sessions not rejected), assessments (by date; an assessment without a mentor counts for the
city under agency ''), assignments started. Kept exact as before: every trigger recomputes the
touched households' rows from the base tables; assessments get triggers of their own, and a
mentor moving agency also recomputes the households it assessed.

Revision ID: b2e5a7c9d1f3
Revises: 7c1d4e9b2f60
Create Date: 2026-11-28 12:30:00.000000+00:00
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "b2e5a7c9d1f3"
down_revision: str | None = "7c1d4e9b2f60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The city's wall clock (bina.models.stats_rollup.ROLLUP_TIME_ZONE): WIB has no daylight saving,
# so SQLite's fixed offset gives the same months as PostgreSQL's zone. Dates have no zone.
_INSTANT_MONTH = {
    "postgresql": "to_char({} AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM')",
    "sqlite": "strftime('%Y-%m', {}, '+7 hours')",
}
_DATE_MONTH = {"postgresql": "to_char({}, 'YYYY-MM')", "sqlite": "strftime('%Y-%m', {})"}
_FACT_COLUMNS = (
    "kelurahan_code",
    "kecamatan_code",
    "status",
    "assignment_id",
    "agency_code",
    "mentored_since",
    "last_visit_at",
)
_MONTH_COLUMNS = "month, household_id, agency_code, kelurahan_code, kecamatan_code, " + (
    "sessions, is_first, assessments, assignments_started"
)


def _refresh(dialect: str, households: str) -> str:
    """SQL that rewrites the rollup rows of the households `household_id {households}` selects
    (`= NEW.household_id`, `= ANY(ids)`, `IN (SELECT ...)`) from the base tables."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in _FACT_COLUMNS)
    instant, day = _INSTANT_MONTH[dialect].format, _DATE_MONTH[dialect].format
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
INSERT INTO stats_visit_months ({_MONTH_COLUMNS})
SELECT g.month, g.household_id, g.agency_code, h.kelurahan_code, h.kecamatan_code, g.sessions,
       CASE WHEN g.sessions > 0 AND row_number() OVER (
              PARTITION BY g.household_id, g.month ORDER BY g.sessions = 0, g.agency_code) = 1
            THEN 1 ELSE 0 END,
       g.assessments, g.assignments_started
FROM (SELECT u.month, u.household_id, u.agency_code, sum(u.sessions) AS sessions,
             sum(u.assessments) AS assessments, sum(u.started) AS assignments_started
      FROM (SELECT {instant("s.occurred_at")} AS month, s.household_id, m.agency_code,
                   1 AS sessions, 0 AS assessments, 0 AS started
            FROM mentoring_sessions s JOIN mentors m ON m.id = s.mentor_id
            WHERE s.status <> 'rejected' AND s.household_id {households}
            UNION ALL
            SELECT {day("x.assessed_on")}, x.household_id, coalesce(m.agency_code, ''), 0, 1, 0
            FROM assessments x LEFT JOIN mentors m ON m.id = x.mentor_id
            WHERE x.household_id {households}
            UNION ALL
            SELECT {instant("a.started_at")}, a.household_id, m.agency_code, 0, 0, 1
            FROM assignments a JOIN mentors m ON m.id = a.mentor_id
            WHERE a.started_at IS NOT NULL AND a.household_id {households}) u
      GROUP BY u.month, u.household_id, u.agency_code) g
JOIN households h ON h.id = g.household_id;
"""  # noqa: S608


# table -> (the household column, the columns whose change moves a statistic)
_WATCHED = {
    "households": ("id", ("status", "kelurahan_code", "kecamatan_code")),
    "assignments": ("household_id", ("status", "started_at", "mentor_id", "household_id")),
    "mentoring_sessions": ("household_id", ("status", "occurred_at", "mentor_id", "household_id")),
    "assessments": ("household_id", ("assessed_on", "mentor_id", "household_id")),
}
_BY_MENTOR = ("assignments", "mentoring_sessions", "assessments")
_EVENTS = ("insert", "update", "delete")


def _trigger_names(watched: Sequence[str], events: Sequence[str]) -> list[tuple[str, str]]:
    """(trigger, table) of each stats trigger on `watched` tables, and the mentors' one."""
    names = [(f"stats_{t}_{e}", t) for t in watched for e in events]
    names = [n for n in names if n[0] not in ("stats_households_delete", "stats_households_moved")]
    return [*names, ("stats_mentors_update", "mentors")]


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


def _pg_drop(watched: Sequence[str]) -> None:
    for name, table in _trigger_names(watched, _EVENTS):
        op.execute(f"DROP TRIGGER {name} ON {table}")
        op.execute(f"DROP FUNCTION {name}()")
    op.execute("DROP FUNCTION stats_refresh(uuid[])")


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
        for event in _EVENTS:
            if table == "households" and event == "delete":
                continue  # its rollup rows go with it (ON DELETE CASCADE)
            _pg_trigger(table, event, _pg_changed(table, event))
    # Table names from _BY_MENTOR only.
    of_mentor = " UNION ".join(f"SELECT household_id, mentor_id FROM {t}" for t in _BY_MENTOR)  # noqa: S608
    moved = (
        "SELECT x.household_id FROM new_rows n JOIN old_rows o ON o.id = n.id "  # noqa: S608
        "AND o.agency_code IS DISTINCT FROM n.agency_code "
        f"JOIN ({of_mentor}) x ON x.mentor_id = n.id"
    )
    _pg_trigger("mentors", "update", moved)
    op.execute("SELECT stats_refresh(ARRAY(SELECT id FROM households))")


def _sqlite_trigger(name: str, event: str, households: str, when: str = "") -> None:
    when = f" WHEN {when}" if when else ""
    op.execute(
        f"CREATE TRIGGER {name} AFTER {event} FOR EACH ROW{when} BEGIN "
        f"{_refresh('sqlite', households)} END"
    )


def _sqlite_drop(watched: Sequence[str]) -> None:
    for name, _table in _trigger_names(watched, (*_EVENTS, "moved")):
        op.execute(f"DROP TRIGGER {name}")


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
    of_mentor = " UNION ".join(
        f"SELECT household_id FROM {t} WHERE mentor_id = NEW.id"  # noqa: S608 - constants only
        for t in _BY_MENTOR
    )
    _sqlite_trigger(
        "stats_mentors_update",
        "UPDATE OF agency_code ON mentors",
        f"IN ({of_mentor})",
        "OLD.agency_code IS NOT NEW.agency_code",
    )
    for statement in _refresh("sqlite", "IN (SELECT id FROM households)").split(";"):
        if statement.strip():
            op.execute(statement)


def _months_table(*extra: sa.Column[int], **kw: bool) -> None:
    op.create_table(
        "stats_visit_months",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("agency_code", sa.String(length=32), nullable=False),
        sa.Column("kelurahan_code", sa.String(length=13), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=13), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("is_first", sa.SmallInteger(), nullable=False),
        *extra,
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_stats_visit_months_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "month", "household_id", "agency_code", name=op.f("pk_stats_visit_months")
        ),
        **kw,
    )
    op.create_index(
        "ix_stats_visit_months_kecamatan", "stats_visit_months", ["kecamatan_code", "month"]
    )
    op.create_index("ix_stats_visit_months_agency", "stats_visit_months", ["agency_code", "month"])


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    previous = ("households", "assignments", "mentoring_sessions")
    if postgresql:
        _pg_drop(previous)
    else:
        _sqlite_drop(previous)
    op.drop_table("stats_visit_months")  # derived data: rebuilt below
    _months_table(
        sa.Column("assessments", sa.Integer(), nullable=False),
        sa.Column("assignments_started", sa.Integer(), nullable=False),
        # SQLite stores the rows in key order, so a range of months is read without a lookup
        # from the key's index into the table per row (the monthly series reads ~60,000).
        sqlite_with_rowid=False,
    )
    if postgresql:
        _pg_upgrade()
    else:
        _sqlite_upgrade()


def _previous() -> ModuleType:
    """The migration this one revises, whose triggers a downgrade puts back."""
    path = next(Path(__file__).parent.glob("*_7c1d4e9b2f60_stats_rollups.py"))
    spec = importlib.util.spec_from_file_location("stats_rollups_7c1d4e9b2f60", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    previous = _previous()
    if postgresql:
        _pg_drop(tuple(_WATCHED))
    else:
        _sqlite_drop(tuple(_WATCHED))
    op.drop_table("stats_visit_months")
    _months_table()
    if postgresql:
        previous._pg_upgrade()
    else:
        previous._sqlite_upgrade()
