"""GET /regions: Palembang's kota, kecamatan and kelurahan."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from bina.db import Session
from bina.kit.openapi import LIST, READ, problems
from bina.regions import service
from bina.regions.schemas import RegionLevel, RegionList, RegionRead
from bina.security.principal import ANY_CALLER, Principal, requires

router = APIRouter(prefix="/regions", tags=["reference"])


Caller = Annotated[Principal, requires(ANY_CALLER)]


@router.get("", response_model=RegionList, responses=problems(*LIST))
async def list_regions(
    session: Session,
    _: Caller,
    level: RegionLevel | None = None,
    parent_code: Annotated[str | None, Query(max_length=13)] = None,
) -> RegionList:
    """All regions (any signed-in user), by code; filter by level or parent."""
    rows = await service.list_regions(session, level, parent_code)
    return RegionList(items=[RegionRead.model_validate(r) for r in rows])


@router.get("/{code}", response_model=RegionRead, responses=problems(*READ))
async def get_region(session: Session, _: Caller, code: str) -> RegionRead:
    """One region by its Kemendagri code."""
    return RegionRead.model_validate(await service.get(session, code))
