"""Settings refuse to run outside development with the default or a weak secret (design.md §8)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bina.config import DEFAULT_SECRET, Settings

STRONG = "k7#Qv9!pL2@xR5$wN8^bT1&cY4*mZ6(e"  # 32 characters


class TestSecretKey:
    @pytest.mark.parametrize("env", ["production", "staging", "test"])
    def test_the_default_secret_is_refused_outside_development(self, env: str) -> None:
        with pytest.raises(ValidationError, match="BINA_SECRET_KEY"):
            Settings(_env_file=None, env=env, secret_key=DEFAULT_SECRET)  # type: ignore[call-arg]

    def test_a_short_secret_is_refused_in_production(self) -> None:
        with pytest.raises(ValidationError, match="at least 32 characters"):
            Settings(_env_file=None, env="production", secret_key=STRONG[:31])  # type: ignore[call-arg]

    def test_a_32_character_secret_is_accepted_in_production(self) -> None:
        s = Settings(_env_file=None, env="production", secret_key=STRONG)  # type: ignore[call-arg]
        assert s.secret_key == STRONG
        assert len(STRONG) == 32

    def test_development_runs_with_the_default(self) -> None:
        s = Settings(_env_file=None, env="development", secret_key=DEFAULT_SECRET)  # type: ignore[call-arg]
        assert s.secret_key == DEFAULT_SECRET

    def test_production_from_the_environment_without_a_secret_is_refused(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("BINA_ENV", "production")
        monkeypatch.delenv("BINA_SECRET_KEY", raising=False)
        with pytest.raises(ValidationError, match="BINA_SECRET_KEY"):
            Settings(_env_file=None)  # type: ignore[call-arg]

    def test_production_from_the_environment_with_a_secret_starts(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("BINA_ENV", "production")
        monkeypatch.setenv("BINA_SECRET_KEY", STRONG)
        assert Settings(_env_file=None).env == "production"  # type: ignore[call-arg]


class TestDefaults:
    def test_sqlite_by_default_and_detected(self) -> None:
        s = Settings(_env_file=None, env="development")  # type: ignore[call-arg]
        assert s.is_sqlite
        assert not s.model_copy(update={"database_url": "postgresql+asyncpg://x/y"}).is_sqlite

    def test_body_limit_and_idempotency_window(self) -> None:
        fields = Settings.model_fields
        assert fields["max_body_bytes"].default == 1_000_000
        assert fields["idempotency_ttl_hours"].default == 72
