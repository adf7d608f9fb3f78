"""Jobs as the API shows them to operators: kind, state, attempts, next try, why it failed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

from bina.kit.pagination import Page

JobStatus = Literal["queued", "running", "succeeded", "failed"]


class JobRead(BaseModel):
    id: uuid.UUID
    kind: str
    status: JobStatus
    payload: dict[str, Any]
    attempts: int
    max_attempts: int
    run_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime


class JobList(Page[JobRead]):
    pass


@dataclass(frozen=True, slots=True)
class JobFilters:
    kind: str | None = None
    status: JobStatus | None = None
