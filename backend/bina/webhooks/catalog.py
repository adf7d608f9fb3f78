"""Every event type Bina sends: the scope an integration client needs to receive it, and the
domain's `read_many` that builds its `data` as the subscriber may read it (the same read
schemas and visibility rules as the domain's GET). A new event type is one line here and one
`events.emit` where its change is made."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bina.assignments import service as assignments
from bina.graduation import service as graduation
from bina.household_history import service as household_history
from bina.households import service as households
from bina.matching import service as matching
from bina.mentoring_sessions import service as mentoring_sessions
from bina.security.principal import Principal
from bina.security.scopes import Scope

Reader = Callable[
    [AsyncSession, Principal, Sequence[uuid.UUID]], Awaitable[Mapping[uuid.UUID, BaseModel]]
]


@dataclass(frozen=True, slots=True)
class EventKind:
    scope: Scope  # what an integration client must hold to receive it
    read: Reader  # the objects by id, as the caller may read them (absent: it may not)


EVENTS: dict[str, EventKind] = {
    "household.created": EventKind(Scope.HOUSEHOLDS_READ, households.read_many),
    "household.updated": EventKind(Scope.HOUSEHOLDS_READ, households.read_many),
    "household.status_changed": EventKind(Scope.HOUSEHOLDS_READ, household_history.read_many),
    "assignment.created": EventKind(Scope.ASSIGNMENTS_READ, assignments.read_many),
    "assignment.ended": EventKind(Scope.ASSIGNMENTS_READ, assignments.read_many),
    "matching_run.approved": EventKind(Scope.ASSIGNMENTS_READ, matching.read_many),
    "mentoring_session.recorded": EventKind(Scope.SESSIONS_READ, mentoring_sessions.read_many),
    "mentoring_session.verified": EventKind(Scope.SESSIONS_READ, mentoring_sessions.read_many),
    "graduation.recorded": EventKind(Scope.HOUSEHOLDS_READ, graduation.read_many),
}
EVENT_TYPES = tuple(EVENTS)
# Sent by `POST /webhooks/{id}/test` only; not something to subscribe to.
TEST_EVENT = "webhook.test"
