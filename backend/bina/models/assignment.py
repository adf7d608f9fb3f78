"""A mentor assigned to a household: proposed by a matching run or made by hand, active, ended."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, Versioned, new_id

ASSIGNMENT_STATUSES = ("proposed", "active", "ended", "rejected")
ASSIGNMENT_ORIGINS = ("manual", "matching_run")

# At most ONE active assignment per household, enforced by the database on both backends.
_ONE_ACTIVE = text("status = 'active'")


class Assignment(Versioned, Base):
    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("status IN ('proposed', 'active', 'ended', 'rejected')", name="status"),
        CheckConstraint("origin IN ('manual', 'matching_run')", name="origin"),
        Index(
            "ux_assignments_household_active",
            "household_id",
            unique=True,
            postgresql_where=_ONE_ACTIVE,
            sqlite_where=_ONE_ACTIVE,
        ),
        Index("ix_assignments_mentor_status", "mentor_id", "status"),
        Index("ix_assignments_household_created", "household_id", "created_at"),
        Index("ix_assignments_created", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # An assignment belongs to its household and mentor: deleting either removes its history
    # (a mentor with an ACTIVE assignment cannot be deleted; see bina.mentors.service).
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"))
    mentor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentors.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="active")
    origin: Mapped[str] = mapped_column(String(20), default="manual")
    matching_run_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("matching_runs.id", ondelete="SET NULL"), index=True
    )
    score: Mapped[float | None] = mapped_column(Float)
    breakdown: Mapped[dict[str, Any] | None]
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
