"""A matching run: one city-wide (or kecamatan-wide) optimisation, queued, solved by a worker,
then reviewed and approved or discarded by the programme office."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, Versioned, new_id

# queued -> running -> succeeded -> approved | discarded; running -> failed. A queued run may be
# discarded before a worker takes it.
MATCHING_RUN_STATUSES = ("queued", "running", "succeeded", "failed", "approved", "discarded")


class MatchingRun(Versioned, Base):
    __tablename__ = "matching_runs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed', 'approved', 'discarded')",
            name="status",
        ),
        # The queue: workers take the oldest queued run.
        Index("ix_matching_runs_status_created", "status", "created_at"),
        Index("ix_matching_runs_created", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    scope: Mapped[dict[str, Any]]
    weights: Mapped[dict[str, Any]]
    constraints: Mapped[dict[str, Any]]
    statistics: Mapped[dict[str, Any] | None]
    certificate: Mapped[dict[str, Any] | None]
    objective: Mapped[float | None] = mapped_column(Float)
    greedy_objective: Mapped[float | None] = mapped_column(Float)
    solve_seconds: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    # The job that solves it; the job is deleted some days after it ends, the run stays.
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    worker: Mapped[str | None] = mapped_column(String(200))
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decision: Mapped[dict[str, Any] | None]
    requested_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
