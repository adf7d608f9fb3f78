"""Matching runs lose `heartbeat_at`: their job keeps the heartbeat (bina.jobs), nothing read it.

Revision ID: e2a4c6b8d0f1
Revises: d8f3b6a1c5e7
Create Date: 2026-12-08 03:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bina.models.base

revision: str = "e2a4c6b8d0f1"
down_revision: str | None = "d8f3b6a1c5e7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("matching_runs") as batch_op:
        batch_op.drop_column("heartbeat_at")


def downgrade() -> None:
    with op.batch_alter_table("matching_runs") as batch_op:
        batch_op.add_column(
            sa.Column("heartbeat_at", bina.models.base.UTCDateTime(timezone=True), nullable=True)
        )
