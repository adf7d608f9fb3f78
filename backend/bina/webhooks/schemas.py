"""Webhook endpoints and their deliveries as their owner registers and sees them; the secret
only on creation and rotation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from bina.kit.pagination import Page
from bina.webhooks.catalog import EVENT_TYPES


def _known(name: str) -> str:
    if name not in EVENT_TYPES:
        raise ValueError(f"unknown event type {name!r}; known: {', '.join(EVENT_TYPES)}")
    return name


def _unique(names: list[str] | None) -> list[str] | None:
    return None if names is None else sorted(set(names))


EventType = Annotated[
    str, AfterValidator(_known), WithJsonSchema({"type": "string", "enum": list(EVENT_TYPES)})
]
EventTypes = Annotated[
    list[EventType], Field(min_length=1, max_length=len(EVENT_TYPES)), AfterValidator(_unique)
]
Url = Annotated[
    str,
    Field(
        min_length=1,
        max_length=2000,
        description="https; it must resolve to public addresses only.",
        examples=["https://dtsen.dinsos.example.go.id/hooks/bina"],
    ),
]
Description = Annotated[str, Field(max_length=500)]
DeliveryStatus = Literal["pending", "succeeded", "failed"]


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url
    event_types: EventTypes
    description: Description | None = None


class WebhookUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url | None = None
    event_types: EventTypes | None = None
    description: Description | None = None
    active: bool | None = Field(
        None, description="false stops deliveries; true resumes them (after a 410, say)."
    )


class SecretRotation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grace_hours: Annotated[
        int, Field(ge=0, le=168, description="How long the previous secret still signs too")
    ] = 24


class WebhookRead(BaseModel):
    id: uuid.UUID
    url: str
    event_types: list[str]
    description: str | None
    active: bool
    disabled_at: datetime | None
    disabled_reason: str | None
    created_by: uuid.UUID | None = Field(description="The admin who registered it, if a person")
    owner_client_id: uuid.UUID | None = Field(
        description="The integration client that registered it and owns it, if a client"
    )
    previous_secret_expires_at: datetime | None = Field(
        description="Until when the secret before the last rotation signs too"
    )
    version: int
    created_at: datetime
    updated_at: datetime


class WebhookWithSecret(WebhookRead):
    secret: str = Field(
        description="`whsec_` + base64; verify deliveries with it. Shown in this answer only."
    )


class WebhookList(Page[WebhookRead]):
    pass


class DeliveryRead(BaseModel):
    id: uuid.UUID
    webhook_id: uuid.UUID
    message_id: str = Field(description="The `webhook-id` header, the same on every attempt")
    event_type: str
    object_id: uuid.UUID | None
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None = Field(description="When it is tried next, if pending")
    last_attempt_at: datetime | None
    delivered_at: datetime | None
    response_status: int | None = Field(description="The receiver's last HTTP status")
    response_body: str | None = Field(description="The start (1 KB) of its last answer")
    last_error: str | None
    created_at: datetime


class DeliveryList(Page[DeliveryRead]):
    pass


@dataclass(frozen=True, slots=True)
class DeliveryFilters:
    status: str | None = None
