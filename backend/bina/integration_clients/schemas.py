"""Integration clients as the admin registers and sees them; the secret only once, on creation
and rotation."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bina.kit.pagination import Page
from bina.security.scopes import Scope

RegionCode = Annotated[str, Field(pattern=r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")]


class _Grant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scopes: Annotated[list[Scope], Field(min_length=1, max_length=len(Scope))]
    region_codes: Annotated[
        list[RegionCode],
        Field(
            max_length=200,
            description="Where its household data reaches (Kemendagri codes); empty: everywhere "
            "the registering admin reaches.",
        ),
    ] = []

    @field_validator("scopes", "region_codes")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        return sorted(set(values))


class IntegrationClientCreate(_Grant):
    name: Annotated[str, Field(min_length=3, max_length=200)]
    agency_code: Annotated[str, Field(min_length=1, max_length=32, description="Whose system")]


class IntegrationClientUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str | None, Field(min_length=3, max_length=200)] = None
    scopes: Annotated[list[Scope] | None, Field(min_length=1, max_length=len(Scope))] = None
    region_codes: Annotated[list[RegionCode] | None, Field(max_length=200)] = None

    @field_validator("scopes", "region_codes")
    @classmethod
    def _unique(cls, values: list[str] | None) -> list[str] | None:
        return None if values is None else sorted(set(values))


class SecretRotation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grace_hours: Annotated[
        int,
        Field(ge=0, le=168, description="How long the previous secret keeps working"),
    ] = 24


class IntegrationClientRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    client_id: str
    name: str
    agency_code: str
    scopes: list[Scope]
    region_codes: list[str]
    active: bool
    revoked_at: datetime | None
    previous_secret_expires_at: datetime | None = Field(
        description="Until when the secret before the last rotation still works"
    )
    last_token_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class IntegrationClientWithSecret(IntegrationClientRead):
    client_secret: str = Field(description="Shown this once; only its keyed hash is stored")


class IntegrationClientList(Page[IntegrationClientRead]):
    pass
