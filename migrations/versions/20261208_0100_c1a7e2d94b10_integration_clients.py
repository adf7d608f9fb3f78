"""Integration clients: other agencies' systems signing in with client credentials (design §10).

Revision ID: c1a7e2d94b10
Revises: b55219cc3461
Create Date: 2026-12-08 01:00:00.000000+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import bina.models.base

revision: str = "c1a7e2d94b10"
down_revision: str | None = "b55219cc3461"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UTC = bina.models.base.UTCDateTime(timezone=True)
_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "integration_clients",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("agency_code", sa.String(length=32), nullable=False),
        sa.Column("scopes", _JSON, nullable=False),
        sa.Column("region_codes", _JSON, nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("previous_secret_hash", sa.String(length=64), nullable=True),
        sa.Column("previous_secret_expires_at", _UTC, nullable=True),
        sa.Column("token_generation", sa.Integer(), nullable=False),
        sa.Column("revoked_at", _UTC, nullable=True),
        sa.Column("last_token_at", _UTC, nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", _UTC, nullable=False),
        sa.Column("updated_at", _UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_code"],
            ["agencies.code"],
            name=op.f("fk_integration_clients_agency_code_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_integration_clients_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integration_clients")),
        sa.UniqueConstraint("client_id", name=op.f("uq_integration_clients_client_id")),
    )
    op.create_index(
        op.f("ix_integration_clients_agency_code"), "integration_clients", ["agency_code"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_integration_clients_agency_code"), table_name="integration_clients")
    op.drop_table("integration_clients")
