"""/households and /households/{id}/members."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response

from bina.db import Session, audited_read
from bina.households import members, service
from bina.households.schemas import (
    HouseholdCreate,
    HouseholdFilters,
    HouseholdList,
    HouseholdRead,
    HouseholdSort,
    HouseholdStatus,
    HouseholdUpdate,
    MemberCreate,
    MemberList,
    MemberRead,
    MemberUpdate,
)
from bina.kit.openapi import CREATE, DELETE, LIST, READ, UPDATE, problems
from bina.kit.pagination import PageParams, page_params
from bina.kit.preconditions import IfMatch, set_etag
from bina.reference.taxonomy import TaxonomyCode
from bina.security.principal import PEOPLE_ONLY, Principal, Role, requires
from bina.security.scopes import Scope

router = APIRouter(prefix="/households", tags=["households"])

Reader = Annotated[Principal, requires(Scope.HOUSEHOLDS_READ)]
Writer = Annotated[Principal, requires(Scope.HOUSEHOLDS_WRITE, Role.ADMIN, Role.COORDINATOR)]
Admin = Annotated[Principal, requires(PEOPLE_ONLY, Role.ADMIN)]
Reveal = Annotated[
    Literal["nik"] | None,
    Query(description="`nik` shows NIK and nomor KK unmasked (admin, coordinator); audited."),
]
CodeQuery = Annotated[str | None, Query(max_length=13)]


@router.get("", response_model=HouseholdList, responses=problems(*LIST))
async def list_households(
    session: Session,
    principal: Reader,
    page: Annotated[PageParams, Depends(page_params)],
    kecamatan: CodeQuery = None,
    kelurahan: CodeQuery = None,
    status: HouseholdStatus | None = None,
    desil: Annotated[int | None, Query(ge=1, le=10)] = None,
    need: TaxonomyCode | None = None,
    extreme_poor: bool | None = None,
    q: Annotated[
        str | None, Query(min_length=2, max_length=100, description="Name or address")
    ] = None,
    sort: HouseholdSort = "-created_at",
    reveal: Reveal = None,
) -> HouseholdList:
    """Households in your scope, filtered, newest first by default."""
    filters = HouseholdFilters(kecamatan, kelurahan, status, desil, need, extreme_poor, q)
    return await service.list_households(
        session, principal, filters, sort, page, reveal is not None
    )


@router.post("", status_code=201, response_model=HouseholdRead, responses=problems(*CREATE))
async def create_household(
    session: Session,
    principal: Writer,
    data: HouseholdCreate,
    response: Response,
    reveal: Reveal = None,
) -> HouseholdRead:
    """Register a household with its members (admin; coordinator in its region)."""
    household = await service.create_household(session, principal, data, reveal is not None)
    response.headers["Location"] = f"/api/v1/households/{household.id}"
    set_etag(response, household.version)
    return household


@router.get("/{household_id}", response_model=HouseholdRead, responses=problems(*READ))
@audited_read  # the members' specific data is audited for the roles that see it
async def get_household(
    session: Session,
    principal: Reader,
    household_id: uuid.UUID,
    response: Response,
    reveal: Reveal = None,
) -> HouseholdRead:
    """One household with members, needs and housing."""
    household = await service.get_household(session, principal, household_id, reveal is not None)
    set_etag(response, household.version)
    return household


@router.patch("/{household_id}", response_model=HouseholdRead, responses=problems(*UPDATE))
async def update_household(
    session: Session,
    principal: Writer,
    household_id: uuid.UUID,
    data: HouseholdUpdate,
    response: Response,
    if_match: IfMatch = None,
    reveal: Reveal = None,
) -> HouseholdRead:
    """Change a household (send If-Match with its ETag)."""
    household = await service.update_household(
        session, principal, household_id, data, if_match, reveal is not None
    )
    set_etag(response, household.version)
    return household


@router.delete("/{household_id}", status_code=204, responses=problems(*DELETE))
async def delete_household(
    session: Session, principal: Admin, household_id: uuid.UUID, if_match: IfMatch = None
) -> None:
    """Remove a household registered by mistake (admin; send If-Match)."""
    await service.delete_household(session, principal, household_id, if_match)


@router.get("/{household_id}/members", response_model=MemberList, responses=problems(*READ))
@audited_read
async def list_members(
    session: Session, principal: Reader, household_id: uuid.UUID, reveal: Reveal = None
) -> MemberList:
    """The people on the household's KK."""
    return await members.list_members(session, principal, household_id, reveal is not None)


@router.post(
    "/{household_id}/members",
    status_code=201,
    response_model=MemberRead,
    responses=problems(404, *CREATE),
)
async def add_member(
    session: Session,
    principal: Writer,
    household_id: uuid.UUID,
    data: MemberCreate,
    response: Response,
    reveal: Reveal = None,
) -> MemberRead:
    """Add a person to the household's KK."""
    member = await members.add_member(session, principal, household_id, data, reveal is not None)
    response.headers["Location"] = f"/api/v1/households/{household_id}/members/{member.id}"
    set_etag(response, member.version)
    return member


@router.get(
    "/{household_id}/members/{member_id}", response_model=MemberRead, responses=problems(*READ)
)
@audited_read
async def get_member(
    session: Session,
    principal: Reader,
    household_id: uuid.UUID,
    member_id: uuid.UUID,
    response: Response,
    reveal: Reveal = None,
) -> MemberRead:
    """One member."""
    member = await members.get_member(
        session, principal, household_id, member_id, reveal is not None
    )
    set_etag(response, member.version)
    return member


@router.patch(
    "/{household_id}/members/{member_id}",
    response_model=MemberRead,
    responses=problems(*UPDATE),
)
async def update_member(
    session: Session,
    principal: Writer,
    household_id: uuid.UUID,
    member_id: uuid.UUID,
    data: MemberUpdate,
    response: Response,
    if_match: IfMatch = None,
    reveal: Reveal = None,
) -> MemberRead:
    """Change a member (send If-Match with the member's ETag)."""
    member = await members.update_member(
        session, principal, household_id, member_id, data, if_match, reveal is not None
    )
    set_etag(response, member.version)
    return member


@router.delete("/{household_id}/members/{member_id}", status_code=204, responses=problems(*DELETE))
async def delete_member(
    session: Session,
    principal: Writer,
    household_id: uuid.UUID,
    member_id: uuid.UUID,
    if_match: IfMatch = None,
) -> None:
    """Remove a member who left the KK (not the kepala; send If-Match)."""
    await members.delete_member(session, principal, household_id, member_id, if_match)
