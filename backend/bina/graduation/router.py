"""/households/{id}/graduate and /households/{id}/exit: actions with If-Match (the household's
ETag), by a coordinator of the region or an admin."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Response

from bina.db import Session
from bina.graduation import service
from bina.graduation.schemas import ExitCreate, GraduationCreate, GraduationRead
from bina.kit.openapi import problems
from bina.kit.preconditions import IfMatch, set_etag
from bina.security.principal import PEOPLE_ONLY, Principal, Role, requires

router = APIRouter(prefix="/households", tags=["graduation"])

Verifier = Annotated[Principal, requires(PEOPLE_ONLY, Role.ADMIN, Role.COORDINATOR)]
ERRORS = problems(401, 403, 404, 409, 412, 413, 422, 428, 429)


@router.post("/{household_id}/graduate", response_model=GraduationRead, responses=ERRORS)
async def graduate(
    session: Session,
    principal: Verifier,
    response: Response,
    household_id: uuid.UUID,
    body: GraduationCreate,
    if_match: IfMatch = None,
) -> GraduationRead:
    """Graduate a household whose latest assessment is ready (not its mentor; If-Match); it is
    monitored from now on."""
    done = await service.graduate(session, principal, household_id, body, if_match)
    set_etag(response, done.version)
    return done


@router.post("/{household_id}/exit", response_model=GraduationRead, responses=ERRORS)
async def exit_household(
    session: Session,
    principal: Verifier,
    response: Response,
    household_id: uuid.UUID,
    body: ExitCreate,
    if_match: IfMatch = None,
) -> GraduationRead:
    """A monitored household leaves the programme after its monitoring period (If-Match)."""
    done = await service.exit_household(session, principal, household_id, body, if_match)
    set_etag(response, done.version)
    return done
