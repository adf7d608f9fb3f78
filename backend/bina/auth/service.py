"""Sign-in rules: no user enumeration, rotating refresh tokens with reuse detection."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bina.audit import service as audit
from bina.auth import repository
from bina.auth.schemas import TokenResponse
from bina.config import Settings
from bina.errors import BadRequest, TooManyRequests, Unauthorized, Unprocessable
from bina.integration_clients import service as clients
from bina.kit.ratelimit import RateLimiter
from bina.models import RefreshToken, User
from bina.models.base import utcnow
from bina.security import scopes, tokens
from bina.security.passwords import hash_password, password_problems, verify_password
from bina.security.principal import CLIENT_SUBJECT, Principal
from bina.security.scopes import Scope

LOGIN_WINDOW_S = 15 * 60


def _invalid_grant(detail: str, user_id: uuid.UUID | None = None) -> Unauthorized:
    # OAuth2 clients read `error`; everyone else reads the problem+json fields.
    return Unauthorized(
        detail,
        extra={"error": "invalid_grant"},
        audit_action="auth.login_failed",
        audit_object=("user", str(user_id)) if user_id else ("user", "unknown"),
    )


async def _issue(
    session: AsyncSession, settings: Settings, user: User, family: uuid.UUID | None = None
) -> TokenResponse:
    now = utcnow()
    access_life = timedelta(minutes=settings.access_token_minutes)
    refresh_life = timedelta(days=settings.refresh_token_days)
    access, _ = tokens.encode(
        settings,
        sub=str(user.id),
        typ="access",
        gen=user.token_generation,
        lifetime=access_life,
        now=now,
    )
    family = family or uuid.uuid4()
    refresh, claims = tokens.encode(
        settings,
        sub=str(user.id),
        typ="refresh",
        gen=user.token_generation,
        lifetime=refresh_life,
        family=family,
        now=now,
    )
    session.add(
        RefreshToken(
            jti=claims.jti,
            family_id=family,
            user_id=user.id,
            issued_at=now,
            expires_at=claims.expires_at,
        )
    )
    return TokenResponse(
        access_token=access,
        expires_in=int(access_life.total_seconds()),
        refresh_token=refresh,
    )


def _unprocessable(field: str, msg: str, kind: str) -> Unprocessable:
    return Unprocessable(msg, errors=[{"loc": ["body", field], "msg": msg, "type": kind}])


def _login_key(email: str) -> str:
    return "login:" + hashlib.sha256(repository.normalise_email(email).encode()).hexdigest()[:32]


async def password_grant(
    session: AsyncSession, settings: Settings, limiter: RateLimiter, email: str, password: str
) -> TokenResponse:
    key = _login_key(email)
    wait = await limiter.hit(key, settings.login_attempts_per_15min, LOGIN_WINDOW_S)
    if wait is not None:
        raise TooManyRequests(
            "Too many sign-in attempts for this account; wait and try again.",
            headers={"Retry-After": str(wait)},
        )
    user = await repository.user_by_email(session, email)
    # Verify even when the user is unknown: same answer, same time.
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        raise _invalid_grant("Incorrect email or password.", user.id if user else None)
    await limiter.reset(key)
    audit.record(session, _as_principal(user), "auth.login", "user", user.id)
    return await _issue(session, settings, user)


def _invalid_client(detail: str, client_id: str) -> Unauthorized:
    return Unauthorized(
        detail,
        extra={"error": "invalid_client"},
        # RFC 6749 §5.2: a client that authenticated with HTTP Basic is told the scheme.
        headers={"WWW-Authenticate": 'Basic realm="bina"'},
        audit_action="auth.client_failed",
        audit_object=("integration_client", client_id[:64] or "unknown"),
    )


async def client_credentials_grant(
    session: AsyncSession,
    settings: Settings,
    limiter: RateLimiter,
    client_id: str,
    client_secret: str,
    scope: str | None,
) -> TokenResponse:
    """An integration client's access token (no refresh token: it asks again with its secret),
    for the scopes it asks for, or all it holds."""
    key = "client-login:" + hashlib.sha256(client_id.encode()).hexdigest()[:32]
    wait = await limiter.hit(key, settings.login_attempts_per_15min, LOGIN_WINDOW_S)
    if wait is not None:
        raise TooManyRequests(
            "Too many failed attempts for this client; wait and try again.",
            headers={"Retry-After": str(wait)},
        )
    client = await clients.authenticate(session, settings, client_id, client_secret)
    if client is None:
        raise _invalid_client("Unknown client or wrong secret.", client_id)
    await limiter.reset(key)
    held = frozenset(client.scopes)
    every = frozenset(Scope(s) for s in held if s in scopes.ALL_SCOPES)
    asked, unknown = scopes.parse(scope) if scope else (every, [])
    refused = sorted([*unknown, *(s.value for s in asked if s.value not in held)])
    if refused:
        raise BadRequest(
            f"Scope not granted to this client: {' '.join(refused)}.",
            extra={"error": "invalid_scope"},
        )
    if not asked:
        raise BadRequest("Ask for at least one scope.", extra={"error": "invalid_scope"})
    granted = " ".join(sorted(s.value for s in asked))
    now = utcnow()
    lifetime = timedelta(minutes=settings.access_token_minutes)
    access, _ = tokens.encode(
        settings,
        sub=f"{CLIENT_SUBJECT}{client.id}",
        typ="access",
        gen=client.token_generation,
        lifetime=lifetime,
        scope=granted,
        now=now,
    )
    await clients.note_token(session, client)
    audit.record(
        session,
        clients.principal_of(client, asked),
        "auth.client_token",
        "integration_client",
        client.id,
        {"scope": granted},
    )
    return TokenResponse(
        access_token=access, expires_in=int(lifetime.total_seconds()), scope=granted
    )


async def refresh_grant(
    session: AsyncSession, settings: Settings, refresh_token: str
) -> TokenResponse:
    claims = tokens.decode(settings, refresh_token, expected="refresh")
    now = utcnow()
    row = await repository.token_row(session, claims.jti)
    if row is None or claims.family is None or row.family_id != claims.family:
        raise _invalid_grant("Refresh token is not recognised; sign in again.")
    if not await repository.spend_refresh_token(session, claims.jti, now):
        # Read it again: a concurrent refresh with the same token may have spent it after we
        # loaded it (PostgreSQL: our UPDATE waited for that commit). That is reuse too.
        await session.refresh(row)
        if row.used_at is not None:
            # A spent token came back: someone holds a copy. Kill the whole family, and make
            # that stick even though this request fails.
            await repository.revoke_family(session, row.family_id, now)
            audit.record(session, None, "auth.refresh_reuse", "user", row.user_id)
            await session.commit()
        raise _invalid_grant("Refresh token was already used or revoked; sign in again.")
    user = await session.get(User, row.user_id)
    if user is None or not user.active or user.token_generation != claims.gen:
        raise _invalid_grant("Account is no longer active; sign in again.")
    return await _issue(session, settings, user, family=row.family_id)


async def logout(
    session: AsyncSession, settings: Settings, principal: Principal, refresh_token: str | None
) -> None:
    """With a refresh token: end that sign-in. Without: end every sign-in of this user."""
    now = utcnow()
    if refresh_token:
        claims = tokens.decode(settings, refresh_token, expected="refresh")
        if claims.sub != str(principal.user_id) or claims.family is None:
            raise Unauthorized("That refresh token belongs to another sign-in.")
        await repository.revoke_family(session, claims.family, now)
    else:
        user = await session.get(User, principal.user_id)
        if user is not None:
            await end_all_sessions(session, user)
    audit.record(session, principal, "auth.logout", "user", principal.user_id)


async def end_all_sessions(session: AsyncSession, user: User) -> None:
    """Kill every token of `user` at once: access tokens carry the generation, refresh tokens
    are revoked (and would fail the generation check anyway)."""
    user.token_generation += 1
    await repository.revoke_all_for_user(session, user.id, utcnow())


async def change_own_password(
    session: AsyncSession,
    settings: Settings,
    limiter: RateLimiter,
    principal: Principal,
    current_password: str,
    new_password: str,
) -> TokenResponse:
    """Every other sign-in ends; this one gets a fresh pair so the caller stays signed in.

    Wrong current passwords count against the same per-account limit as sign-in, so a stolen
    access token is no faster a way to guess the password than the sign-in form."""
    user = await me(session, principal)
    key = _login_key(user.email)
    wait = await limiter.hit(key, settings.login_attempts_per_15min, LOGIN_WINDOW_S)
    if wait is not None:
        raise TooManyRequests(
            "Too many wrong passwords for this account; wait and try again.",
            headers={"Retry-After": str(wait)},
        )
    if not verify_password(user.password_hash, current_password):
        raise _unprocessable("current_password", "Not your current password.", "wrong_password")
    await limiter.reset(key)
    if problems := password_problems(new_password):
        msg = "Password " + "; ".join(problems) + "."
        raise _unprocessable("new_password", msg, "password_policy")
    user.password_hash = hash_password(new_password)
    await end_all_sessions(session, user)
    audit.record(session, principal, "auth.password_change", "user", user.id)
    return await _issue(session, settings, user)


async def me(session: AsyncSession, principal: Principal) -> User:
    user = await session.get(User, principal.user_id)
    if user is None:
        raise Unauthorized()
    return user


def _as_principal(user: User) -> Principal:
    from bina.security.principal import Role

    return Principal(
        user_id=user.id,
        role=Role(user.role),
        email=user.email,
        agency_code=user.agency_code,
        region_code=user.region_code,
        mentor_id=user.mentor_id,
    )
