"""A background job: written in the transaction that asks for it, claimed by one worker at a time,
retried with backoff, its state kept for the API and for operators."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, SmallInteger, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, Timestamped, new_id, utcnow

# queued -> running -> succeeded | failed; running -> queued again (a retry, or its worker died).
JOB_STATUSES = ("queued", "running", "succeeded", "failed")


class Job(Timestamped, Base):
    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed')", name="status"),
        # The queue: the oldest due job first.
        Index("ix_jobs_queue", "status", "run_at"),
        Index("ix_jobs_kind_status", "kind", "status"),
        # A periodic job is queued once per slot however many workers schedule it.
        Index("uq_jobs_key", "key", unique=True),
        Index(
            "ix_jobs_finished",
            "finished_at",
            postgresql_where=text("finished_at IS NOT NULL"),
            sqlite_where=text("finished_at IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    key: Mapped[str | None] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    max_attempts: Mapped[int] = mapped_column(SmallInteger)
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    worker: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
