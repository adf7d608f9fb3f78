"""Matching-run test data: a small city (households through the API, mentors in the database),
callers of every role, and helpers to start, execute and read runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from bina.jobs.worker import Worker
from bina.models import Mentor
from tests import factories
from tests.households.factories import GANDUS, CreatedHousehold, create_household
from tests.mentors.factories import create_mentor

BASE = "/api/v1/matching-runs"
Headers = dict[str, str]
# Points in Palembang (lat, lon): Kertapati, and Gandus about 6 km to the west-north-west.
KERTAPATI_POINT = (-3.0198, 104.7391)
GANDUS_POINT = (-2.9986, 104.6843)
FAR_POINT = (-3.2500, 104.9500)  # ~35 km away: outside any sensible max distance


def url(run_id: object, action: str = "") -> str:
    return f"{BASE}/{run_id}" + (f"/{action}" if action else "")


@dataclass
class Callers:
    admin: Headers
    camat: Headers  # coordinator of kecamatan Kertapati (16.71.13)
    agency_admin: Headers  # DINSOS
    auditor: Headers
    mentor: Headers


async def callers(db: AsyncSession) -> Callers:
    return Callers(
        admin=await factories.headers_for(db, "admin"),
        camat=await factories.headers_for(db, "coordinator", region_code="16.71.13"),
        agency_admin=await factories.headers_for(db, "agency_admin", agency_code="DINSOS"),
        auditor=await factories.headers_for(db, "auditor"),
        mentor=await factories.headers_for(db, "mentor"),
    )


async def household(
    client: httpx.AsyncClient,
    admin: Headers,
    point: tuple[float, float] = KERTAPATI_POINT,
    *,
    gandus: bool = False,
    needs: list[str] | None = None,
    **overrides: Any,
) -> CreatedHousehold:
    if gandus:
        overrides.setdefault("kelurahan_code", GANDUS)
    overrides.setdefault("lat", point[0])
    overrides.setdefault("lon", point[1])
    overrides["needs"] = needs if needs is not None else ["adminduk", "health"]
    return await create_household(client, admin, **overrides)


async def mentor(
    db: AsyncSession,
    point: tuple[float, float] = KERTAPATI_POINT,
    *,
    competencies: list[dict[str, Any]] | None = None,
    **overrides: Any,
) -> Mentor:
    return await create_mentor(
        db,
        lat=point[0],
        lon=point[1],
        competencies=competencies or [{"code": "adminduk", "level": 2}],
        **overrides,
    )


async def start(client: httpx.AsyncClient, admin: Headers, **body: Any) -> dict[str, Any]:
    r = await client.post(BASE, json=body, headers=admin)
    assert r.status_code == 202, r.text
    run: dict[str, Any] = r.json()
    return run


async def execute(app: FastAPI) -> None:
    """Run every queued job (the runs among them), as a `bina worker` would."""
    await Worker(app.state.sessionmaker, app.state.settings, "test-worker").run_once()


async def solved(
    client: httpx.AsyncClient, app: FastAPI, admin: Headers, **body: Any
) -> dict[str, Any]:
    """Start a run, execute it, and return it as the API shows it (asserting it succeeded)."""
    run = await start(client, admin, **body)
    await execute(app)
    r = await client.get(url(run["id"]), headers=admin)
    assert r.status_code == 200, r.text
    shown: dict[str, Any] = r.json()
    assert shown["status"] == "succeeded", shown
    return shown


async def proposals(
    client: httpx.AsyncClient, headers: Headers, run_id: object, **params: Any
) -> list[dict[str, Any]]:
    r = await client.get(url(run_id, "proposals"), params={"limit": 200, **params}, headers=headers)
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


async def unmatched(
    client: httpx.AsyncClient, headers: Headers, run_id: object
) -> list[dict[str, Any]]:
    r = await client.get(url(run_id, "unmatched"), params={"limit": 200}, headers=headers)
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


async def approve(
    client: httpx.AsyncClient, headers: Headers, run: dict[str, Any]
) -> httpx.Response:
    """Approve the run as last read (its version as If-Match)."""
    return await client.post(
        url(run["id"], "approve"), headers={**headers, "If-Match": f'"{run["version"]}"'}
    )


async def discard(
    client: httpx.AsyncClient, headers: Headers, run: dict[str, Any]
) -> httpx.Response:
    return await client.post(
        url(run["id"], "discard"), headers={**headers, "If-Match": f'"{run["version"]}"'}
    )
