"""A dated measurement of a household's welfare indicators and its graduation readiness."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, JSONType, Versioned, new_id


class Assessment(Versioned, Base):
    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint("desil BETWEEN 1 AND 10", name="desil_range"),
        Index("ix_assessments_household_assessed", "household_id", "assessed_on", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"))
    assessed_on: Mapped[date]
    # The mentor of the household when it was assessed (graduation needs someone else).
    mentor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("mentors.id", ondelete="SET NULL")
    )
    # Indicators; None means "not measured", which never meets a criterion.
    per_capita_expenditure: Mapped[int | None] = mapped_column(Integer)  # rupiah/person/day
    income_sources: Mapped[list[str] | None]
    savings_rupiah: Mapped[int | None] = mapped_column(Integer)
    adminduk_complete: Mapped[bool | None] = mapped_column(Boolean)
    jkn_all_members: Mapped[bool | None] = mapped_column(Boolean)
    children_7_18: Mapped[int | None] = mapped_column(Integer)
    children_7_18_in_school: Mapped[int | None] = mapped_column(Integer)
    floor: Mapped[str | None] = mapped_column(String(40))
    water: Mapped[str | None] = mapped_column(String(40))
    sanitation: Mapped[str | None] = mapped_column(String(40))
    desil: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    # What the graduation rule made of it, at the time (a later rule change keeps history).
    poverty_line: Mapped[int] = mapped_column(Integer)
    readiness_score: Mapped[float] = mapped_column(Float)
    ready: Mapped[bool] = mapped_column(Boolean)
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
