"""GET /audit-events: the audit trail, for admins and auditors."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from bina.audit import service
from bina.audit.schemas import AuditEventFilters, AuditEventList
from bina.db import Session
from bina.kit.openapi import LIST, problems
from bina.kit.pagination import PageParams, page_params
from bina.security.principal import PEOPLE_ONLY, Principal, Role, requires

router = APIRouter(prefix="/audit-events", tags=["audit"])

Reader = Annotated[Principal, requires(PEOPLE_ONLY, Role.ADMIN, Role.AUDITOR)]


@router.get("", response_model=AuditEventList, responses=problems(*LIST))
async def list_audit_events(
    session: Session,
    _: Reader,
    page: Annotated[PageParams, Depends(page_params)],
    actor_id: uuid.UUID | None = None,
    action: Annotated[str | None, Query(max_length=60)] = None,
    object_type: Annotated[str | None, Query(max_length=40)] = None,
    object_id: Annotated[str | None, Query(max_length=64)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> AuditEventList:
    """The audit trail, newest first (admin, auditor)."""
    filters = AuditEventFilters(actor_id, action, object_type, object_id, since, until)
    return await service.list_events(session, filters, page)
