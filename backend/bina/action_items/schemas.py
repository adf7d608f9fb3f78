"""Action item schemas: as agreed at a session (create), the status change, read, list page."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bina.kit.pagination import Page

ActionStatus = Literal["open", "done", "dropped"]
# `overdue` is open with its due date before today (local date).
ActionFilter = Literal["open", "done", "dropped", "overdue"]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ActionCreate(BaseModel):
    """A step agreed at a session, e.g. "Urus akta kelahiran anak ke Disdukcapil"."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    due_date: date


class ActionItemUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: ActionStatus | None = Field(
        None, description="`done` stamps done_at; `open` clears it."
    )
    title: Title | None = None
    due_date: date | None = None


class ActionItemRead(BaseModel):
    id: uuid.UUID
    session_id: uuid.UUID
    household_id: uuid.UUID
    title: str
    due_date: date
    status: ActionStatus
    overdue: bool
    done_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


class ActionItemList(Page[ActionItemRead]):
    pass
