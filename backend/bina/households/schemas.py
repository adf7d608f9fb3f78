"""Household and member schemas (core field names fixed by design.md §4)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bina.kit.pagination import Page
from bina.reference.taxonomy import ASSISTANCE_PROGRAMS, TaxonomyCode
from bina.security.visibility import Identifier, Specific

Digits16 = Annotated[str, StringConstraints(pattern=r"^\d{16}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
KelurahanCode = Annotated[str, StringConstraints(pattern=r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")]
RtRw = Annotated[str, StringConstraints(pattern=r"^\d{1,3}$")]
Category = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]
Relationship = Literal[
    "kepala", "istri", "suami", "anak", "menantu", "cucu", "orang_tua", "famili_lain", "lainnya"
]
Sex = Literal["M", "F"]
Education = Literal[
    "belum_sekolah", "tidak_sekolah", "sd", "smp", "sma", "diploma", "sarjana", "pascasarjana"
]
HouseholdStatus = Literal[
    "identified", "verified", "assigned", "mentoring", "graduated", "monitoring", "exited", "moved"
]
# Statuses an officer may set by hand; the others follow assignments and graduation.
EditableStatus = Literal["identified", "verified", "moved"]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class Housing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    floor: Category | None = None
    wall: Category | None = None
    roof: Category | None = None
    water: Category | None = None
    sanitation: Category | None = None
    electricity: Category | None = None


class MemberCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nik: Digits16
    name: Name
    relationship: Relationship
    sex: Sex | None = Field(None, description="Derived from the NIK when omitted.")
    birth_date: date | None = Field(None, description="Derived from the NIK when omitted.")
    education: Education | None = None
    in_school: bool | None = None
    occupation: Annotated[str, StringConstraints(max_length=100)] | None = None
    disability: Category | None = None
    has_jkn: bool | None = None


class MemberUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nik: Digits16 | None = None
    name: Name | None = None
    relationship: Relationship | None = None
    sex: Sex | None = None
    birth_date: date | None = None
    education: Education | None = None
    in_school: bool | None = None
    occupation: Annotated[str, StringConstraints(max_length=100)] | None = None
    disability: Category | None = None
    has_jkn: bool | None = None


class MemberRead(BaseModel):
    """A person on the KK. Schooling, disability and JKN are specific personal data (UU 27/2022
    art. 4): null unless your role may see them (admin, the region's coordinator, the
    household's mentor); every answer that shows them is audited on the household."""

    id: uuid.UUID
    household_id: uuid.UUID
    nik: Identifier = Field(description="Masked unless `?reveal=nik` by a role that may see it.")
    name: str
    relationship: str
    sex: str
    birth_date: date
    education: Specific[str | None]
    in_school: Specific[bool | None]
    occupation: str | None
    disability: Specific[str | None]
    has_jkn: Specific[bool | None]
    version: int
    warnings: list[str] = []


MemberList = Page[MemberRead]


def _unique(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("contains duplicates")
    return values


def _known_programs(values: list[str]) -> list[str]:
    unknown = sorted(set(values) - ASSISTANCE_PROGRAMS.keys())
    if unknown:
        raise ValueError(
            f"unknown programme(s) {', '.join(unknown)}; known: {', '.join(ASSISTANCE_PROGRAMS)}"
        )
    return _unique(values)


class _HouseholdFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("needs", check_fields=False)
    @classmethod
    def _needs_unique(cls, v: list[str] | None) -> list[str] | None:
        return _unique(v) if v is not None else v

    @field_validator("assistance", check_fields=False)
    @classmethod
    def _assistance_known(cls, v: list[str] | None) -> list[str] | None:
        return _known_programs(v) if v is not None else v


class HouseholdCreate(_HouseholdFields):
    kk_number: Digits16
    head_name: Name
    head_nik: Digits16
    kelurahan_code: KelurahanCode
    address: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    rt: RtRw | None = None
    rw: RtRw | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    desil: Annotated[int, Field(ge=1, le=10)] | None = None
    desil_source: Annotated[str, StringConstraints(max_length=40)] | None = None
    desil_as_of: date | None = None
    extreme_poor: bool = True
    status: EditableStatus = "identified"
    needs: Annotated[list[TaxonomyCode], Field(max_length=12)] = []
    assistance: Annotated[list[str], Field(max_length=20)] = []
    housing: Housing = Housing()
    notes: Annotated[str, StringConstraints(max_length=2000)] | None = None
    members: Annotated[list[MemberCreate], Field(max_length=30)] = []


class HouseholdUpdate(_HouseholdFields):
    kk_number: Digits16 | None = None
    head_name: Name | None = None
    head_nik: Digits16 | None = None
    kelurahan_code: KelurahanCode | None = None
    address: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
        | None
    ) = None
    rt: RtRw | None = None
    rw: RtRw | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    desil: Annotated[int, Field(ge=1, le=10)] | None = None
    desil_source: Annotated[str, StringConstraints(max_length=40)] | None = None
    desil_as_of: date | None = None
    extreme_poor: bool | None = None
    status: EditableStatus | None = None
    status_reason: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None
    ) = Field(None, description="Why the status changes; kept in the household's history.")
    needs: Annotated[list[TaxonomyCode], Field(max_length=12)] | None = None
    assistance: Annotated[list[str], Field(max_length=20)] | None = None
    housing: Housing | None = None
    notes: Annotated[str, StringConstraints(max_length=2000)] | None = None


class HouseholdSummary(BaseModel):
    """A list row: what a table shows, without members."""

    id: uuid.UUID
    kk_number: Identifier = Field(description="Masked unless `?reveal=nik` by a role that may.")
    head_name: str
    head_nik: Identifier = Field(description="Masked unless `?reveal=nik` by a role that may.")
    kelurahan_code: str
    kecamatan_code: str
    address: str
    rt: str | None
    rw: str | None
    lat: float | None
    lon: float | None
    desil: int | None
    extreme_poor: bool
    status: HouseholdStatus
    needs: list[str]
    version: int
    created_at: datetime
    updated_at: datetime


class ActiveAssignment(BaseModel):
    """Who mentors the household now: its active assignment and that mentor."""

    id: uuid.UUID
    mentor_id: uuid.UUID
    mentor_name: str
    agency_code: str  # the mentor's
    started_at: datetime | None


class HouseholdRead(HouseholdSummary):
    desil_source: str | None
    desil_as_of: date | None
    status_changed_at: datetime | None
    graduated_at: datetime | None = None
    monitoring_until: date | None = Field(
        None, description="A graduated household is monitored until this day, then exits."
    )
    housing: Housing
    assistance: list[str]
    notes: str | None
    members: list[MemberRead]
    active_assignment: ActiveAssignment | None = Field(
        None, description="The household's active assignment and mentor; null when it has none."
    )
    warnings: list[str] = Field(
        [], description="Soft issues worth a look, e.g. a NIK first registered outside Palembang."
    )


HouseholdList = Page[HouseholdSummary]

HouseholdSort = Literal[
    "created_at", "-created_at", "updated_at", "-updated_at", "head_name", "-head_name"
]


@dataclass(frozen=True, slots=True)
class HouseholdFilters:
    kecamatan_code: str | None = None
    kelurahan_code: str | None = None
    status: str | None = None
    desil: int | None = None
    need: str | None = None
    extreme_poor: bool | None = None
    q: str | None = None
