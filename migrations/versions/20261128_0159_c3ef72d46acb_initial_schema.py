"""Initial schema: regions, agencies, users, tokens, households, members, needs, mentors,
competencies, audit events, idempotency keys.

Revision ID: c3ef72d46acb
Revises:
Create Date: 2026-11-28 01:59:07.602185+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import bina.models.base

revision: str = "c3ef72d46acb"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The audit trail is append-only in the database itself, not only by convention in the code.
_PG_AUDIT_GUARD = (
    "CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_events is append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
)
_SQLITE_AUDIT_GUARD = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
)


def _guard_audit_events() -> None:
    is_pg = op.get_bind().dialect.name == "postgresql"
    for statement in _PG_AUDIT_GUARD if is_pg else _SQLITE_AUDIT_GUARD:
        op.execute(statement)


def _unguard_audit_events() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_change ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=13), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_agencies")),
    )
    op.create_table(
        "audit_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("occurred_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=20), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=True),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_object_id"), ["object_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_events_occurred_at"), ["occurred_at"], unique=False
        )

    op.create_table(
        "idempotency_keys",
        sa.Column("caller", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status_code", sa.SmallInteger(), nullable=True),
        sa.Column(
            "response_headers",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("caller", "key", name=op.f("pk_idempotency_keys")),
    )
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idempotency_keys_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "regions",
        sa.Column("code", sa.String(length=13), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("parent_code", sa.String(length=13), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_2025", sa.String(length=100), nullable=False),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.CheckConstraint(
            "level IN ('kota', 'kecamatan', 'kelurahan')", name=op.f("ck_regions_level")
        ),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["regions.code"], name=op.f("fk_regions_parent_code_regions")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_regions")),
    )
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_regions_parent_code"), ["parent_code"], unique=False)

    op.create_table(
        "mentors",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("nip", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("employment_type", sa.String(length=20), nullable=False),
        sa.Column("agency_code", sa.String(length=32), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=True),
        sa.Column("golongan", sa.String(length=10), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("appointed_on", sa.Date(), nullable=True),
        sa.Column("kelurahan_code", sa.String(length=13), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=13), nullable=False),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("work_lat", sa.Double(), nullable=True),
        sa.Column("work_lon", sa.Double(), nullable=True),
        sa.Column("capacity", sa.SmallInteger(), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "employment_type IN ('PNS', 'PPPK', 'PPPK_PARUH_WAKTU')",
            name=op.f("ck_mentors_employment_type"),
        ),
        sa.CheckConstraint("sex IN ('M', 'F')", name=op.f("ck_mentors_sex")),
        sa.CheckConstraint(
            "status IN ('active', 'on_leave', 'inactive', 'retired')",
            name=op.f("ck_mentors_status"),
        ),
        sa.CheckConstraint("capacity BETWEEN 1 AND 3", name=op.f("ck_mentors_capacity_range")),
        sa.ForeignKeyConstraint(
            ["agency_code"], ["agencies.code"], name=op.f("fk_mentors_agency_code_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["kecamatan_code"], ["regions.code"], name=op.f("fk_mentors_kecamatan_code_regions")
        ),
        sa.ForeignKeyConstraint(
            ["kelurahan_code"], ["regions.code"], name=op.f("fk_mentors_kelurahan_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentors")),
        sa.UniqueConstraint("nip", name=op.f("uq_mentors_nip")),
    )
    with op.batch_alter_table("mentors", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mentors_agency_created", ["agency_code", "created_at", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mentors_available"), ["available"], unique=False)
        batch_op.create_index("ix_mentors_created", ["created_at", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mentors_kecamatan_code"), ["kecamatan_code"], unique=False
        )

    op.create_table(
        "mentor_competencies",
        sa.Column("mentor_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint(
            "level BETWEEN 1 AND 3", name=op.f("ck_mentor_competencies_level_range")
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentors.id"],
            name=op.f("fk_mentor_competencies_mentor_id_mentors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mentor_id", "code", name=op.f("pk_mentor_competencies")),
    )
    with op.batch_alter_table("mentor_competencies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentor_competencies_code"), ["code"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("agency_code", sa.String(length=32), nullable=True),
        sa.Column("region_code", sa.String(length=13), nullable=True),
        sa.Column("mentor_id", sa.Uuid(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("token_generation", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('admin', 'agency_admin', 'coordinator', 'mentor', 'auditor')",
            name=op.f("ck_users_role"),
        ),
        sa.ForeignKeyConstraint(
            ["agency_code"], ["agencies.code"], name=op.f("fk_users_agency_code_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentors.id"],
            name=op.f("fk_users_mentor_id_mentors"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_users_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("mentor_id", name=op.f("uq_users_mentor_id")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_agency_code"), ["agency_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_users_role"), ["role"], unique=False)

    op.create_table(
        "households",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kk_number", sa.String(length=16), nullable=False),
        sa.Column("head_name", sa.String(length=200), nullable=False),
        sa.Column("head_nik", sa.String(length=16), nullable=False),
        sa.Column("kelurahan_code", sa.String(length=13), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=13), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("rt", sa.String(length=3), nullable=True),
        sa.Column("rw", sa.String(length=3), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("desil", sa.SmallInteger(), nullable=True),
        sa.Column("desil_source", sa.String(length=40), nullable=True),
        sa.Column("desil_as_of", sa.Date(), nullable=True),
        sa.Column("extreme_poor", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_changed_at", bina.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "housing",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "assistance",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('identified', 'verified', 'assigned', 'mentoring', 'graduated', 'monitoring', 'exited', 'moved')",
            name=op.f("ck_households_status"),
        ),
        sa.CheckConstraint("desil BETWEEN 1 AND 10", name=op.f("ck_households_desil_range")),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_households_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["kecamatan_code"], ["regions.code"], name=op.f("fk_households_kecamatan_code_regions")
        ),
        sa.ForeignKeyConstraint(
            ["kelurahan_code"], ["regions.code"], name=op.f("fk_households_kelurahan_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
        sa.UniqueConstraint("kk_number", name=op.f("uq_households_kk_number")),
    )
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.create_index("ix_households_created", ["created_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_households_desil"), ["desil"], unique=False)
        batch_op.create_index("ix_households_head_name", ["head_name", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_households_head_nik"), ["head_nik"], unique=False)
        batch_op.create_index(
            "ix_households_kecamatan_created", ["kecamatan_code", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_households_kelurahan_code"), ["kelurahan_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_households_status"), ["status"], unique=False)

    op.create_table(
        "refresh_tokens",
        sa.Column("jti", sa.Uuid(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("issued_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", bina.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", bina.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_refresh_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_refresh_tokens")),
    )
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_refresh_tokens_family_id"), ["family_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_refresh_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "household_members",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("relationship", sa.String(length=20), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("education", sa.String(length=20), nullable=True),
        sa.Column("in_school", sa.Boolean(), nullable=True),
        sa.Column("occupation", sa.String(length=100), nullable=True),
        sa.Column("disability", sa.String(length=40), nullable=True),
        sa.Column("has_jkn", sa.Boolean(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bina.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("sex IN ('M', 'F')", name=op.f("ck_household_members_sex")),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_members_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_members")),
        sa.UniqueConstraint("nik", name=op.f("uq_household_members_nik")),
    )
    with op.batch_alter_table("household_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_members_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "household_needs",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_household_needs_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("household_id", "code", name=op.f("pk_household_needs")),
    )
    with op.batch_alter_table("household_needs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_household_needs_code"), ["code"], unique=False)

    _guard_audit_events()


def downgrade() -> None:
    _unguard_audit_events()
    with op.batch_alter_table("household_needs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_needs_code"))

    op.drop_table("household_needs")
    with op.batch_alter_table("household_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_members_household_id"))

    op.drop_table("household_members")
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_user_id"))
        batch_op.drop_index(batch_op.f("ix_refresh_tokens_family_id"))

    op.drop_table("refresh_tokens")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_households_status"))
        batch_op.drop_index(batch_op.f("ix_households_kelurahan_code"))
        batch_op.drop_index("ix_households_kecamatan_created")
        batch_op.drop_index(batch_op.f("ix_households_head_nik"))
        batch_op.drop_index("ix_households_head_name")
        batch_op.drop_index(batch_op.f("ix_households_desil"))
        batch_op.drop_index("ix_households_created")

    op.drop_table("households")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_role"))
        batch_op.drop_index(batch_op.f("ix_users_agency_code"))

    op.drop_table("users")
    with op.batch_alter_table("mentor_competencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentor_competencies_code"))

    op.drop_table("mentor_competencies")
    with op.batch_alter_table("mentors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentors_kecamatan_code"))
        batch_op.drop_index("ix_mentors_created")
        batch_op.drop_index(batch_op.f("ix_mentors_available"))
        batch_op.drop_index("ix_mentors_agency_created")

    op.drop_table("mentors")
    with op.batch_alter_table("regions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_regions_parent_code"))

    op.drop_table("regions")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_keys_created_at"))

    op.drop_table("idempotency_keys")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_audit_events_object_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_actor_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_action"))

    op.drop_table("audit_events")
    op.drop_table("agencies")
