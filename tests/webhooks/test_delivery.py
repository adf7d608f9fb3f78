"""Delivering events to a real receiver: signed as Standard Webhooks says, at least once, the
same `webhook-id` on every retry, nothing for a change that rolled back, retries on the
configured schedule then `failed`, 410 disables the endpoint, redirects not followed, the
answer kept to 1 KB; redeliver and test go the same way."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from standardwebhooks.webhooks import Webhook

from bina.households import service as household_service
from bina.households.schemas import HouseholdCreate
from bina.models import AuditEvent, Job, User, WebhookDelivery
from bina.security.principal import Principal, Role
from tests.households.factories import household_payload
from tests.webhooks.factories import Hooked, Scene
from tests.webhooks.receiver import Reply

CREATED = "household.created"


@pytest.fixture
async def h(scene: Scene) -> Hooked:
    """An admin's endpoint for household events, on the receiver."""
    return await scene.hooked([CREATED, "household.updated"])


class TestSigning:
    async def test_a_delivery_verifies_with_the_standard_webhooks_library(self, h: Hooked) -> None:
        household = await h.household()
        assert await h.deliver() == 1
        [request] = h.receiver.requests
        payload = Webhook(h.hook.secret).verify(request.body, request.headers)
        assert payload["type"] == CREATED
        assert payload["data"]["id"] == household.id
        assert set(payload) == {"type", "timestamp", "data"}
        assert payload["timestamp"].endswith("Z")
        assert request.headers["webhook-id"].startswith("msg_")
        assert request.headers["content-type"] == "application/json"
        with pytest.raises(Exception, match="signature"):
            Webhook(h.hook.secret).verify(request.body + b" ", request.headers)

    async def test_during_a_rotation_both_secrets_sign(self, h: Hooked) -> None:
        r = await h.client.post(
            f"{h.hook.url}/rotate-secret", json={"grace_hours": 2}, headers=h.admin
        )
        assert r.status_code == 200, r.text
        new_secret = r.json()["secret"]
        assert new_secret != h.hook.secret
        assert new_secret.startswith("whsec_")
        await h.household()
        await h.deliver()
        [request] = h.receiver.requests
        assert len(request.headers["webhook-signature"].split(" ")) == 2
        Webhook(new_secret).verify(request.body, request.headers)
        Webhook(h.hook.secret).verify(request.body, request.headers)

    async def test_after_a_rotation_without_grace_only_the_new_secret_signs(
        self, h: Hooked
    ) -> None:
        r = await h.client.post(
            f"{h.hook.url}/rotate-secret", json={"grace_hours": 0}, headers=h.admin
        )
        await h.household()
        await h.deliver()
        [request] = h.receiver.requests
        Webhook(r.json()["secret"]).verify(request.body, request.headers)
        with pytest.raises(Exception, match="signature"):
            Webhook(h.hook.secret).verify(request.body, request.headers)


class TestOutbox:
    async def test_a_change_that_rolls_back_sends_nothing(self, h: Hooked) -> None:
        user = (await h.db.scalars(select(User))).one()  # the scene's admin
        admin = Principal(user.id, Role.ADMIN, user.email, None, None, None)
        data = HouseholdCreate.model_validate(household_payload())
        async with h.app.state.sessionmaker() as session:
            await household_service.create_household(session, admin, data, reveal=False)
            # The event was written in the change's transaction...
            assert await session.scalar(select(func.count()).select_from(WebhookDelivery)) == 1
            await session.rollback()  # ...and goes with it.
        assert await h.deliver() == 0
        assert h.receiver.requests == []
        assert await h.deliveries(every=True) == []
        assert (await h.db.scalars(select(Job))).all() == []

    async def test_a_committed_change_is_delivered_once_and_recorded(self, h: Hooked) -> None:
        household = await h.household()
        [pending] = await h.deliveries()
        assert (pending.status, pending.attempts, str(pending.object_id)) == (
            "pending",
            0,
            household.id,
        )
        await h.deliver()
        [done] = await h.deliveries()
        assert (done.status, done.attempts, done.response_status) == ("succeeded", 1, 200)
        assert done.delivered_at is not None
        assert done.next_attempt_at is None
        assert h.receiver.requests[0].body.decode() == done.body  # the exact bytes stored
        assert await h.deliver() == 0  # nothing left to send
        assert len(h.receiver.requests) == 1


class TestRetries:
    async def test_a_retry_keeps_the_webhook_id_and_later_succeeds(self, h: Hooked) -> None:
        h.receiver.script = [Reply(500, b"busy"), Reply(503, b"later")]
        await h.household()
        assert await h.deliver() == 3
        ids = {r.headers["webhook-id"] for r in h.receiver.requests}
        bodies = {r.body for r in h.receiver.requests}
        assert len(h.receiver.requests) == 3
        assert len(ids) == 1
        assert len(bodies) == 1
        for request in h.receiver.requests:
            Webhook(h.hook.secret).verify(request.body, request.headers)
        [delivery] = await h.deliveries()
        assert (delivery.status, delivery.attempts, delivery.message_id) == (
            "succeeded",
            3,
            ids.pop(),
        )

    async def test_after_the_last_retry_the_delivery_is_failed(self, h: Hooked) -> None:
        h.receiver.default = Reply(500, b"down")
        await h.household()
        # Three retries after the first attempt: four attempts, then failed.
        assert await h.deliver(webhook_retry_seconds="0,0,0") == 4
        [delivery] = await h.deliveries()
        assert (delivery.status, delivery.attempts) == ("failed", 4)
        assert (delivery.response_status, delivery.last_error) == (500, "answered 500")
        assert delivery.next_attempt_at is None
        assert len(h.receiver.requests) == 4

    async def test_a_failed_attempt_waits_for_the_next_delay_of_the_schedule(
        self, h: Hooked
    ) -> None:
        h.receiver.default = Reply(502)
        await h.household()
        assert await h.deliver(webhook_retry_seconds="600,3600") == 1
        [delivery] = await h.deliveries()
        assert (delivery.status, delivery.attempts) == ("pending", 1)
        assert delivery.next_attempt_at is not None
        assert delivery.last_attempt_at is not None
        waited = (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds()
        assert waited == pytest.approx(600, abs=1)
        job = await h.db.get(Job, delivery.job_id, populate_existing=True)
        assert job is not None
        assert job.status == "queued"
        assert job.run_at > delivery.last_attempt_at

    async def test_an_answer_that_takes_too_long_is_a_failed_attempt(self, h: Hooked) -> None:
        h.receiver.script = [Reply(200, delay_s=1.0)]
        await h.household()
        await h.deliver(webhook_timeout_s=0.2, webhook_retry_seconds="600")
        [delivery] = await h.deliveries()
        assert (delivery.status, delivery.response_status) == ("pending", None)
        assert delivery.last_error == "no answer within 0.2 s"

    async def test_410_disables_the_endpoint_and_stops_its_waiting_deliveries(
        self, h: Hooked
    ) -> None:
        h.receiver.default = Reply(410, b"gone")
        await h.household()
        await h.household()
        await h.deliver(job_concurrency=1)  # one after the other
        assert len(h.receiver.requests) == 1  # the second was stopped, never sent
        assert {d.status for d in await h.deliveries()} == {"failed"}
        r = await h.client.get(h.hook.url, headers=h.admin)
        assert r.json()["active"] is False
        assert "410" in r.json()["disabled_reason"]
        disabled = await h.db.scalar(
            select(AuditEvent).where(AuditEvent.action == "webhook.disable")
        )
        assert disabled is not None
        assert (disabled.object_id, disabled.actor_id) == (h.hook.id, None)
        await h.household()  # a disabled endpoint gets no new events
        assert len(await h.deliveries()) == 2


class TestWhatIsSent:
    async def test_a_redirect_is_not_followed(self, h: Hooked) -> None:
        h.receiver.script = [Reply(307, b"", {"location": h.receiver.url("/elsewhere")})]
        await h.household()
        await h.deliver(webhook_retry_seconds="600")
        assert [r.path for r in h.receiver.requests] == ["/hook"]
        [delivery] = await h.deliveries()
        assert (delivery.status, delivery.response_status) == ("pending", 307)
        assert "redirects are not followed" in (delivery.last_error or "")

    async def test_a_long_answer_is_stored_cut_to_1_kb(self, h: Hooked) -> None:
        h.receiver.script = [Reply(200, b"a" * 1000 + b"b" * 5000)]
        await h.household()
        await h.deliver()
        [delivery] = await h.deliveries()
        assert delivery.response_body == "a" * 1000 + "b" * 24

    async def test_the_receiver_is_refused_when_private_networks_are_not_allowed(
        self, h: Hooked
    ) -> None:
        """Checked again before each attempt: a target that became private is not called."""
        await h.household()
        await h.deliver(webhooks_allow_private_networks=False, webhook_retry_seconds="600")
        assert h.receiver.requests == []
        [delivery] = await h.deliveries()
        assert delivery.status == "pending"
        assert delivery.last_error is not None
        assert delivery.last_error.startswith("refused")


class TestRedeliverAndTest:
    async def test_redeliver_sends_the_same_message_again(self, h: Hooked) -> None:
        await h.household()
        await h.deliver()
        [delivery] = await h.deliveries()
        url = f"{h.hook.url}/deliveries/{delivery.id}/redeliver"
        r = await h.client.post(url, headers=h.admin)
        assert r.status_code == 202, r.text
        assert r.json()["status"] == "pending"
        again = await h.client.post(url, headers=h.admin)  # still being tried
        assert again.status_code == 409
        await h.deliver()
        first, second = h.receiver.requests
        assert first.headers["webhook-id"] == second.headers["webhook-id"] == delivery.message_id
        assert first.body == second.body
        Webhook(h.hook.secret).verify(second.body, second.headers)
        [done] = await h.deliveries()
        assert (done.status, done.attempts) == ("succeeded", 2)

    async def test_redeliver_of_an_unknown_delivery_is_404(self, h: Hooked) -> None:
        url = f"{h.hook.url}/deliveries/00000000-0000-4000-8000-000000000000/redeliver"
        r = await h.client.post(url, headers=h.admin)
        assert r.status_code == 404
        assert r.headers["content-type"] == "application/problem+json"

    async def test_test_sends_a_signed_webhook_test_event(self, h: Hooked) -> None:
        r = await h.client.post(f"{h.hook.url}/test", headers=h.admin)
        assert r.status_code == 202, r.text
        assert r.json()["event_type"] == "webhook.test"
        await h.deliver()
        [request] = h.receiver.requests
        payload = Webhook(h.hook.secret).verify(request.body, request.headers)
        assert payload["type"] == "webhook.test"
        assert payload["data"]["webhook_id"] == h.hook.id
        listed = await h.client.get(f"{h.hook.url}/deliveries", headers=h.admin)
        [item] = listed.json()["items"]
        assert (item["status"], item["response_status"], item["attempts"]) == ("succeeded", 200, 1)

    async def test_a_failed_test_is_not_retried(self, h: Hooked) -> None:
        h.receiver.default = Reply(500)
        await h.client.post(f"{h.hook.url}/test", headers=h.admin)
        assert await h.deliver() == 1
        listed = await h.client.get(f"{h.hook.url}/deliveries?status=failed", headers=h.admin)
        [item] = listed.json()["items"]
        assert (item["response_status"], item["last_error"]) == (500, "answered 500")
