"""Webhook deliveries as /metrics shows them: those waiting, and those finished in the last
hour by outcome, read from the database (the workers that send them are other processes)."""

from __future__ import annotations

from tests.observability.conftest import scrape
from tests.webhooks.factories import Scene
from tests.webhooks.receiver import Reply

GAUGE = "bina_webhook_deliveries"


async def test_waiting_and_finished_deliveries_by_outcome(scene: Scene) -> None:
    h = await scene.hooked(["household.created"])
    before = await scrape(scene.client)
    assert {before.value(GAUGE, status=s) for s in ("pending", "succeeded", "failed")} == {0}

    scene.receiver.script = [Reply(200), Reply(500)]
    await scene.household()
    await scene.household()
    waiting = await scrape(scene.client)
    assert waiting.value(GAUGE, status="pending") == 2

    await scene.deliver(webhook_retry_seconds="", job_concurrency=1)  # no retries: 500 fails
    await scene.household()  # and one more waits
    done = await scrape(scene.client)
    assert done.value(GAUGE, status="pending") == 1
    assert done.value(GAUGE, status="succeeded") == 1
    assert done.value(GAUGE, status="failed") == 1
    assert {d.status for d in await h.deliveries()} == {"pending", "succeeded", "failed"}
