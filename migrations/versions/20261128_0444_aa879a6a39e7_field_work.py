"""Field work: mentoring sessions (client UUIDs), their action items, assessments with graduation
readiness, the household status history, and households' graduation/monitoring dates.

Revision ID: aa879a6a39e7
Revises: a01ded5ff966
Create Date: 2026-11-28 04:44:53.807828+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import bina.models.base

revision: str = "aa879a6a39e7"
down_revision: str | None = "a01ded5ff966"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("mentor_id", sa.Uuid(), nullable=True),
        sa.Column("per_capita_expenditure", sa.Integer(), nullable=True),
        sa.Column(
            "income_sources",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("savings_rupiah", sa.Integer(), nullable=True),
        sa.Column("adminduk_complete", sa.Boolean(), nullable=True),
        sa.Column("jkn_all_members", sa.Boolean(), nullable=True),
        sa.Column("children_7_18", sa.Integer(), nullable=True),
        sa.Column("children_7_18_in_school", sa.Integer(), nullable=True),
        sa.Column("floor", sa.String(length=40), nullable=True),
        sa.Column("water", sa.String(length=40), nullable=True),
        sa.Column("sanitation", sa.String(length=40), nullable=True),
        sa.Column("desil", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("poverty_line", sa.Integer(), nullable=False),
        sa.Column("readiness_score", sa.Float(), nullable=False),
        sa.Column("ready", sa.Boolean(), nullable=False),
        sa.Column(
            "criteria",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("desil BETWEEN 1 AND 10", name=op.f("ck_assessments_desil_range")),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_assessments_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_assessments_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentors.id"],
            name=op.f("fk_assessments_mentor_id_mentors"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assessments_household_assessed",
            ["household_id", "assessed_on", "created_at"],
            unique=False,
        )

    op.create_table(
        "household_status_history",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("changed_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["changed_by"],
            ["users.id"],
            name=op.f("fk_household_status_history_changed_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_status_history_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_status_history")),
    )
    with op.batch_alter_table("household_status_history", schema=None) as batch_op:
        batch_op.create_index(
            "ix_household_status_history_household",
            ["household_id", "changed_at", "id"],
            unique=False,
        )

    op.create_table(
        "mentoring_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assignment_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("mentor_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("duration_minutes", sa.SmallInteger(), nullable=False),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("flag_reason", sa.String(length=300), nullable=True),
        sa.Column(
            "topics",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("next_visit_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reviewed_by", sa.Uuid(), nullable=True),
        sa.Column("reviewed_at", bina.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("review_reason", sa.String(length=500), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('home_visit', 'phone', 'group', 'office')",
            name=op.f("ck_mentoring_sessions_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('submitted', 'verified', 'rejected')",
            name=op.f("ck_mentoring_sessions_status"),
        ),
        sa.CheckConstraint(
            "duration_minutes BETWEEN 1 AND 720", name=op.f("ck_mentoring_sessions_duration_range")
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_mentoring_sessions_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_mentoring_sessions_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_mentoring_sessions_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentors.id"],
            name=op.f("fk_mentoring_sessions_mentor_id_mentors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"],
            ["users.id"],
            name=op.f("fk_mentoring_sessions_reviewed_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentoring_sessions")),
    )
    with op.batch_alter_table("mentoring_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mentoring_sessions_assignment_id"), ["assignment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mentoring_sessions_flagged"), ["flagged"], unique=False
        )
        batch_op.create_index(
            "ix_mentoring_sessions_household_occurred",
            ["household_id", "occurred_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_mentoring_sessions_mentor_occurred", ["mentor_id", "occurred_at"], unique=False
        )
        batch_op.create_index("ix_mentoring_sessions_occurred", ["occurred_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mentoring_sessions_status"), ["status"], unique=False)

    op.create_table(
        "action_items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done_at", bina.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'done', 'dropped')", name=op.f("ck_action_items_status")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_action_items_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["mentoring_sessions.id"],
            name=op.f("fk_action_items_session_id_mentoring_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_action_items_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_action_items_household_due", ["household_id", "due_date", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_action_items_session_id"), ["session_id"], unique=False
        )

    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("graduated_at", bina.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("monitoring_until", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_column("monitoring_until")
        batch_op.drop_column("graduated_at")

    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_session_id"))
        batch_op.drop_index("ix_action_items_household_due")

    op.drop_table("action_items")
    with op.batch_alter_table("mentoring_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentoring_sessions_status"))
        batch_op.drop_index("ix_mentoring_sessions_occurred")
        batch_op.drop_index("ix_mentoring_sessions_mentor_occurred")
        batch_op.drop_index("ix_mentoring_sessions_household_occurred")
        batch_op.drop_index(batch_op.f("ix_mentoring_sessions_flagged"))
        batch_op.drop_index(batch_op.f("ix_mentoring_sessions_assignment_id"))

    op.drop_table("mentoring_sessions")
    with op.batch_alter_table("household_status_history", schema=None) as batch_op:
        batch_op.drop_index("ix_household_status_history_household")

    op.drop_table("household_status_history")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_assessments_household_assessed")

    op.drop_table("assessments")
