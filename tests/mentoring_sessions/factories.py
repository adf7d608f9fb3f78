"""Mentoring session test data: a mentor with an active assignment (through the API), the
mentor's sign-in, and valid session bodies relative to now."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Assignment, Mentor
from tests import factories
from tests.assignments.factories import Callers, assigned, household, mentor
from tests.households.factories import CreatedHousehold

BASE = "/api/v1/mentoring-sessions"
Headers = dict[str, str]
# The household factory's location (kelurahan Kertapati); ~0.5 km and ~3.3 km away.
HOME = (-3.0198, 104.7391)
NEAR = (-3.0240, 104.7410)
FAR = (-3.0500, 104.7391)
ASSIGNED_DAYS_AGO = 30


def url(session_id: object, action: str = "") -> str:
    return f"{BASE}/{session_id}" + (f"/{action}" if action else "")


def recently(hours: float = 2) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat()


def session_body(assignment_id: object, **overrides: Any) -> dict[str, Any]:
    """A home visit two hours ago at the household's door, with one agreed action."""
    today = datetime.now(UTC).date()
    body: dict[str, Any] = {
        "assignment_id": str(assignment_id),
        "occurred_at": recently(),
        "kind": "home_visit",
        "duration_minutes": 45,
        "lat": HOME[0],
        "lon": HOME[1],
        "topics": ["adminduk", "health"],
        "notes": "Membahas akta kelahiran anak dan pendaftaran JKN.",
        "actions": [
            {
                "title": "Urus akta kelahiran anak ke Disdukcapil",
                "due_date": str(today + timedelta(days=14)),
            }
        ],
        "next_visit_on": str(today + timedelta(days=7)),
    }
    body.update(overrides)
    return body


@dataclass
class Mentoring:
    """A household in kelurahan Kertapati with an active mentor who may sign in."""

    household: CreatedHousehold
    mentor: Mentor
    mentor_headers: Headers
    assignment: dict[str, Any]

    @property
    def assignment_id(self) -> str:
        return str(self.assignment["id"])

    def body(self, **overrides: Any) -> dict[str, Any]:
        return session_body(self.assignment_id, **overrides)


async def mentoring(
    client: httpx.AsyncClient,
    db: AsyncSession,
    who: Callers,
    *,
    gandus: bool = False,
    **mentor_kw: Any,
) -> Mentoring:
    h = await household(client, who.admin, gandus=gandus)
    m = await mentor(db, **mentor_kw)
    a = await assigned(client, who.admin, h.id, m.id)
    # The pair has worked together for a month: sessions of the last weeks are plausible.
    await db.execute(
        update(Assignment)
        .where(Assignment.id == uuid.UUID(a["id"]))
        .values(started_at=datetime.now(UTC) - timedelta(days=ASSIGNED_DAYS_AGO))
    )
    await db.commit()
    headers = await factories.headers_for(db, "mentor", mentor_id=m.id)
    return Mentoring(h, m, headers, a)


async def record(
    client: httpx.AsyncClient, headers: Headers, body: dict[str, Any]
) -> httpx.Response:
    return await client.post(BASE, json=body, headers=headers)


async def recorded(client: httpx.AsyncClient, m: Mentoring, **overrides: Any) -> dict[str, Any]:
    r = await record(client, m.mentor_headers, m.body(**overrides))
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def new_id() -> str:
    return str(uuid.uuid4())
