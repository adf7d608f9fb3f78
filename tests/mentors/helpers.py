"""Mentor test helpers: URLs, ETags and audit look-ups shared by the endpoint tests."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import AuditEvent

URL = "/api/v1/mentors"


def url(mentor_id: Any = None) -> str:
    return URL if mentor_id is None else f"{URL}/{mentor_id}"


async def etag_of(client: httpx.AsyncClient, headers: dict[str, str], mentor_id: Any) -> str:
    r = await client.get(url(mentor_id), headers=headers)
    assert r.status_code == 200, r.text
    return r.headers["ETag"]


async def audit_events(session: AsyncSession, action: str) -> list[AuditEvent]:
    rows = await session.scalars(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    )
    return list(rows)
