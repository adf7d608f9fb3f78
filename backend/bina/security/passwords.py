"""argon2id password hashing and the password policy (length, common passwords)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from bina.config import get_settings

MIN_LENGTH = 8
MAX_LENGTH = 128


@cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("bina.reference").joinpath("common_passwords.txt").read_text()
    return frozenset(line.strip() for line in text.splitlines() if line and line[0] != "#")


@cache
def _hasher() -> PasswordHasher:
    s = get_settings()
    return PasswordHasher(
        time_cost=s.argon2_time_cost, memory_cost=s.argon2_memory_kib, parallelism=1
    )


def password_problems(password: str) -> list[str]:
    """Reasons the password is refused (empty when acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"must be at most {MAX_LENGTH} characters")
    if password.lower() in _common_passwords():
        problems.append("is too common; choose a less guessable one")
    return problems


def hash_password(password: str) -> str:
    return _hasher().hash(password)


# A real hash to verify against when the user does not exist, so both paths cost the same.
@cache
def _dummy_hash() -> str:
    return hash_password("timing-equaliser-not-a-password")


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
