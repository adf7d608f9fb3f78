"""The webhook outbox: one row per event per endpoint, written in the transaction of the change
it announces, holding the exact body to send and the state of its attempts."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from bina.models.base import Base, Timestamped, new_id

# pending -> succeeded | failed; a redelivery makes a finished one pending again.
DELIVERY_STATUSES = ("pending", "succeeded", "failed")


class WebhookDelivery(Timestamped, Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="status"),
        # An endpoint's deliveries, newest first (its list); those still to send (an endpoint
        # disabled stops them; /metrics counts them).
        Index("ix_webhook_deliveries_endpoint_created", "endpoint_id", "created_at", "id"),
        Index(
            "ix_webhook_deliveries_pending",
            "endpoint_id",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        # Retention (finished deliveries by age) and /metrics (finished in the last hour).
        Index("ix_webhook_deliveries_updated", "updated_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    endpoint_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    # The `webhook-id` header: the same on every attempt, so receivers can drop duplicates.
    message_id: Mapped[str] = mapped_column(String(40))
    event_type: Mapped[str] = mapped_column(String(60))
    object_id: Mapped[uuid.UUID | None]
    # The body exactly as signed and sent: {"type", "timestamp", "data"}.
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    next_attempt_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    response_status: Mapped[int | None] = mapped_column(SmallInteger)
    response_body: Mapped[str | None] = mapped_column(Text)  # at most 1 KB of it
    last_error: Mapped[str | None] = mapped_column(Text)
    # The job of the latest series of attempts (jobs are pruned; no foreign key).
    job_id: Mapped[uuid.UUID | None]
