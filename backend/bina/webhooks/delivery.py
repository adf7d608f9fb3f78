"""Delivering the outbox: the `webhooks.deliver` job sends one delivery (one attempt per run),
records what the receiver answered, and retries on the schedule of
`BINA_WEBHOOK_RETRY_SECONDS` — the same `webhook-id` and body every time — until the receiver
takes it (2xx), the schedule is spent (`failed`), or it answers 410 Gone (the endpoint is
disabled and its waiting deliveries stop)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Row

from bina.audit import service as audit
from bina.jobs.service import GiveUp, JobContext, JobKind, RetryLater
from bina.models.base import utcnow
from bina.webhooks import repository, sender

GONE = 410


def signing_keys(target: Row[Any]) -> list[str]:
    """The current secret, and the previous one while its grace period lasts."""
    keys = [target.secret]
    expires = target.previous_secret_expires_at
    if target.previous_secret and expires is not None and expires > utcnow():
        keys.append(target.previous_secret)
    return keys


async def _deliver(ctx: JobContext) -> None:
    delivery_id = uuid.UUID(ctx.payload["delivery_id"])
    async with ctx.maker() as session, session.begin():
        target = await repository.delivery_target(session, delivery_id)
    if target is None or target.status != "pending" or target.job_id != ctx.id:
        # Deleted with its endpoint, stopped (the endpoint answered 410), or redelivered
        # meanwhile under a newer job: only a delivery's current job sends it.
        return
    if not target.active:
        async with ctx.maker() as session, session.begin():
            await repository.fail_pending(
                session, utcnow(), "the endpoint is disabled", delivery_id=delivery_id
            )
        return
    settings = ctx.settings
    attempt = await sender.send(
        target.url,
        target.message_id,
        target.body,
        signing_keys(target),
        allow_private=settings.webhooks_allow_private_networks,
        timeout_s=settings.webhook_timeout_s,
    )
    delays = settings.webhook_retry_delays
    final = bool(ctx.payload.get("once")) or ctx.attempt > len(delays)
    now = utcnow()
    values: dict[str, Any] = {
        "response_status": attempt.status,
        "response_body": attempt.body,
        "last_error": attempt.error,
        "next_attempt_at": None,
    }
    gone = attempt.status == GONE
    if attempt.ok:
        values |= {"status": "succeeded", "delivered_at": now}
    elif gone or final:
        values["status"] = "failed"
    else:
        delay = delays[ctx.attempt - 1]
        values["next_attempt_at"] = now + timedelta(seconds=delay)
    async with ctx.maker() as session, session.begin():
        await repository.record_attempt(session, delivery_id, now, values)
        if gone:
            why = f"the receiver answered 410 Gone at {now.isoformat()}"
            await repository.disable(session, target.endpoint_id, now, why)
            audit.record(
                session, None, "webhook.disable", "webhook", target.endpoint_id, {"why": "410"}
            )
            await repository.fail_pending(
                session, now, "the endpoint is disabled", endpoint_id=target.endpoint_id
            )
    if attempt.ok:
        return
    if gone:
        raise GiveUp("the receiver answered 410 Gone: endpoint disabled")
    if final:
        raise GiveUp(attempt.error or "failed")
    raise RetryLater(attempt.error or "failed", delay)


async def _gave_up(ctx: JobContext, error: str) -> None:
    """The job failed for a reason of its own (workers kept dying on it): so does the delivery."""
    async with ctx.maker() as session, session.begin():
        delivery_id = uuid.UUID(ctx.payload["delivery_id"])
        await repository.fail_pending(session, utcnow(), error, delivery_id=delivery_id)


DELIVER = JobKind("webhooks.deliver", _deliver, max_attempts=7, on_give_up=_gave_up)


async def _prune(ctx: JobContext) -> None:
    before = utcnow() - timedelta(days=ctx.settings.webhook_retention_days)
    async with ctx.maker() as session, session.begin():
        await repository.prune(session, before)


PRUNE = JobKind("webhooks.prune", _prune, max_attempts=3, every=timedelta(days=1))
