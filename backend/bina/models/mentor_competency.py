"""A mentor's competence in one taxonomy area, at level 1 (basic) to 3 (expert)."""

from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base


class MentorCompetency(Base):
    __tablename__ = "mentor_competencies"
    __table_args__ = (CheckConstraint("level BETWEEN 1 AND 3", name="level_range"),)

    mentor_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("mentors.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
    level: Mapped[int] = mapped_column(SmallInteger)
