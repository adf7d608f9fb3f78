"""Kemendagri regions: kota, kecamatan, kelurahan (reference data, keyed by code)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base


class Region(Base):
    __tablename__ = "regions"
    __table_args__ = (CheckConstraint("level IN ('kota', 'kecamatan', 'kelurahan')", name="level"),)

    code: Mapped[str] = mapped_column(String(13), primary_key=True)
    level: Mapped[str] = mapped_column(String(10))
    parent_code: Mapped[str | None] = mapped_column(
        String(13), ForeignKey("regions.code"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    name_2025: Mapped[str] = mapped_column(String(100))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
