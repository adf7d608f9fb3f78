"""POST /auth/token, POST /auth/logout, GET /auth/me."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request, Response

from bina.auth import service
from bina.auth.schemas import Me, PasswordChange, TokenResponse
from bina.config import get_settings
from bina.db import Session
from bina.errors import BadRequest
from bina.kit.openapi import problems
from bina.security.principal import CurrentPrincipal

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenResponse, responses=problems(400, 401, 413, 422, 429))
async def token(
    request: Request,
    response: Response,
    session: Session,
    grant_type: Annotated[Literal["password", "refresh_token"], Form()],
    username: Annotated[str | None, Form(max_length=254)] = None,
    password: Annotated[str | None, Form(max_length=256)] = None,
    refresh_token: Annotated[str | None, Form(max_length=4096)] = None,
) -> TokenResponse:
    """Sign in with email and password, or trade a refresh token for new tokens (OAuth2 form)."""
    response.headers["Pragma"] = "no-cache"
    settings = get_settings()
    if grant_type == "password":
        if not username or not password:
            raise BadRequest("grant_type=password needs `username` (your email) and `password`.")
        return await service.password_grant(
            session, settings, request.app.state.rate_limiter, username, password
        )
    if not refresh_token:
        raise BadRequest("grant_type=refresh_token needs `refresh_token`.")
    return await service.refresh_grant(session, settings, refresh_token)


@router.post("/logout", status_code=204, responses=problems(401, 409, 413, 422))
async def logout(
    session: Session,
    principal: CurrentPrincipal,
    refresh_token: Annotated[str | None, Form(max_length=4096)] = None,
) -> None:
    """End this sign-in (send its refresh token) or, without one, every sign-in of yours."""
    await service.logout(session, get_settings(), principal, refresh_token)


@router.get("/me", response_model=Me, responses=problems(401))
async def me(session: Session, principal: CurrentPrincipal) -> Me:
    """Your own account: role, agency, region and linked mentor."""
    return Me.model_validate(await service.me(session, principal))


@router.post("/password", response_model=TokenResponse, responses=problems(401, 409, 413, 422, 429))
async def change_password(
    request: Request,
    response: Response,
    session: Session,
    principal: CurrentPrincipal,
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
