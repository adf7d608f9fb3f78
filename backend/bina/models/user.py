"""Login accounts: one role each, optionally bound to an agency, a region or a mentor."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, Versioned, new_id

ROLES = ("admin", "agency_admin", "coordinator", "mentor", "auditor")


class User(Versioned, Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin', 'agency_admin', 'coordinator', 'mentor', 'auditor')", name="role"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), index=True)
    agency_code: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("agencies.code"), index=True
    )
    region_code: Mapped[str | None] = mapped_column(String(13), ForeignKey("regions.code"))
    mentor_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("mentors.id", ondelete="SET NULL"), unique=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on deactivation and password change; tokens carry it, so old tokens die at once.
    token_generation: Mapped[int] = mapped_column(Integer, default=0)
