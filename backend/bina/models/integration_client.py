"""Another agency's system signing in with client credentials (design §10): whose it is, what it
may do (scopes) and where (region codes); its secret only as a keyed hash."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, Versioned, new_id


class IntegrationClient(Versioned, Base):
    __tablename__ = "integration_clients"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # The public half of the credentials (`client_id` on the token endpoint).
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    agency_code: Mapped[str] = mapped_column(String(32), ForeignKey("agencies.code"), index=True)
    scopes: Mapped[list[str]] = mapped_column(default=list)
    # Empty: everything the registering admin reaches.
    region_codes: Mapped[list[str]] = mapped_column(default=list)
    # HMAC-SHA256 of the secret under the app's secret key: a 256-bit random secret needs no
    # slow hash, and a stolen table alone cannot be used to check guesses.
    secret_hash: Mapped[str] = mapped_column(String(64))
    # After a rotation the previous secret stays valid until `previous_secret_expires_at`.
    previous_secret_hash: Mapped[str | None] = mapped_column(String(64))
    previous_secret_expires_at: Mapped[datetime | None]
    # Bumped on revocation; tokens carry it, so they stop working at once on every process.
    token_generation: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None]
    last_token_at: Mapped[datetime | None]
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    @property
    def active(self) -> bool:
        return self.revoked_at is None
