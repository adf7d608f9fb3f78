"""Webhook settings: the retry schedule is read from BINA_WEBHOOK_RETRY_SECONDS and checked at
start; private networks cannot be allowed in production."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bina.config import Settings

STRONG = "k7#Qv9!pL2@xR5$wN8^bT1&cY4*mZ6(e"


def test_the_default_schedule() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.webhook_retry_delays == (5, 300, 1800, 7200, 18000, 36000)


def test_the_schedule_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BINA_WEBHOOK_RETRY_SECONDS", "1, 2.5,60")
    assert Settings(_env_file=None).webhook_retry_delays == (1, 2.5, 60)  # type: ignore[call-arg]


@pytest.mark.parametrize("schedule", ["5,soon", "-1", ",".join(["1"] * 31)])
def test_a_bad_schedule_is_refused_at_start(schedule: str) -> None:
    with pytest.raises(ValidationError, match="BINA_WEBHOOK_RETRY_SECONDS"):
        Settings(_env_file=None, webhook_retry_seconds=schedule)  # type: ignore[call-arg]


def test_private_networks_are_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="BINA_WEBHOOKS_ALLOW_PRIVATE_NETWORKS"):
        Settings(  # type: ignore[call-arg]
            _env_file=None,
            env="production",
            secret_key=STRONG,
            webhooks_allow_private_networks=True,
        )
