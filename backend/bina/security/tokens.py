"""JWT access and refresh tokens (python-jose, algorithm pinned, every claim required)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Literal

from jose import JWTError, jwt

from bina.config import Settings
from bina.errors import Unauthorized

TokenType = Literal["access", "refresh"]
REQUIRED_CLAIMS = ("exp", "iat", "sub", "aud", "iss", "typ", "jti")


@dataclass(frozen=True, slots=True)
class TokenClaims:
    sub: str
    typ: TokenType
    jti: uuid.UUID
    gen: int
    issued_at: datetime
    expires_at: datetime
    family: uuid.UUID | None = None
    scope: str | None = None  # an integration client's token: the scopes it was issued for


def encode(
    settings: Settings,
    *,
    sub: str,
    typ: TokenType,
    gen: int,
    lifetime: timedelta,
    family: uuid.UUID | None = None,
    scope: str | None = None,
    now: datetime | None = None,
) -> tuple[str, TokenClaims]:
    now = now or datetime.now(UTC)
    jti = uuid.uuid4()
    claims: dict[str, Any] = {
        "sub": sub,
        "typ": typ,
        "jti": str(jti),
        "gen": gen,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
    }
    if family is not None:
        claims["fam"] = str(family)
    if scope is not None:
        claims["scope"] = scope
    token = jwt.encode(claims, settings.secret_key, algorithm=settings.jwt_algorithm)
    return token, TokenClaims(
        sub=sub,
        typ=typ,
        jti=jti,
        gen=gen,
        issued_at=now,
        expires_at=now + lifetime,
        family=family,
        scope=scope,
    )


def decode(settings: Settings, token: str, *, expected: TokenType) -> TokenClaims:
    """Verify signature, pinned algorithm, issuer, audience, expiry and token type."""
    claims = _verified(
        token,
        settings.secret_key,
        settings.jwt_algorithm,
        settings.jwt_audience,
        settings.jwt_issuer,
    )
    # The verification is cached, the expiry is not: check it at every use.
    if claims.expires_at <= datetime.now(UTC):
        raise Unauthorized("Token is invalid or expired.")
    if claims.typ != expected:
        raise Unauthorized(f"An {expected} token is required.")
    return claims


# A client sends the same token on every request for its whole lifetime; verifying its
# signature and claims once instead of per request takes a large share off each call.
# Failures raise, and lru_cache never stores a raised call.
@lru_cache(maxsize=8192)
def _verified(token: str, key: str, algorithm: str, audience: str, issuer: str) -> TokenClaims:
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != algorithm:
            raise Unauthorized("Token algorithm not accepted.")
        claims = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=audience,
            issuer=issuer,
            options={f"require_{c}": True for c in ("exp", "iat", "sub", "aud", "iss", "jti")},
        )
    except JWTError as exc:
        raise Unauthorized("Token is invalid or expired.") from exc
    if any(c not in claims for c in REQUIRED_CLAIMS) or claims["typ"] not in ("access", "refresh"):
        raise Unauthorized("Token is invalid or expired.")
    try:
        return TokenClaims(
            sub=str(claims["sub"]),
            typ=claims["typ"],
            jti=uuid.UUID(str(claims["jti"])),
            gen=int(claims.get("gen", -1)),
            issued_at=datetime.fromtimestamp(int(claims["iat"]), UTC),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), UTC),
            family=uuid.UUID(str(claims["fam"])) if "fam" in claims else None,
            scope=str(claims["scope"]) if "scope" in claims else None,
        )
    except (TypeError, ValueError) as exc:
        raise Unauthorized("Token is invalid or expired.") from exc
