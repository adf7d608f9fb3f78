"""Audit event schemas."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from bina.kit.pagination import Page


class AuditEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    actor_id: uuid.UUID | None
    actor_role: str | None
    actor_name: str | None = None  # who that was, as the account is named now
    actor_email: str | None = None
    action: str
    object_type: str | None
    object_id: str | None
    request_id: str | None
    detail: dict[str, Any]


AuditEventList = Page[AuditEventRead]


@dataclass(frozen=True, slots=True)
class AuditEventFilters:
    actor_id: uuid.UUID | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
