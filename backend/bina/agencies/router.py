"""GET /agencies: the OPD list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from bina.agencies import service
from bina.agencies.schemas import AgencyList, AgencyRead
from bina.db import Session
from bina.kit.openapi import LIST, READ, problems
from bina.security.principal import ANY_CALLER, Principal, requires

router = APIRouter(prefix="/agencies", tags=["reference"])


Caller = Annotated[Principal, requires(ANY_CALLER)]


@router.get("", response_model=AgencyList, responses=problems(*LIST))
async def list_agencies(
    session: Session,
    _: Caller,
    kind: Annotated[str | None, Query(max_length=32)] = None,
) -> AgencyList:
    """All agencies (any signed-in user), by code; filter by kind (dinas, badan, kecamatan...)."""
    rows = await service.list_agencies(session, kind)
    return AgencyList(items=[AgencyRead.model_validate(r) for r in rows])


@router.get("/{code}", response_model=AgencyRead, responses=problems(*READ))
async def get_agency(session: Session, _: Caller, code: str) -> AgencyRead:
    """One agency by code."""
    return AgencyRead.model_validate(await service.get(session, code))
