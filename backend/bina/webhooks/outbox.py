"""Writing the outbox: delivery rows and their jobs, in the caller's transaction and in bulk, so
a rolled-back change sends nothing and a committed one is delivered at least once."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import get_settings
from bina.jobs import service as jobs
from bina.webhooks import repository
from bina.webhooks.delivery import DELIVER


def envelope(event_type: str, at: datetime, data: dict[str, Any]) -> str:
    """The body of every delivery: `{"type", "timestamp", "data"}` (RFC 3339 UTC)."""
    return orjson.dumps(
        {"type": event_type, "timestamp": at, "data": data}, option=orjson.OPT_UTC_Z
    ).decode()


def delivery(
    endpoint_id: uuid.UUID,
    message_id: str,
    event_type: str,
    object_id: uuid.UUID | None,
    body: str,
    now: datetime,
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "endpoint_id": endpoint_id,
        "message_id": message_id,
        "event_type": event_type,
        "object_id": object_id,
        "body": body,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "last_attempt_at": None,
        "delivered_at": None,
        "response_status": None,
        "response_body": None,
        "last_error": None,
        "created_at": now,
        "updated_at": now,
    }


async def queue(
    session: AsyncSession, rows: Sequence[dict[str, Any]], *, once: bool = False
) -> None:
    """Write these deliveries, each with the job that sends it (`once`: no retries)."""
    if not rows:
        return
    extra = {"once": True} if once else {}
    attempts = 1 if once else len(get_settings().webhook_retry_delays) + 1
    job_ids = await jobs.enqueue_many(
        session,
        DELIVER,
        [{"delivery_id": str(row["id"]), **extra} for row in rows],
        max_attempts=attempts,
    )
    await repository.insert_deliveries(
        session, [row | {"job_id": job_id} for row, job_id in zip(rows, job_ids, strict=True)]
    )


async def requeue(session: AsyncSession, delivery_id: uuid.UUID, now: datetime) -> uuid.UUID:
    """A new series of attempts of an existing delivery (same `webhook-id`, same body)."""
    return await jobs.enqueue(
        session,
        DELIVER,
        {"delivery_id": str(delivery_id)},
        max_attempts=len(get_settings().webhook_retry_delays) + 1,
    )
