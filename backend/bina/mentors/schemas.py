"""Mentor schemas: create, partial update, read (with competences), list page, write answer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bina.kit.pagination import Page
from bina.reference.taxonomy import TaxonomyCode
from bina.security.visibility import Identifier, IdentifierDerived

EmploymentType = Literal["PNS", "PPPK", "PPPK_PARUH_WAKTU"]
MentorStatus = Literal["active", "on_leave", "inactive", "retired"]
Sex = Literal["M", "F"]
MentorSort = Literal["created_at", "-created_at", "name", "-name"]
Reveal = Literal["nip"]

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# Spaces are allowed in input ("19850312 201001 1 002", as printed on SK) and removed.
NipText = Annotated[str, StringConstraints(max_length=32)]
Text200 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Golongan = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10)]
Code32 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
RegionCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=13)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Capacity = Annotated[int, Field(ge=1, le=3, description="Households at once, 1-3.")]


class Competency(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: TaxonomyCode
    level: Annotated[int, Field(ge=1, le=3, description="1 basic, 2 experienced, 3 expert.")]


def _no_duplicate_codes(items: list[Competency] | None) -> list[Competency] | None:
    if items is None:
        return None
    seen: set[str] = set()
    for item in items:
        if item.code in seen:
            raise ValueError(f"competency {item.code} is listed twice; give each code once")
        seen.add(item.code)
    return sorted(items, key=lambda c: c.code)


def _compact_nip(value: str | None) -> str | None:
    return None if value is None else "".join(value.split())


class MentorCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nip: Annotated[NipText, Field(description="NIP (PNS) or NI PPPK, 18 digits.")]
    name: Name
    employment_type: EmploymentType
    agency_code: Code32
    position: Text200 | None = None
    golongan: Golongan | None = None
    sex: Sex | None = Field(default=None, description="Taken from the NIP when omitted.")
    birth_date: date | None = Field(default=None, description="Taken from the NIP when omitted.")
    competencies: Annotated[list[Competency], Field(max_length=12)] = []
    kelurahan_code: RegionCode
    lat: Latitude | None = None
    lon: Longitude | None = None
    work_lat: Latitude | None = None
    work_lon: Longitude | None = None
    capacity: Capacity = 1
    available: bool = True
    status: MentorStatus = "active"
    status_since: date | None = Field(default=None, description="Today when omitted.")

    compact_nip = field_validator("nip")(_compact_nip)
    unique_codes = field_validator("competencies")(_no_duplicate_codes)


# Fields that cannot be cleared: an explicit null is refused, leaving them out keeps them.
_REQUIRED_ON_PATCH = (
    "nip",
    "name",
    "employment_type",
    "agency_code",
    "sex",
    "birth_date",
    "competencies",
    "kelurahan_code",
    "capacity",
    "available",
    "status",
)


class MentorUpdate(BaseModel):
    """Partial update: only the fields sent change; `competencies` replaces the whole list."""

    model_config = ConfigDict(extra="forbid")

    nip: NipText | None = None
    name: Name | None = None
    employment_type: EmploymentType | None = None
    agency_code: Code32 | None = None
    position: Text200 | None = None
    golongan: Golongan | None = None
    sex: Sex | None = None
    birth_date: date | None = None
    competencies: Annotated[list[Competency], Field(max_length=12)] | None = None
    kelurahan_code: RegionCode | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    work_lat: Latitude | None = None
    work_lon: Longitude | None = None
    capacity: Capacity | None = None
    available: bool | None = None
    status: MentorStatus | None = None
    status_since: date | None = None

    @field_validator(*_REQUIRED_ON_PATCH)
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("cannot be null; leave the field out to keep its value")
        return value

    compact_nip = field_validator("nip")(_compact_nip)
    unique_codes = field_validator("competencies")(_no_duplicate_codes)


class MentorRead(BaseModel):
    id: uuid.UUID
    nip: Identifier = Field(description="Masked unless `?reveal=nip` by a role that may see it.")
    name: str
    employment_type: EmploymentType
    agency_code: str
    position: str | None
    golongan: str | None
    sex: Sex
    birth_date: IdentifierDerived[date | None] = Field(
        description="Null while the NIP is masked: it is digits 1-8 of the NIP."
    )
    appointed_on: IdentifierDerived[date | None] = Field(
        description="TMT from the NIP; null while the NIP is masked (digits 9-14)."
    )
    competencies: list[Competency]
    kelurahan_code: str
    kecamatan_code: str
    lat: float | None
    lon: float | None
    work_lat: float | None
    work_lon: float | None
    capacity: int
    available: bool
    status: MentorStatus
    status_since: date | None
    version: int
    created_at: datetime
    updated_at: datetime


class MentorSaved(MentorRead):
    """The answer to a create or update: the mentor as stored, plus soft warnings."""

    warnings: list[str] = Field(
        description="Saved anyway, but worth a second look (e.g. a home far outside the city)."
    )


MentorList = Page[MentorRead]


@dataclass(frozen=True, slots=True)
class MentorFilters:
    agency_code: str | None = None
    competency: str | None = None
    min_level: int | None = None
    kecamatan_code: str | None = None
    available: bool | None = None
    employment_type: str | None = None
    status: str | None = None
    q: str | None = None

    @property
    def nip_prefix(self) -> str | None:
        """`q` of digits (spaces allowed) searches NIPs by prefix; anything else, names."""
        if self.q is None:
            return None
        digits = "".join(self.q.split())
        return digits if digits.isdigit() else None
