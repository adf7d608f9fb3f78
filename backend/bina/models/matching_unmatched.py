"""A household a matching run could not match, and why."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base


class MatchingUnmatched(Base):
    __tablename__ = "matching_unmatched"

    run_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("matching_runs.id", ondelete="CASCADE"), primary_key=True
    )
    household_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[str] = mapped_column(String(60))
    # Its active assignment at run time: approving a whole-city re-match ends it.
    current_assignment_id: Mapped[uuid.UUID | None]
