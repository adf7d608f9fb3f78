"""Assignment schemas: manual create, end, reassign, read, list page, list filters."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

from bina.kit.pagination import Page

AssignmentStatus = Literal["proposed", "active", "ended", "rejected"]
AssignmentOrigin = Literal["manual", "matching_run"]
AssignmentSort = Literal["created_at", "-created_at"]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class AssignmentCreate(BaseModel):
    """A manual assignment: it is active at once."""

    model_config = ConfigDict(extra="forbid")

    household_id: uuid.UUID
    mentor_id: uuid.UUID


class AssignmentEnd(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


class AssignmentReassign(BaseModel):
    """End the active assignment with `reason` and give the household to `mentor_id`."""

    model_config = ConfigDict(extra="forbid")

    mentor_id: uuid.UUID
    reason: Reason


class AssignmentRead(BaseModel):
    id: uuid.UUID
    household_id: uuid.UUID
    mentor_id: uuid.UUID
    status: AssignmentStatus
    origin: AssignmentOrigin
    matching_run_id: uuid.UUID | None
    score: float | None
    breakdown: dict[str, Any] | None
    started_at: datetime | None
    ended_at: datetime | None
    end_reason: str | None
    created_by: uuid.UUID | None
    kecamatan_code: str  # the household's
    agency_code: str  # the mentor's
    version: int
    created_at: datetime
    updated_at: datetime


class AssignmentList(Page[AssignmentRead]):
    pass


@dataclass(frozen=True, slots=True)
class AssignmentFilters:
    mentor_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = None
    status: str | None = None
    kecamatan_code: str | None = None
    agency_code: str | None = None
    origin: str | None = None
