"""Small factories for test data with keyword defaults; domain factories sit beside their tests."""

from __future__ import annotations

import itertools
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bina.config import get_settings
from bina.models import User
from bina.security import tokens
from bina.security.passwords import hash_password

_counter = itertools.count(1)
DEFAULT_PASSWORD = "kata-sandi-uji-123"

ROLE_DEFAULTS: dict[str, dict[str, str | None]] = {
    "admin": {},
    "agency_admin": {"agency_code": "DINSOS"},
    "coordinator": {"region_code": "16.71.13"},  # Kertapati
    "mentor": {},
    "auditor": {},
}


async def user(
    session: AsyncSession,
    *,
    role: str = "admin",
    email: str | None = None,
    name: str | None = None,
    password: str = DEFAULT_PASSWORD,
    agency_code: str | None = None,
    region_code: str | None = None,
    mentor_id: uuid.UUID | None = None,
    active: bool = True,
) -> User:
    n = next(_counter)
    defaults = ROLE_DEFAULTS[role]
    row = User(
        email=email or f"{role}{n}@uji.palembang.go.id",
        name=name or f"Pengguna Uji {n}",
        password_hash=hash_password(password),
        role=role,
        agency_code=agency_code if agency_code is not None else defaults.get("agency_code"),
        region_code=region_code if region_code is not None else defaults.get("region_code"),
        mentor_id=mentor_id,
        active=active,
    )
    session.add(row)
    await session.commit()
    return row


def bearer(u: User, *, minutes: int = 15) -> dict[str, str]:
    """Authorization header with a fresh access token for `u` (no password round-trip)."""
    token, _ = tokens.encode(
        get_settings(),
        sub=str(u.id),
        typ="access",
        gen=u.token_generation,
        lifetime=timedelta(minutes=minutes),
    )
    return {"Authorization": f"Bearer {token}"}


async def headers_for(session: AsyncSession, role: str = "admin", **kw: object) -> dict[str, str]:
    """Create a user of `role` and return its Authorization header."""
    return bearer(await user(session, role=role, **kw))  # type: ignore[arg-type]
