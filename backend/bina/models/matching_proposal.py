"""One proposed pair of a matching run, with the score and each part of it (why this mentor)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, Timestamped

# new: the household has no mentor; keep: the proposal is its current mentor; replace: another
# mentor than its current one.
PROPOSAL_CHANGES = ("new", "keep", "replace")
# pending until the run is decided; then applied (an assignment was made), kept (the current one
# stays), conflict (something changed meanwhile, nothing was overwritten) or discarded.
PROPOSAL_OUTCOMES = ("pending", "applied", "kept", "conflict", "discarded")


class MatchingProposal(Timestamped, Base):
    __tablename__ = "matching_proposals"
    __table_args__ = (
        CheckConstraint("change IN ('new', 'keep', 'replace')", name="change"),
        CheckConstraint(
            "outcome IN ('pending', 'applied', 'kept', 'conflict', 'discarded')", name="outcome"
        ),
        Index("ix_matching_proposals_run_mentor", "run_id", "mentor_id"),
    )

    run_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("matching_runs.id", ondelete="CASCADE"), primary_key=True
    )
    household_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), primary_key=True
    )
    mentor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mentors.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    parts: Mapped[dict[str, Any]]
    distance_km: Mapped[float] = mapped_column(Float)
    needs_covered: Mapped[list[str]]
    change: Mapped[str] = mapped_column(String(10))
    # The household's active assignment when the run read the data (None: it had none).
    current_assignment_id: Mapped[uuid.UUID | None]
    outcome: Mapped[str] = mapped_column(String(10), default="pending")
    conflict: Mapped[str | None] = mapped_column(String(300))
    assignment_id: Mapped[uuid.UUID | None]
