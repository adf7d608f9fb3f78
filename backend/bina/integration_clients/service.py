"""Registering, rotating and revoking integration clients, and checking their credentials.

The secret is 256 random bits shown once; the table keeps an HMAC-SHA256 of it under the app's
secret key (a fast keyed hash: nothing to gain from a slow one on a random secret, and a copy
of the table alone cannot check guesses). Revoking bumps the client's token generation, which
every request reads, so its tokens stop on every process at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bina.agencies import service as agencies
from bina.audit import service as audit
from bina.config import Settings
from bina.errors import Conflict, NotFound, Unprocessable
from bina.integration_clients import repository
from bina.integration_clients.schemas import (
    IntegrationClientCreate,
    IntegrationClientList,
    IntegrationClientRead,
    IntegrationClientUpdate,
    IntegrationClientWithSecret,
)
from bina.kit.pagination import PageParams
from bina.kit.preconditions import check_if_match
from bina.models import IntegrationClient
from bina.models.base import utcnow
from bina.regions import service as regions
from bina.security.principal import Principal
from bina.security.scopes import Scope


def _hash(settings: Settings, secret: str) -> str:
    key = hashlib.sha256(b"bina-client-secret:" + settings.secret_key.encode()).digest()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()


def _new_secret() -> str:
    return secrets.token_urlsafe(32)  # 256 bits, URL-safe characters


def read(client: IntegrationClient | Mapping[str, Any]) -> IntegrationClientRead:
    if isinstance(client, IntegrationClient):
        return IntegrationClientRead.model_validate(client)
    return IntegrationClientRead.model_validate({**client, "active": client["revoked_at"] is None})


def _with_secret(client: IntegrationClient, secret: str) -> IntegrationClientWithSecret:
    return IntegrationClientWithSecret(**read(client).model_dump(), client_secret=secret)


async def _check_regions(session: AsyncSession, codes: list[str]) -> None:
    for index, code in enumerate(codes):
        try:
            await regions.get(session, code)
        except NotFound as exc:
            msg = f"no region with code {code}"
            loc = ["body", "region_codes", index]
            errors = [{"loc": loc, "msg": msg, "type": "unknown"}]
            raise Unprocessable(msg, errors=errors) from exc


async def create(
    session: AsyncSession, settings: Settings, principal: Principal, data: IntegrationClientCreate
) -> IntegrationClientWithSecret:
    if not await agencies.exists(session, data.agency_code):
        msg = f"no agency with code {data.agency_code}"
        loc = ["body", "agency_code"]
        raise Unprocessable(msg, errors=[{"loc": loc, "msg": msg, "type": "unknown"}])
    await _check_regions(session, data.region_codes)
    secret = _new_secret()
    client = IntegrationClient(
        id=uuid.uuid4(),
        client_id=f"bina_{secrets.token_hex(10)}",
        name=data.name,
        agency_code=data.agency_code,
        scopes=[s.value for s in data.scopes],
        region_codes=data.region_codes,
        secret_hash=_hash(settings, secret),
        token_generation=0,
        created_by=principal.user_id,
    )
    session.add(client)
    await session.flush()
    audit.record(
        session,
        principal,
        "integration_client.create",
        "integration_client",
        client.id,
        {"scopes": client.scopes, "region_codes": client.region_codes},
    )
    return _with_secret(client, secret)


async def list_clients(
    session: AsyncSession, agency_code: str | None, page: PageParams
) -> IntegrationClientList:
    rows, cursor, total = await repository.list_clients(session, agency_code, page)
    return IntegrationClientList(items=[read(r) for r in rows], next_cursor=cursor, total=total)


async def _get(session: AsyncSession, client_id: uuid.UUID) -> IntegrationClient:
    client = await repository.get(session, client_id)
    if client is None:
        raise NotFound("No integration client with this id.")
    return client


async def get(session: AsyncSession, client_id: uuid.UUID) -> IntegrationClientRead:
    return read(await _get(session, client_id))


async def _changeable(
    session: AsyncSession, client_id: uuid.UUID, if_match: str | None, *, required: bool = True
) -> IntegrationClient:
    client = await _get(session, client_id)
    if required or if_match is not None:
        check_if_match(if_match, client.version)
    if client.revoked_at is not None:
        raise Conflict("This client is revoked; register a new one.")
    return client


async def update(
    session: AsyncSession,
    principal: Principal,
    client_id: uuid.UUID,
    data: IntegrationClientUpdate,
    if_match: str | None,
) -> IntegrationClientRead:
    """Rename, or change what it may do and where: in force on its very next request."""
    client = await _changeable(session, client_id, if_match)
    if data.region_codes is not None:
        await _check_regions(session, data.region_codes)
        client.region_codes = data.region_codes
    if data.scopes is not None:
        client.scopes = [s.value for s in data.scopes]
    if data.name is not None:
        client.name = data.name
    await session.flush()
    audit.record(
        session,
        principal,
        "integration_client.update",
        "integration_client",
        client.id,
        {"scopes": client.scopes, "region_codes": client.region_codes},
    )
    return read(client)


async def rotate_secret(
    session: AsyncSession,
    settings: Settings,
    principal: Principal,
    client_id: uuid.UUID,
    grace_hours: int,
    if_match: str | None,
) -> IntegrationClientWithSecret:
    """A new secret; the current one keeps working for `grace_hours` (the partner deploys the
    new one meanwhile). A secret from before the previous rotation stops now."""
    client = await _changeable(session, client_id, if_match, required=False)
    secret = _new_secret()
    client.previous_secret_hash = client.secret_hash if grace_hours else None
    client.previous_secret_expires_at = (
        utcnow() + timedelta(hours=grace_hours) if grace_hours else None
    )
    client.secret_hash = _hash(settings, secret)
    await session.flush()
    audit.record(
        session,
        principal,
        "integration_client.rotate_secret",
        "integration_client",
        client.id,
        {"grace_hours": grace_hours},
    )
    return _with_secret(client, secret)


async def revoke(
    session: AsyncSession, principal: Principal, client_id: uuid.UUID, if_match: str | None
) -> None:
    """Its secrets and every token it holds stop working at once."""
    client = await _changeable(session, client_id, if_match)
    client.revoked_at = utcnow()
    client.token_generation += 1
    client.previous_secret_hash = None
    client.previous_secret_expires_at = None
    await session.flush()
    audit.record(session, principal, "integration_client.revoke", "integration_client", client.id)


def principal_of(client: IntegrationClient, asked: frozenset[Scope]) -> Principal:
    """The client acting with the scopes `asked` (what `get_principal` makes of its tokens)."""
    return Principal.of_client(
        client.id, client.name, client.agency_code, asked, client.region_codes
    )


async def note_token(session: AsyncSession, client: IntegrationClient) -> None:
    await repository.note_token(session, client.id, utcnow())


async def authenticate(
    session: AsyncSession, settings: Settings, client_id: str, secret: str
) -> IntegrationClient | None:
    """The active client these credentials belong to, or None (unknown, wrong, revoked).
    Both hashes are always compared, in constant time."""
    client = await repository.by_client_id(session, client_id)
    given = _hash(settings, secret)
    if client is None:
        hmac.compare_digest(given, given)  # the same work as for a known client
        return None
    current = hmac.compare_digest(given, client.secret_hash)
    previous = client.previous_secret_hash is not None and hmac.compare_digest(
        given, client.previous_secret_hash
    )
    in_grace = (
        client.previous_secret_expires_at is not None
        and client.previous_secret_expires_at > utcnow()
    )
    if client.revoked_at is not None or not (current or (previous and in_grace)):
        return None
    return client
