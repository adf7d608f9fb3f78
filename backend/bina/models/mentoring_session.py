"""A mentor's visit (or call) with a household: when, where, what was discussed, its review."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, Versioned, new_id

SESSION_KINDS = ("home_visit", "phone", "group", "office")
SESSION_STATUSES = ("submitted", "verified", "rejected")


class MentoringSession(Versioned, Base):
    __tablename__ = "mentoring_sessions"
    __table_args__ = (
        CheckConstraint("kind IN ('home_visit', 'phone', 'group', 'office')", name="kind"),
        CheckConstraint("status IN ('submitted', 'verified', 'rejected')", name="status"),
        CheckConstraint("duration_minutes BETWEEN 1 AND 720", name="duration_range"),
        Index("ix_mentoring_sessions_occurred", "occurred_at", "id"),
        Index("ix_mentoring_sessions_household_occurred", "household_id", "occurred_at"),
        Index("ix_mentoring_sessions_mentor_occurred", "mentor_id", "occurred_at"),
        # The sessions that count as visits, for the statistics, read from the index alone
        # (SQLite needs `status` in it for that).
        Index(
            "ix_mentoring_sessions_visits",
            "occurred_at",
            "household_id",
            "mentor_id",
            "status",
            postgresql_where=text("status <> 'rejected'"),
            sqlite_where=text("status <> 'rejected'"),
        ),
    )

    # The phone may choose the id (offline, so a resend never duplicates the visit).
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    assignment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    # Copied from the assignment so scope and filters need no join through it.
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"))
    mentor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentors.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(20))
    duration_minutes: Mapped[int] = mapped_column(SmallInteger)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    distance_m: Mapped[float | None] = mapped_column(Float)  # from the household, when both known
    flagged: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    flag_reason: Mapped[str | None] = mapped_column(String(300))
    topics: Mapped[list[str]] = mapped_column(default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    next_visit_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    reviewed_at: Mapped[datetime | None]
    review_reason: Mapped[str | None] = mapped_column(String(500))
    # SHA-256 of the create body: the same id sent again with the same body is the same visit.
    request_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
