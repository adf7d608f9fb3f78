"""Delta sync answers: one entry per changed object, with the data its own GET returns."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from bina.action_items.schemas import ActionItemRead
from bina.assessments.schemas import AssessmentRead
from bina.assignments.schemas import AssignmentRead
from bina.households.schemas import HouseholdRead
from bina.mentoring_sessions.schemas import SessionRead

MAX_LIMIT = 1000
DEFAULT_LIMIT = 500

Op = Literal["upsert", "delete"]
SyncData = HouseholdRead | AssignmentRead | SessionRead | ActionItemRead | AssessmentRead
_VERSION = Field(description="The object's version (its ETag); null for a delete.")
_DATA = Field(description="What GET of the object returns to you; null for a delete.")


class Entry(BaseModel):
    id: uuid.UUID
    op: Op
    version: int | None = _VERSION
    data: SyncData | None = _DATA


class HouseholdEntry(Entry):
    """A household with its members and needs (a member's change is its household's change)."""

    type: Literal["household"] = "household"
    data: HouseholdRead | None = _DATA


class AssignmentEntry(Entry):
    type: Literal["assignment"] = "assignment"
    data: AssignmentRead | None = _DATA


class SessionEntry(Entry):
    type: Literal["mentoring_session"] = "mentoring_session"
    data: SessionRead | None = _DATA


class ActionItemEntry(Entry):
    type: Literal["action_item"] = "action_item"
    data: ActionItemRead | None = _DATA


class AssessmentEntry(Entry):
    type: Literal["assessment"] = "assessment"
    data: AssessmentRead | None = _DATA


SyncEntry = Annotated[
    HouseholdEntry | AssignmentEntry | SessionEntry | ActionItemEntry | AssessmentEntry,
    Field(discriminator="type"),
]
ENTRY_OF: dict[str, type[Entry]] = {
    "household": HouseholdEntry,
    "assignment": AssignmentEntry,
    "mentoring_session": SessionEntry,
    "action_item": ActionItemEntry,
    "assessment": AssessmentEntry,
}


class SyncPage(BaseModel):
    items: list[SyncEntry] = Field(
        description="Changes in order, at most one entry per object, each with its latest state."
    )
    next_cursor: str = Field(description="Send it next time; it never expires while in use.")
    has_more: bool = Field(description="More changes are waiting: call again at once.")
