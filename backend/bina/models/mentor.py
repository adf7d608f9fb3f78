"""An ASN (PNS or PPPK) who can mentor households."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, Versioned, new_id

EMPLOYMENT_TYPES = ("PNS", "PPPK", "PPPK_PARUH_WAKTU")
MENTOR_STATUSES = ("active", "on_leave", "inactive", "retired")


class Mentor(Versioned, Base):
    __tablename__ = "mentors"
    __table_args__ = (
        CheckConstraint("capacity BETWEEN 1 AND 3", name="capacity_range"),
        CheckConstraint("sex IN ('M', 'F')", name="sex"),
        CheckConstraint(
            "employment_type IN ('PNS', 'PPPK', 'PPPK_PARUH_WAKTU')", name="employment_type"
        ),
        CheckConstraint("status IN ('active', 'on_leave', 'inactive', 'retired')", name="status"),
        Index("ix_mentors_agency_created", "agency_code", "created_at", "id"),
        Index("ix_mentors_created", "created_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    employment_type: Mapped[str] = mapped_column(String(20))
    agency_code: Mapped[str] = mapped_column(String(32), ForeignKey("agencies.code"))
    position: Mapped[str | None] = mapped_column(String(200))
    golongan: Mapped[str | None] = mapped_column(String(10))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date]
    appointed_on: Mapped[date | None]
    kelurahan_code: Mapped[str] = mapped_column(String(13), ForeignKey("regions.code"))
    kecamatan_code: Mapped[str] = mapped_column(String(13), ForeignKey("regions.code"), index=True)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    work_lat: Mapped[float | None]
    work_lon: Mapped[float | None]
    capacity: Mapped[int] = mapped_column(SmallInteger, default=1)
    available: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    status_since: Mapped[date | None]
