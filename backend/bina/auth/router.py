"""POST /auth/token, POST /auth/logout, GET /auth/me."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated
from urllib.parse import unquote_plus

from fastapi import APIRouter, Form, Request, Response

from bina.auth import service
from bina.auth.schemas import Me, PasswordChange, TokenResponse
from bina.config import get_settings
from bina.db import Session
from bina.errors import BadRequest
from bina.kit.openapi import problems
from bina.security.principal import PEOPLE_ONLY, Principal, requires

router = APIRouter(prefix="/auth", tags=["auth"])

Person = Annotated[Principal, requires(PEOPLE_ONLY)]


GRANTS = ("password", "refresh_token", "client_credentials")


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    """HTTP Basic client authentication (RFC 6749 §2.3.1: id and secret form-encoded first)."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, sep, secret = base64.b64decode(value, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")  # refused below as an unknown client
    return (unquote_plus(client_id), unquote_plus(secret)) if sep else ("", "")


@router.post("/token", response_model=TokenResponse, responses=problems(400, 401, 413, 422, 429))
async def token(
    request: Request,
    response: Response,
    session: Session,
    grant_type: Annotated[str, Form(max_length=64, description=" | ".join(GRANTS))],
    username: Annotated[str | None, Form(max_length=254)] = None,
    password: Annotated[str | None, Form(max_length=256)] = None,
    refresh_token: Annotated[str | None, Form(max_length=4096)] = None,
    client_id: Annotated[str | None, Form(max_length=64)] = None,
    client_secret: Annotated[str | None, Form(max_length=256)] = None,
    scope: Annotated[str | None, Form(max_length=1000, description="Space-separated")] = None,
) -> TokenResponse:
    """Sign in with email and password, trade a refresh token for new tokens, or (another
    agency's system) take a token with client credentials, as form fields or HTTP Basic."""
    response.headers["Pragma"] = "no-cache"
    settings = get_settings()
    if grant_type == "client_credentials":
        credentials = _basic_credentials(request) or (client_id or "", client_secret or "")
        return await service.client_credentials_grant(
            session, settings, request.app.state.rate_limiter, *credentials, scope
        )
    if grant_type not in GRANTS:
        raise BadRequest(
            f"grant_type must be one of: {', '.join(GRANTS)}.",
            extra={"error": "unsupported_grant_type"},
        )
    if grant_type == "password":
        if not username or not password:
            raise BadRequest("grant_type=password needs `username` (your email) and `password`.")
        return await service.password_grant(
            session, settings, request.app.state.rate_limiter, username, password
        )
    if not refresh_token:
        raise BadRequest("grant_type=refresh_token needs `refresh_token`.")
    return await service.refresh_grant(session, settings, refresh_token)


@router.post("/logout", status_code=204, responses=problems(401, 403, 409, 413, 422))
async def logout(
    session: Session,
    principal: Person,
    refresh_token: Annotated[str | None, Form(max_length=4096)] = None,
) -> None:
    """End this sign-in (send its refresh token) or, without one, every sign-in of yours."""
    await service.logout(session, get_settings(), principal, refresh_token)


@router.get("/me", response_model=Me, responses=problems(401, 403))
async def me(session: Session, principal: Person) -> Me:
    """Your own account: role, agency, region and linked mentor."""
    return Me.model_validate(await service.me(session, principal))


@router.post(
    "/password", response_model=TokenResponse, responses=problems(401, 403, 409, 413, 422, 429)
)
async def change_password(
    request: Request,
    response: Response,
    session: Session,
    principal: Person,
    body: PasswordChange,
) -> TokenResponse:
    """Change your own password: every other sign-in ends, this one gets fresh tokens."""
    response.headers["Pragma"] = "no-cache"
    return await service.change_own_password(
        session,
        get_settings(),
        request.app.state.rate_limiter,
        principal,
        body.current_password,
        body.new_password,
    )
