"""Assignments: a mentor for a household, at most one active per household (partial unique index
on PostgreSQL AND SQLite); the mentor's capacity is guarded by row locks / SQLite's single writer.

Revision ID: 167ed1cbd2f2
Revises: c3ef72d46acb
Create Date: 2026-11-28 03:19:19.950976+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import bina.models.base

revision: str = "167ed1cbd2f2"
down_revision: str | None = "c3ef72d46acb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ONE_ACTIVE = sa.text("status = 'active'")


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("mentor_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("matching_run_id", sa.Uuid(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column(
            "breakdown",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("started_at", bina.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_at", bina.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=500), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "origin IN ('manual', 'matching_run')", name=op.f("ck_assignments_origin")
        ),
        sa.CheckConstraint(
            "status IN ('proposed', 'active', 'ended', 'rejected')",
            name=op.f("ck_assignments_status"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_assignments_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_assignments_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentors.id"],
            name=op.f("fk_assignments_mentor_id_mentors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index("ix_assignments_created", ["created_at", "id"], unique=False)
        batch_op.create_index(
            "ix_assignments_household_created", ["household_id", "created_at"], unique=False
        )
        batch_op.create_index("ix_assignments_mentor_status", ["mentor_id", "status"], unique=False)
        batch_op.create_index(
            "ux_assignments_household_active",
            ["household_id"],
            unique=True,
            postgresql_where=_ONE_ACTIVE,
            sqlite_where=_ONE_ACTIVE,
        )


def downgrade() -> None:
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index("ux_assignments_household_active")
        batch_op.drop_index("ix_assignments_mentor_status")
        batch_op.drop_index("ix_assignments_household_created")
        batch_op.drop_index("ix_assignments_created")
    op.drop_table("assignments")
