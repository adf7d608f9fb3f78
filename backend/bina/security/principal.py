"""Who is calling: the bearer token resolved to an active user, and role checks as dependencies."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import bindparam, select

from bina.config import get_settings
from bina.db import Session
from bina.errors import Forbidden, TooManyRequests, Unauthorized
from bina.models import User
from bina.security import tokens


class Role(StrEnum):
    ADMIN = "admin"
    AGENCY_ADMIN = "agency_admin"
    COORDINATOR = "coordinator"
    MENTOR = "mentor"
    AUDITOR = "auditor"


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: uuid.UUID
    role: Role
    email: str
    agency_code: str | None
    region_code: str | None
    mentor_id: uuid.UUID | None

    @property
    def caller_key(self) -> str:
        return f"user:{self.user_id}"


_CALLER = select(
    User.id,
    User.role,
    User.email,
    User.agency_code,
    User.region_code,
    User.mentor_id,
    User.active,
    User.token_generation,
).where(User.id == bindparam("user_id"))


bearer = HTTPBearer(
    auto_error=False,
    scheme_name="HTTPBearer",
    description="Access token from POST /api/v1/auth/token",
)


async def get_principal(
    request: Request,
    session: Session,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The bearer token resolved to its caller, whose row is read on every request: a
    deactivation, a role change or a new password takes effect at once, on every process."""
    if credentials is None:
        raise Unauthorized("Send an access token: Authorization: Bearer <token>.")
    claims = tokens.decode(get_settings(), credentials.credentials, expected="access")
    try:
        user_id = uuid.UUID(claims.sub)
    except ValueError as exc:
        raise Unauthorized("Token is invalid or expired.") from exc
    # Core execution on the request's connection: the ORM's result machinery is not needed here.
    connection = await session.connection()
    user = (await connection.execute(_CALLER, {"user_id": user_id})).one_or_none()
    # A deactivated user, or one whose password changed since the token was issued, is out.
    if user is None or not user.active or user.token_generation != claims.gen:
        raise Unauthorized("Token is no longer valid; sign in again.")
    limits = request.app.state.settings
    wait = await request.app.state.rate_limiter.hit(
        f"caller:{user.id}", limits.requests_per_minute, 60
    )
    if wait is not None:
        raise TooManyRequests(
            "Too many requests from your account; slow down.", headers={"Retry-After": str(wait)}
        )
    principal = Principal(
        user_id=user.id,
        role=Role(user.role),
        email=user.email,
        agency_code=user.agency_code,
        region_code=user.region_code,
        mentor_id=user.mentor_id,
    )
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def scope_shape(principal: Principal) -> tuple[Any, dict[str, Any]]:
    """The caller's scope as the part that shapes a statement built once per shape, and the
    values bound into it: `"admin"`, `"auditor"`, `("region", code)` (a bounded set of shapes),
    `"agency"` (`scope_agency`), `"mentor"` (`scope_mentor`), or `"none"` (an account without
    the link its role needs). Each domain decides what an auditor sees."""
    match principal.role:
        case Role.ADMIN:
            return "admin", {}
        case Role.AUDITOR:
            return "auditor", {}
        case Role.COORDINATOR if principal.region_code:
            return ("region", principal.region_code), {}
        case Role.AGENCY_ADMIN if principal.agency_code:
            return "agency", {"scope_agency": principal.agency_code}
        case Role.MENTOR if principal.mentor_id:
            return "mentor", {"scope_mentor": principal.mentor_id}
    return "none", {}


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """Dependency: the caller must hold one of `roles`, else 403 (audited)."""
    allowed = frozenset(roles)
    names = ", ".join(sorted(r.value for r in roles))

    async def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            raise Forbidden(f"This operation needs one of the roles: {names}.")
        return principal

    return check


Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
