"""Household status history: one change, and the list page."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel

from bina.kit.pagination import Page


class StatusChangeRead(BaseModel):
    id: uuid.UUID
    household_id: uuid.UUID
    from_status: str | None  # None: the household was registered
    to_status: str
    changed_at: datetime
    changed_by: uuid.UUID | None  # None: the system (e.g. the end of monitoring)
    actor_role: str | None
    reason: str | None


class StatusChangeList(Page[StatusChangeRead]):
    pass
