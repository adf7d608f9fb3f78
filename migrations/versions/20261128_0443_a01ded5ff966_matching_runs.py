"""Matching runs, their proposals (why this mentor) and unmatched households (why none);
assignments.matching_run_id becomes a foreign key.

Revision ID: a01ded5ff966
Revises: 167ed1cbd2f2
Create Date: 2026-11-28 04:43:38.988839+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import bina.models.base

revision: str = "a01ded5ff966"
down_revision: str | None = "167ed1cbd2f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matching_runs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column(
            "scope",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "weights",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "constraints",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "statistics",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "certificate",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("objective", sa.Float(), nullable=True),
        sa.Column("greedy_objective", sa.Float(), nullable=True),
        sa.Column("solve_seconds", sa.Float(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("heartbeat_at", bina.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("started_at", bina.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", bina.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_at", bina.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "decision",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed', 'approved', 'discarded')",
            name=op.f("ck_matching_runs_status"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["users.id"],
            name=op.f("fk_matching_runs_decided_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["users.id"],
            name=op.f("fk_matching_runs_requested_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_runs")),
    )
    with op.batch_alter_table("matching_runs", schema=None) as batch_op:
        batch_op.create_index("ix_matching_runs_created", ["created_at", "id"], unique=False)
        batch_op.create_index(
            "ix_matching_runs_status_created", ["status", "created_at"], unique=False
        )

    op.create_table(
        "matching_proposals",
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("mentor_id", sa.Uuid(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column(
            "parts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("distance_km", sa.Float(), nullable=False),
        sa.Column(
            "needs_covered",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("change", sa.String(length=10), nullable=False),
        sa.Column("current_assignment_id", sa.Uuid(), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("conflict", sa.String(length=300), nullable=True),
        sa.Column("assignment_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "change IN ('new', 'keep', 'replace')", name=op.f("ck_matching_proposals_change")
        ),
        sa.CheckConstraint(
            "outcome IN ('pending', 'applied', 'kept', 'conflict', 'discarded')",
            name=op.f("ck_matching_proposals_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_matching_proposals_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentors.id"],
            name=op.f("fk_matching_proposals_mentor_id_mentors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["matching_runs.id"],
            name=op.f("fk_matching_proposals_run_id_matching_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "household_id", name=op.f("pk_matching_proposals")),
    )
    with op.batch_alter_table("matching_proposals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_matching_proposals_run_mentor", ["run_id", "mentor_id"], unique=False
        )

    op.create_table(
        "matching_unmatched",
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=60), nullable=False),
        sa.Column("current_assignment_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_matching_unmatched_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["matching_runs.id"],
            name=op.f("fk_matching_unmatched_run_id_matching_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "household_id", name=op.f("pk_matching_unmatched")),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assignments_matching_run_id"), ["matching_run_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_assignments_matching_run_id_matching_runs"),
            "matching_runs",
            ["matching_run_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_assignments_matching_run_id_matching_runs"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_assignments_matching_run_id"))

    op.drop_table("matching_unmatched")
    with op.batch_alter_table("matching_proposals", schema=None) as batch_op:
        batch_op.drop_index("ix_matching_proposals_run_mentor")

    op.drop_table("matching_proposals")
    with op.batch_alter_table("matching_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_matching_runs_status_created")
        batch_op.drop_index("ix_matching_runs_created")

    op.drop_table("matching_runs")
