"""/households/{id}/access-report: the data-subject access report, in one call."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter

from bina.access_reports import service
from bina.access_reports.schemas import HouseholdAccessReport
from bina.db import Session, audited_read
from bina.kit.openapi import READ, problems
from bina.security.principal import PEOPLE_ONLY, Principal, Role, requires

Admin = Annotated[Principal, requires(PEOPLE_ONLY, Role.ADMIN)]

router = APIRouter(prefix="/households", tags=["households"])


@router.get(
    "/{household_id}/access-report",
    response_model=HouseholdAccessReport,
    responses=problems(*READ),
)
@audited_read
async def household_access_report(
    session: Session, principal: Admin, household_id: uuid.UUID
) -> HouseholdAccessReport:
    """Everything held on a household and who touched it (UU 27/2022 access request; audited)."""
    return await service.household_report(session, principal, household_id)
