"""The demo logins: one per role, fixed emails, one shared password printed for the presenter."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bina.seed.places import KERTAPATI
from bina.seed.sampling import midnight_utc, new_uuid
from bina.seed.store import DEMO_EMAIL_DOMAIN

# Stable, printed at the end of every seed; passes bina.security.passwords.password_problems.
DEMO_PASSWORD = "Bina-Demo-Palembang-2024"  # noqa: S105 - a published demo credential
DEMO_AGENCY = "DINSOS"
CREATED_DAYS_AGO = 300  # the accounts predate the data they look at


@dataclass(frozen=True, slots=True)
class DemoLogin:
    email: str
    role: str
    name: str
    scope: str
    agency_code: str | None = None
    region_code: str | None = None


def _email(local: str) -> str:
    return f"{local}{DEMO_EMAIL_DOMAIN}"


FIXED_LOGINS = (
    DemoLogin(_email("admin"), "admin", "Admin Program (demo)", "the whole city"),
    DemoLogin(
        _email("opd"),
        "agency_admin",
        "Admin OPD Dinas Sosial (demo)",
        "Dinas Sosial (DINSOS) mentors",
        agency_code=DEMO_AGENCY,
    ),
    DemoLogin(
        _email("camat.kertapati"),
        "coordinator",
        "Koordinator Kecamatan Kertapati (demo)",
        f"Kecamatan Kertapati ({KERTAPATI})",
        region_code=KERTAPATI,
    ),
    DemoLogin(_email("auditor"), "auditor", "Auditor Inspektorat (demo)", "read-only, masked"),
)
MENTOR_EMAIL = _email("mentor")
ALL_EMAILS = (*(login.email for login in FIXED_LOGINS), MENTOR_EMAIL)


def pick_demo_mentor(mentors: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first active, available DINSOS PNS (so the OPD admin sees them), else any active one."""
    active = [m for m in mentors if m["status"] == "active" and m["available"]]
    for candidates in (
        [m for m in active if m["agency_code"] == DEMO_AGENCY and m["employment_type"] == "PNS"],
        active,
        mentors,
    ):
        if candidates:
            return candidates[0]
    return None


def demo_logins(mentors: list[dict[str, Any]]) -> list[DemoLogin]:
    logins = list(FIXED_LOGINS)
    mentor = pick_demo_mentor(mentors)
    if mentor is not None:
        scope = f"{mentor['agency_code']} {mentor['employment_type']}, own households only"
        logins.insert(3, DemoLogin(MENTOR_EMAIL, "mentor", mentor["name"], scope))
    return logins


def user_rows(
    seed: int,
    logins: list[DemoLogin],
    mentors: list[dict[str, Any]],
    password_hash: str,
    as_of: date,
) -> list[dict[str, Any]]:
    """Rows for `users`; every login shares one argon2 hash (hashing is slow by design)."""
    rng = random.Random(f"{seed}:accounts")
    created = midnight_utc(as_of) - timedelta(days=CREATED_DAYS_AGO)
    mentor = pick_demo_mentor(mentors)
    return [
        {
            "id": new_uuid(rng),
            "email": login.email,
            "name": login.name,
            "password_hash": password_hash,
            "role": login.role,
            "agency_code": login.agency_code,
            "region_code": login.region_code,
            "mentor_id": mentor["id"] if login.role == "mentor" and mentor else None,
            "active": True,
            "token_generation": 0,
            "version": 1,
            "created_at": created,
            "updated_at": created,
        }
        for login in logins
    ]
