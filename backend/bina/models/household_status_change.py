"""Every change of a household's lifecycle status: from, to, who, when and why (append-only)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, new_id, utcnow


class HouseholdStatusChange(Base):
    """Not `Versioned`: a history row is written once and never edited."""

    __tablename__ = "household_status_history"
    __table_args__ = (
        Index("ix_household_status_history_household", "household_id", "changed_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"))
    from_status: Mapped[str | None] = mapped_column(String(20))  # None: registered
    to_status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    actor_role: Mapped[str | None] = mapped_column(String(20))  # None: the system (worker)
    reason: Mapped[str | None] = mapped_column(String(500))
