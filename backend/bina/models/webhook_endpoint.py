"""A URL another system registered to receive Bina's events (design §10, Standard Webhooks): what
it subscribes to, the secret its deliveries are signed with, and who owns it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, Versioned, new_id


class WebhookEndpoint(Versioned, Base):
    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        # Owned by a person (an admin of the program office) or by one integration client.
        CheckConstraint("(created_by IS NULL) <> (owner_client_id IS NULL)", name="one_owner"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    url: Mapped[str] = mapped_column(String(2000))
    event_types: Mapped[list[str]] = mapped_column(default=list)
    description: Mapped[str | None] = mapped_column(String(500))
    # Kept as issued (`whsec_` + base64): an HMAC needs the key itself, so a hash would not do.
    secret: Mapped[str] = mapped_column(String(100))
    # After a rotation the old secret signs too (a second `v1,` signature) until it expires.
    previous_secret: Mapped[str | None] = mapped_column(String(100))
    previous_secret_expires_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    disabled_at: Mapped[datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    owner_client_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("integration_clients.id", ondelete="CASCADE"), index=True
    )
