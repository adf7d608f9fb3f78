"""Passwords (design.md §8): argon2id at OWASP cost by default, length and common-password
policy, and verification that fails closed."""

from __future__ import annotations

import pytest

from bina.config import Settings, get_settings
from bina.security.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    password_problems,
    verify_password,
)


class TestPolicy:
    def test_a_long_uncommon_password_is_fine(self) -> None:
        assert password_problems("kopi-pempek-ampera-7") == []

    def test_too_short(self) -> None:
        assert password_problems("pendek7") == ["must be at least 8 characters"]
        assert MIN_LENGTH == 8

    def test_at_least_64_characters_are_allowed(self) -> None:
        assert MAX_LENGTH >= 64
        assert password_problems("s" * 63 + "X") == []
        assert password_problems("s" * MAX_LENGTH) == []

    def test_too_long(self) -> None:
        assert password_problems("s" * (MAX_LENGTH + 1)) == [
            f"must be at most {MAX_LENGTH} characters"
        ]

    @pytest.mark.parametrize("common", ["password", "12345678", "Palembang123", "BISMILLAH"])
    def test_common_passwords_are_refused_whatever_the_case(self, common: str) -> None:
        assert password_problems(common) == ["is too common; choose a less guessable one"]

    def test_short_and_common_gives_both_reasons(self) -> None:
        assert len(password_problems("123456")) == 2


class TestHashing:
    def test_uses_argon2id_with_the_configured_cost(self) -> None:
        hashed = hash_password("kopi-pempek-ampera-7")
        assert hashed.startswith("$argon2id$")
        s = get_settings()
        assert f"m={s.argon2_memory_kib},t={s.argon2_time_cost}," in hashed

    def test_default_cost_meets_the_owasp_minimum(self) -> None:
        fields = Settings.model_fields
        assert fields["argon2_memory_kib"].default >= 19_456  # 19 MiB
        assert fields["argon2_time_cost"].default >= 2

    def test_salted(self) -> None:
        assert hash_password("kopi-pempek-ampera-7") != hash_password("kopi-pempek-ampera-7")

    def test_verify(self) -> None:
        hashed = hash_password("kopi-pempek-ampera-7")
        assert verify_password(hashed, "kopi-pempek-ampera-7") is True
        assert verify_password(hashed, "kopi-pempek-ampera-8") is False
        assert verify_password(hashed, "") is False

    def test_an_unknown_user_never_verifies(self) -> None:
        assert verify_password(None, "kopi-pempek-ampera-7") is False
        assert verify_password(None, "timing-equaliser-not-a-password") is False

    @pytest.mark.parametrize("broken", ["", "not-a-hash", "$argon2id$v=19$m=1,t=1,p=1$x$y"])
    def test_a_damaged_hash_fails_closed(self, broken: str) -> None:
        assert verify_password(broken, "kopi-pempek-ampera-7") is False
