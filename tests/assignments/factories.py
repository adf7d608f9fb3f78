"""Assignment test data: households through the API, mentors in the database, and callers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from bina.models import Mentor
from tests import factories
from tests.households.factories import GANDUS, CreatedHousehold, create_household
from tests.mentors.factories import create_mentor

BASE = "/api/v1/assignments"
Headers = dict[str, str]


def url(assignment_id: object, action: str = "") -> str:
    return f"{BASE}/{assignment_id}" + (f"/{action}" if action else "")


async def household(
    client: httpx.AsyncClient, admin: Headers, *, gandus: bool = False, **overrides: Any
) -> CreatedHousehold:
    """A household in kelurahan Kertapati (kecamatan 16.71.13), or in Gandus (16.71.12)."""
    if gandus:
        overrides.setdefault("kelurahan_code", GANDUS)
    return await create_household(client, admin, **overrides)


async def mentor(db: AsyncSession, **overrides: Any) -> Mentor:
    return await create_mentor(db, **overrides)


async def assign(
    client: httpx.AsyncClient, headers: Headers, household_id: object, mentor_id: object
) -> httpx.Response:
    body = {"household_id": str(household_id), "mentor_id": str(mentor_id)}
    return await client.post(BASE, json=body, headers=headers)


async def assigned(
    client: httpx.AsyncClient, headers: Headers, household_id: object, mentor_id: object
) -> dict[str, Any]:
    r = await assign(client, headers, household_id, mentor_id)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


@dataclass
class Callers:
    admin: Headers
    camat: Headers  # coordinator of kecamatan Kertapati
    camat_gandus: Headers
    agency_admin: Headers  # DINSOS
    other_agency_admin: Headers  # DINKES
    auditor: Headers


async def callers(db: AsyncSession) -> Callers:
    return Callers(
        admin=await factories.headers_for(db, "admin"),
        camat=await factories.headers_for(db, "coordinator", region_code="16.71.13"),
        camat_gandus=await factories.headers_for(db, "coordinator", region_code="16.71.12"),
        agency_admin=await factories.headers_for(db, "agency_admin", agency_code="DINSOS"),
        other_agency_admin=await factories.headers_for(db, "agency_admin", agency_code="DINKES"),
        auditor=await factories.headers_for(db, "auditor"),
    )
