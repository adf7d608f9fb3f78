"""Assessment bodies: a household ready to graduate, and one that is not."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from tests.households.factories import CreatedHousehold


def ready_body(**overrides: Any) -> dict[str, Any]:
    """Every default criterion met, assessed today."""
    body: dict[str, Any] = {
        "assessed_on": str(datetime.now(UTC).date()),
        "per_capita_expenditure": 16_500,
        "income_sources": ["wage_daily", "own_business"],
        "savings_rupiah": 300_000,
        "adminduk_complete": True,
        "jkn_all_members": True,
        "children_7_18": 1,
        "children_7_18_in_school": 1,
        "floor": "semen",
        "water": "sumur_bor",
        "sanitation": "jamban_sendiri",
        "desil": 2,
        "notes": "Anak sudah kembali sekolah; usaha kue berjalan.",
    }
    body.update(overrides)
    return body


async def assess(
    client: httpx.AsyncClient,
    household: CreatedHousehold,
    headers: dict[str, str],
    **overrides: Any,
) -> httpx.Response:
    return await client.post(
        f"{household.url}/assessments", json=ready_body(**overrides), headers=headers
    )


async def assessed(
    client: httpx.AsyncClient,
    household: CreatedHousehold,
    headers: dict[str, str],
    **overrides: Any,
) -> dict[str, Any]:
    r = await assess(client, household, headers, **overrides)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body
