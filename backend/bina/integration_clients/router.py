"""/integration-clients: other agencies' systems, registered by an admin (design §10)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from bina.config import get_settings
from bina.db import Session
from bina.integration_clients import service
from bina.integration_clients.schemas import (
    IntegrationClientCreate,
    IntegrationClientList,
    IntegrationClientRead,
    IntegrationClientUpdate,
    IntegrationClientWithSecret,
    SecretRotation,
)
from bina.kit.idempotency import shows_a_secret
from bina.kit.openapi import CREATE, DELETE, LIST, READ, UPDATE, problems
from bina.kit.pagination import PageParams, page_params
from bina.kit.preconditions import IfMatch, set_etag
from bina.security.principal import PEOPLE_ONLY, Principal, Role, requires

router = APIRouter(prefix="/integration-clients", tags=["integration-clients"])

Admin = Annotated[Principal, requires(PEOPLE_ONLY, Role.ADMIN)]


@router.post(
    "",
    status_code=201,
    response_model=IntegrationClientWithSecret,
    responses=problems(*CREATE),
    dependencies=[Depends(shows_a_secret)],
)
async def create_client(
    session: Session, principal: Admin, response: Response, body: IntegrationClientCreate
) -> IntegrationClientWithSecret:
    """Register another agency's system; its `client_secret` is in this answer only."""
    client = await service.create(session, get_settings(), principal, body)
    response.headers["Location"] = f"/api/v1/integration-clients/{client.id}"
    response.headers["Cache-Control"] = "no-store"
    set_etag(response, client.version)
    return client


@router.get("", response_model=IntegrationClientList, responses=problems(*LIST))
async def list_clients(
    session: Session,
    principal: Admin,
    page: Annotated[PageParams, Depends(page_params)],
    agency_code: Annotated[str | None, Query(max_length=32)] = None,
) -> IntegrationClientList:
    """Registered clients, newest first (never their secrets)."""
    return await service.list_clients(session, agency_code, page)


@router.get("/{client_id}", response_model=IntegrationClientRead, responses=problems(*READ))
async def get_client(
    session: Session, principal: Admin, response: Response, client_id: uuid.UUID
) -> IntegrationClientRead:
    """One client: scopes, regions, whether it is active, when it last took a token."""
    client = await service.get(session, client_id)
    set_etag(response, client.version)
    return client


@router.patch("/{client_id}", response_model=IntegrationClientRead, responses=problems(*UPDATE))
async def update_client(
    session: Session,
    principal: Admin,
    response: Response,
    client_id: uuid.UUID,
    body: IntegrationClientUpdate,
    if_match: IfMatch = None,
) -> IntegrationClientRead:
    """Rename it or change its scopes or regions (in force on its very next request)."""
    client = await service.update(session, principal, client_id, body, if_match)
    set_etag(response, client.version)
    return client


@router.post(
    "/{client_id}/rotate-secret",
    response_model=IntegrationClientWithSecret,
    responses=problems(*UPDATE),
    dependencies=[Depends(shows_a_secret)],
)
async def rotate_secret(
    session: Session,
    principal: Admin,
    response: Response,
    client_id: uuid.UUID,
    body: SecretRotation | None = None,
    if_match: IfMatch = None,
) -> IntegrationClientWithSecret:
    """A new secret (in this answer only); the old one works for `grace_hours` (default 24)
    more. `If-Match` is optional here."""
    grace = (body or SecretRotation()).grace_hours
    client = await service.rotate_secret(
        session, get_settings(), principal, client_id, grace, if_match
    )
    response.headers["Cache-Control"] = "no-store"
    set_etag(response, client.version)
    return client


@router.delete("/{client_id}", status_code=204, responses=problems(*DELETE))
async def revoke_client(
    session: Session, principal: Admin, client_id: uuid.UUID, if_match: IfMatch = None
) -> None:
    """Revoke it: its secrets and every token it holds stop working at once."""
    await service.revoke(session, principal, client_id, if_match)
