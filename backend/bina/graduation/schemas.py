"""Graduation and exit: what the verifier sends, what the household looks like afterwards."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class GraduationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assessment_id: uuid.UUID = Field(
        description="The assessment you checked; it must be the household's latest, and ready."
    )
    note: Note | None = None


class ExitCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Note | None = None


class GraduationRead(BaseModel):
    household_id: uuid.UUID
    status: str
    graduated_at: datetime | None
    monitoring_until: date | None
    assessment_id: uuid.UUID | None
    readiness_score: float | None
    version: int = Field(description="The household's version (its ETag).")
