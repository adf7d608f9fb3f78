"""Extreme-poor household (one Kartu Keluarga): identity, location, welfare ranking, lifecycle."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, Versioned, new_id

HOUSEHOLD_STATUSES = (
    "identified",
    "verified",
    "assigned",
    "mentoring",
    "graduated",
    "monitoring",
    "exited",
    "moved",
)


class Household(Versioned, Base):
    __tablename__ = "households"
    __table_args__ = (
        CheckConstraint("desil BETWEEN 1 AND 10", name="desil_range"),
        CheckConstraint(
            "status IN ('identified', 'verified', 'assigned', 'mentoring', 'graduated', "
            "'monitoring', 'exited', 'moved')",
            name="status",
        ),
        Index("ix_households_kecamatan_created", "kecamatan_code", "created_at", "id"),
        Index("ix_households_created", "created_at", "id"),
        Index("ix_households_head_name", "head_name", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kk_number: Mapped[str] = mapped_column(String(16), unique=True)
    head_name: Mapped[str] = mapped_column(String(200))
    head_nik: Mapped[str] = mapped_column(String(16), index=True)
    kelurahan_code: Mapped[str] = mapped_column(String(13), ForeignKey("regions.code"), index=True)
    kecamatan_code: Mapped[str] = mapped_column(String(13), ForeignKey("regions.code"))
    address: Mapped[str] = mapped_column(String(300))
    rt: Mapped[str | None] = mapped_column(String(3))
    rw: Mapped[str | None] = mapped_column(String(3))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    desil: Mapped[int | None] = mapped_column(SmallInteger, index=True)
    desil_source: Mapped[str | None] = mapped_column(String(40))
    desil_as_of: Mapped[date | None]
    extreme_poor: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(20), default="identified", index=True)
    status_changed_at: Mapped[datetime | None]
    graduated_at: Mapped[datetime | None]
    monitoring_until: Mapped[date | None]  # graduated households are watched until this day
    housing: Mapped[dict[str, Any]] = mapped_column(default=dict)
    assistance: Mapped[list[str]] = mapped_column(default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
