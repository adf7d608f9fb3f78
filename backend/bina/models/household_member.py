"""A person listed on a household's Kartu Keluarga."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, Versioned, new_id

RELATIONSHIPS = (
    "kepala",
    "istri",
    "suami",
    "anak",
    "menantu",
    "cucu",
    "orang_tua",
    "famili_lain",
    "lainnya",
)


class HouseholdMember(Versioned, Base):
    __tablename__ = "household_members"
    __table_args__ = (CheckConstraint("sex IN ('M', 'F')", name="sex"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    household_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    relationship: Mapped[str] = mapped_column(String(20))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date]
    education: Mapped[str | None] = mapped_column(String(20))
    in_school: Mapped[bool | None] = mapped_column(Boolean)
    occupation: Mapped[str | None] = mapped_column(String(100))
    disability: Mapped[str | None] = mapped_column(String(40))
    has_jkn: Mapped[bool | None] = mapped_column(Boolean)
