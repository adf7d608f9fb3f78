"""One job mechanism for all background work: the `jobs` table (claimed with FOR UPDATE SKIP
LOCKED on PostgreSQL), and each matching run pointing at the job that solves it. Runs still
waiting or running when this migration runs get a job, so no queued run is forgotten.

Revision ID: b55219cc3461
Revises: 89ae993d3f00
Create Date: 2026-12-08 00:00:00.000000+00:00
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import bina.models.base

revision: str = "b55219cc3461"
down_revision: str | None = "89ae993d3f00"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UTC = bina.models.base.UTCDateTime(timezone=True)
_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    jobs = op.create_table(
        "jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("payload", _JSON, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        sa.Column("max_attempts", sa.SmallInteger(), nullable=False),
        sa.Column("run_at", _UTC, nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("heartbeat_at", _UTC, nullable=True),
        sa.Column("started_at", _UTC, nullable=True),
        sa.Column("finished_at", _UTC, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", _UTC, nullable=False),
        sa.Column("updated_at", _UTC, nullable=False),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed')", name=op.f("ck_jobs_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    where = sa.text("finished_at IS NOT NULL")
    op.create_index(
        "ix_jobs_finished", "jobs", ["finished_at"], postgresql_where=where, sqlite_where=where
    )
    op.create_index("ix_jobs_kind_status", "jobs", ["kind", "status"])
    op.create_index("ix_jobs_queue", "jobs", ["status", "run_at"])
    op.create_index("uq_jobs_key", "jobs", ["key"], unique=True)

    with op.batch_alter_table("matching_runs") as batch_op:
        batch_op.add_column(sa.Column("job_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_matching_runs_job_id_jobs"),
            "jobs",
            ["job_id"],
            ["id"],
            ondelete="SET NULL",
        )

    bind = op.get_bind()
    runs = sa.table(
        "matching_runs", sa.column("id", sa.Uuid()), sa.column("status"), sa.column("job_id")
    )
    now = datetime.now(UTC)
    for (run_id,) in bind.execute(
        sa.select(runs.c.id).where(runs.c.status.in_(("queued", "running")))
    ):
        job_id = uuid.uuid4()
        bind.execute(
            jobs.insert().values(
                id=job_id,
                kind="matching.run",
                payload={"run_id": str(run_id)},
                status="queued",
                attempts=0,
                max_attempts=3,
                run_at=now,
                created_at=now,
                updated_at=now,
            )
        )
        bind.execute(runs.update().where(runs.c.id == run_id).values(job_id=job_id))


def downgrade() -> None:
    with op.batch_alter_table("matching_runs") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_matching_runs_job_id_jobs"), type_="foreignkey")
        batch_op.drop_column("job_id")
    op.drop_table("jobs")
