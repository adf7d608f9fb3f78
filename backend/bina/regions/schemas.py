"""Region schemas."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from bina.kit.pagination import Page

RegionLevel = Literal["kota", "kecamatan", "kelurahan"]


class RegionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    level: RegionLevel
    parent_code: str | None
    name: str
    name_2025: str
    lat: float | None
    lon: float | None


RegionList = Page[RegionRead]
