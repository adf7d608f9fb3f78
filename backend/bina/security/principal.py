"""Who is calling: the bearer token resolved to an active user or integration client, and what a
route needs of its caller (a role for people, a scope for clients) declared once per route."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import bindparam, select

from bina.config import get_settings
from bina.db import Session
from bina.errors import Forbidden, TooManyRequests, Unauthorized
from bina.models import IntegrationClient, User
from bina.security import tokens
from bina.security.scopes import ALL_SCOPES, Scope


class Role(StrEnum):
    ADMIN = "admin"
    AGENCY_ADMIN = "agency_admin"
    COORDINATOR = "coordinator"
    MENTOR = "mentor"
    AUDITOR = "auditor"


@dataclass(frozen=True, slots=True)
class Principal:
    """A signed-in person (`user_id`) or integration client (`client_id`).

    A client acts with the reach of an admin narrowed twice: by its scopes (each route names the
    one it needs) and by its `region_codes` (household data outside them is not found)."""

    user_id: uuid.UUID | None
    role: Role
    email: str
    agency_code: str | None
    region_code: str | None
    mentor_id: uuid.UUID | None
    client_id: uuid.UUID | None = None
    scopes: frozenset[Scope] = frozenset()
    region_codes: tuple[str, ...] = ()

    @classmethod
    def of_client(
        cls,
        client_id: uuid.UUID,
        name: str,
        agency_code: str,
        scopes: frozenset[Scope],
        region_codes: Sequence[str],
    ) -> Principal:
        return cls(
            user_id=None,
            role=Role.ADMIN,
            email=name,
            agency_code=agency_code,
            region_code=None,
            mentor_id=None,
            client_id=client_id,
            scopes=scopes,
            region_codes=tuple(region_codes),
        )

    @property
    def is_client(self) -> bool:
        return self.client_id is not None

    @property
    def actor_id(self) -> uuid.UUID:
        """Who acts, for the audit trail: the user, or the integration client."""
        actor = self.client_id or self.user_id
        assert actor is not None
        return actor

    @property
    def actor_role(self) -> str:
        return "client" if self.is_client else self.role.value

    @property
    def caller_key(self) -> str:
        return f"client:{self.client_id}" if self.is_client else f"user:{self.user_id}"

    @property
    def holds_reveal_grant(self) -> bool:
        """Whether identifiers and specific data may be shown to this caller at all: a person's
        role decides (each domain says which roles); a client needs `identifiers:reveal`."""
        return not self.is_client or Scope.IDENTIFIERS_REVEAL in self.scopes

    def reaches(self, code: str) -> bool:
        """Whether region `code` lies inside the regions the caller's household data is limited
        to (a coordinator's region, a client's region codes; others are not limited here)."""
        if self.is_client:
            limits: tuple[str, ...] = self.region_codes
        elif self.role == Role.COORDINATOR:
            limits = (self.region_code,) if self.region_code else ()
            if not limits:
                return False
        else:
            return True
        return not limits or any(code == c or code.startswith(c + ".") for c in limits)


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


_CLIENT = select(
    IntegrationClient.id,
    IntegrationClient.name,
    IntegrationClient.agency_code,
    IntegrationClient.scopes,
    IntegrationClient.region_codes,
    IntegrationClient.revoked_at,
    IntegrationClient.token_generation,
).where(IntegrationClient.id == bindparam("client_id"))

CLIENT_SUBJECT = "client:"


async def get_principal(
    request: Request,
    session: Session,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """The bearer token resolved to its caller, whose row is read on every request: a
    deactivation, a revocation, a role or scope change or a new password takes effect at once,
    on every process."""
    if credentials is None:
        raise Unauthorized("Send an access token: Authorization: Bearer <token>.")
    claims = tokens.decode(get_settings(), credentials.credentials, expected="access")
    if claims.sub.startswith(CLIENT_SUBJECT):
        principal = await _client(session, claims)
    else:
        principal = await _user(session, claims)
    limits = request.app.state.settings
    wait = await request.app.state.rate_limiter.hit(
        f"caller:{principal.caller_key}", limits.requests_per_minute, 60
    )
    if wait is not None:
        raise TooManyRequests(
            "Too many requests from your account; slow down.", headers={"Retry-After": str(wait)}
        )
    request.state.principal = principal
    return principal


def _subject_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError as exc:
        raise Unauthorized("Token is invalid or expired.") from exc


async def _user(session: Session, claims: tokens.TokenClaims) -> Principal:
    # Core execution on the request's connection: the ORM's result machinery is not needed here.
    connection = await session.connection()
    user_id = _subject_id(claims.sub)
    user = (await connection.execute(_CALLER, {"user_id": user_id})).one_or_none()
    # A deactivated user, or one whose password changed since the token was issued, is out.
    if user is None or not user.active or user.token_generation != claims.gen:
        raise Unauthorized("Token is no longer valid; sign in again.")
    return Principal(
        user_id=user.id,
        role=Role(user.role),
        email=user.email,
        agency_code=user.agency_code,
        region_code=user.region_code,
        mentor_id=user.mentor_id,
    )


async def _client(session: Session, claims: tokens.TokenClaims) -> Principal:
    connection = await session.connection()
    client_id = _subject_id(claims.sub.removeprefix(CLIENT_SUBJECT))
    client = (await connection.execute(_CLIENT, {"client_id": client_id})).one_or_none()
    if client is None or client.revoked_at is not None or client.token_generation != claims.gen:
        raise Unauthorized("Token is no longer valid; ask for a new one.")
    # What the token asked for, as far as the client still holds it (scopes taken away since
    # the token was issued are gone at once).
    granted = frozenset(Scope(s) for s in client.scopes if s in ALL_SCOPES)
    asked = frozenset(Scope(s) for s in (claims.scope or "").split() if s in granted)
    return Principal.of_client(
        client.id, client.name, client.agency_code, asked, client.region_codes
    )


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def scope_shape(principal: Principal) -> tuple[Any, dict[str, Any]]:
    """The caller's scope as the part that shapes a statement built once per shape, and the
    values bound into it: `"admin"`, `"auditor"`, `("region", codes)` (a coordinator's code, or
    a client's tuple of codes: a bounded set of shapes), `"agency"` (`scope_agency`), `"mentor"`
    (`scope_mentor`), or `"none"` (an account without the link its role needs). Each domain
    decides what an auditor sees."""
    match principal.role:
        case Role.ADMIN if principal.region_codes:
            return ("region", principal.region_codes), {}
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


# `requires(PEOPLE_ONLY, ...)`: a route no integration client may use (users, audit, matching
# approval, working groups...). `requires(ANY_CALLER)`: reference data every caller may read.
PEOPLE_ONLY = None
ANY_CALLER: Literal["any"] = "any"
ClientAccess = Scope | Literal["any"] | None


@dataclass(frozen=True, slots=True)
class Access:
    """What a route needs of its caller: a person one of `roles` (any role when empty); a
    client the `scope` (no client at all when `PEOPLE_ONLY`, any client when `ANY_CALLER`)."""

    scope: ClientAccess
    roles: frozenset[Role]


class _Check:
    """The dependency behind `requires` (a class, so tests and docs can read its `access`)."""

    def __init__(self, access: Access) -> None:
        self.access = access
        self._names = ", ".join(sorted(r.value for r in access.roles))

    async def __call__(self, principal: CurrentPrincipal) -> Principal:
        scope = self.access.scope
        if principal.is_client:
            if scope is None:
                raise Forbidden("This operation is for people; integration clients may not use it.")
            if scope != ANY_CALLER and scope not in principal.scopes:
                raise Forbidden(f"This operation needs the scope {scope.value}.")
        elif self.access.roles and principal.role not in self.access.roles:
            raise Forbidden(f"This operation needs one of the roles: {self._names}.")
        return principal


def access_of(call: Any) -> Access | None:
    """The access a dependency declared with `requires`, or None (tests and documentation
    walk the routes with it)."""
    return call.access if isinstance(call, _Check) else None


def requires(scope: ClientAccess, *roles: Role) -> Any:
    """Dependency declaring a route's access once: `Annotated[Principal, requires(...)]`.
    A person needs one of `roles` (any role when none is named); a client needs `scope`
    (`PEOPLE_ONLY`: no client). Refusals are 403 (audited) naming the role or scope missing;
    the scope shows in the OpenAPI document as the route's security requirement."""
    check = _Check(Access(scope, frozenset(roles)))
    return Security(check, scopes=[scope.value] if isinstance(scope, Scope) else [])
