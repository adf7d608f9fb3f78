"""Mentoring session schemas (core field names fixed by design.md §4): create, edit, review,
read, list page, list filters."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bina.action_items.schemas import ActionCreate, ActionItemRead
from bina.kit.pagination import Page
from bina.reference.taxonomy import TaxonomyCode
from bina.security.visibility import FamilyDetail, RedactedFlag

SessionKind = Literal["home_visit", "phone", "group", "office"]
SessionStatus = Literal["submitted", "verified", "rejected"]
SessionSort = Literal["occurred_at", "-occurred_at", "created_at", "-created_at"]
Minutes = Annotated[int, Field(ge=1, le=720)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Topics = Annotated[list[TaxonomyCode], Field(max_length=12)]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


def _unique(values: list[str] | None) -> list[str] | None:
    if values is not None and len(set(values)) != len(values):
        raise ValueError("contains duplicates")
    return values


class SessionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID | None = Field(
        None,
        description="Chosen by the phone so a resend is the same session: the same id and body "
        "again answers 200 with the stored session, the same id with another body 409.",
    )
    assignment_id: uuid.UUID
    occurred_at: AwareDatetime
    kind: SessionKind
    duration_minutes: Minutes
    lat: Latitude | None = None
    lon: Longitude | None = None
    topics: Topics = []
    notes: Notes | None = None
    actions: Annotated[list[ActionCreate], Field(max_length=20)] = []
    next_visit_on: date | None = None

    _topics_unique = field_validator("topics")(_unique)


class SessionUpdate(BaseModel):
    """What the mentor may still correct while the session is not verified."""

    model_config = ConfigDict(extra="forbid")

    occurred_at: AwareDatetime | None = None
    kind: SessionKind | None = None
    duration_minutes: Minutes | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    topics: Topics | None = None
    notes: Notes | None = None
    next_visit_on: date | None = None

    _topics_unique = field_validator("topics")(_unique)


class SessionVerify(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None


class SessionReject(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


class SessionRead(BaseModel):
    id: uuid.UUID
    assignment_id: uuid.UUID
    household_id: uuid.UUID
    mentor_id: uuid.UUID
    kecamatan_code: str  # the household's
    agency_code: str  # the mentor's
    mentor_name: str
    household_head_name: FamilyDetail[str | None] = Field(
        description="Who was visited (the household's head); null for agency admins."
    )
    occurred_at: datetime
    kind: SessionKind
    duration_minutes: int
    lat: FamilyDetail[float | None]
    lon: FamilyDetail[float | None]
    distance_m: float | None = Field(description="From the household's recorded location.")
    flagged: bool
    flag_reason: str | None
    topics: list[str]
    notes: FamilyDetail[str | None]
    next_visit_on: date | None
    actions: FamilyDetail[list[ActionItemRead]]
    status: SessionStatus
    reviewed_by: uuid.UUID | None
    reviewed_at: datetime | None
    review_reason: str | None
    redacted: RedactedFlag = Field(
        False, description="Notes, place and actions withheld: your role may not see them."
    )
    version: int
    created_at: datetime
    updated_at: datetime


class SessionList(Page[SessionRead]):
    pass


@dataclass(frozen=True, slots=True)
class SessionFilters:
    household_id: uuid.UUID | None = None
    mentor_id: uuid.UUID | None = None
    kecamatan_code: str | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    status: str | None = None
    flagged: bool | None = None
