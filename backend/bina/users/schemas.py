"""User account schemas: what an admin (or an agency admin) may send, and what it reads back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from bina.kit.pagination import Page
from bina.security.passwords import MAX_LENGTH, password_problems
from bina.security.principal import Role

SortField = Literal[
    "email", "-email", "name", "-name", "role", "-role", "created_at", "-created_at"
]


def _lower(email: str) -> str:
    return email.lower()


def _acceptable_password(password: str) -> str:
    if problems := password_problems(password):
        # The message names the rule, never the value (validation errors never echo input).
        raise PydanticCustomError("password_policy", "Password " + "; ".join(problems) + ".")
    return password


def _not_null(value: Any) -> Any:
    # An update may leave a field out, but may not blank a field every account must have.
    if value is None:
        raise PydanticCustomError("not_null", "May be left out, but not null.")
    return value


Email = Annotated[EmailStr, StringConstraints(max_length=254), AfterValidator(_lower)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Password = Annotated[str, Field(max_length=MAX_LENGTH), AfterValidator(_acceptable_password)]
AgencyCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
RegionCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=13)]


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    name: Name
    role: Role
    password: Password = Field(json_schema_extra={"writeOnly": True})
    agency_code: AgencyCode | None = None
    region_code: RegionCode | None = None
    mentor_id: uuid.UUID | None = None
    active: bool = True


class UserUpdate(BaseModel):
    """Only the fields sent change; `agency_code`, `region_code`, `mentor_id` may be set to null."""

    model_config = ConfigDict(extra="forbid")

    email: Annotated[Email | None, BeforeValidator(_not_null)] = None
    name: Annotated[Name | None, BeforeValidator(_not_null)] = None
    role: Annotated[Role | None, BeforeValidator(_not_null)] = None
    password: Annotated[Password | None, BeforeValidator(_not_null)] = Field(
        default=None, json_schema_extra={"writeOnly": True}
    )
    agency_code: AgencyCode | None = None
    region_code: RegionCode | None = None
    mentor_id: uuid.UUID | None = None
    active: Annotated[bool | None, BeforeValidator(_not_null)] = None


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    role: Role
    agency_code: str | None
    region_code: str | None
    mentor_id: uuid.UUID | None
    active: bool
    version: int
    created_at: datetime
    updated_at: datetime


UserList = Page[UserRead]


@dataclass(frozen=True, slots=True)
class UserFilters:
    role: Role | None = None
    agency_code: str | None = None
    region_code: str | None = None
    active: bool | None = None
    q: str | None = None
