"""Token and profile schemas."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bina.security.principal import Role


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int
    refresh_token: str | None = None
    scope: str | None = None


class Me(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    role: Role
    agency_code: str | None
    region_code: str | None
    mentor_id: uuid.UUID | None
    active: bool


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: Annotated[str, Field(max_length=256, json_schema_extra={"writeOnly": True})]
    # The password policy is applied by the service, so the error names the rule on this field.
    new_password: Annotated[str, Field(max_length=256, json_schema_extra={"writeOnly": True})]
