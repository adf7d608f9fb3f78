"""Agency schemas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from bina.kit.pagination import Page


class AgencyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    kind: str
    region_code: str | None


AgencyList = Page[AgencyRead]
