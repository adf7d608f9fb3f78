"""Assessment schemas: the indicators measured on a day, the readiness the rule gives them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from bina.kit.pagination import Page
from bina.reference.housing import Floor, Sanitation, Water
from bina.security.visibility import Specific, SpecificWithheldFlag, shown

IncomeSource = Literal[
    "wage_daily",
    "wage_regular",
    "own_business",
    "farming_fishing",
    "remittance",
    "pension",
    "social_assistance",
    "other",
]
Count = Annotated[int, Field(ge=0, le=30)]


class AssessmentCreate(BaseModel):
    """Indicators left out (or null) are "not measured" and never meet a criterion."""

    model_config = ConfigDict(extra="forbid")

    assessed_on: date
    per_capita_expenditure: Annotated[int, Field(ge=0, le=10_000_000)] | None = Field(
        None, description="Rupiah per person per day."
    )
    income_sources: Annotated[list[IncomeSource], Field(max_length=8)] | None = None
    savings_rupiah: Annotated[int, Field(ge=0, le=2_000_000_000)] | None = None
    adminduk_complete: bool | None = Field(
        None, description="Every member has NIK, KK entry, and (children) a birth certificate."
    )
    jkn_all_members: bool | None = None
    children_7_18: Count | None = Field(None, description="Members aged 7 to 18.")
    children_7_18_in_school: Count | None = None
    floor: Floor | None = None
    water: Water | None = None
    sanitation: Sanitation | None = None
    desil: Annotated[int, Field(ge=1, le=10)] | None = None
    notes: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] | None = None

    @field_validator("income_sources")
    @classmethod
    def _unique(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and len(set(v)) != len(v):
            raise ValueError("contains duplicates")
        return v


class Criterion(BaseModel):
    name: str
    met: bool
    value: Any = Field(description="What was measured (null: not measured, or masked).")
    threshold: Any
    weight: float


# Criteria measuring specific personal data: their measured value is withheld with the fields.
SPECIFIC_CRITERIA = frozenset({"jkn_all_members", "children_in_school"})


def _withhold_specific_values(criteria: list[Criterion], info: ValidationInfo) -> list[Criterion]:
    if shown(info).specific:
        return criteria
    return [
        c.model_copy(update={"value": None}) if c.name in SPECIFIC_CRITERIA else c for c in criteria
    ]


SpecificCriteria = Annotated[list[Criterion], AfterValidator(_withhold_specific_values)]


class AssessmentRead(BaseModel):
    id: uuid.UUID
    household_id: uuid.UUID
    assessed_on: date
    mentor_id: uuid.UUID | None
    per_capita_expenditure: int | None
    income_sources: list[str] | None
    savings_rupiah: int | None
    adminduk_complete: bool | None
    jkn_all_members: Specific[bool | None]
    children_7_18: Specific[int | None]
    children_7_18_in_school: Specific[int | None]
    floor: str | None
    water: str | None
    sanitation: str | None
    desil: int | None
    notes: Specific[str | None]
    poverty_line: int = Field(description="Rupiah per person per day in force on assessed_on.")
    readiness_score: float = Field(description="Weighted share of criteria met, 0-1.")
    ready: bool
    criteria: SpecificCriteria
    redacted: SpecificWithheldFlag = Field(
        False, description="Health and children's data withheld for your role."
    )
    created_by: uuid.UUID | None
    version: int
    created_at: datetime
    updated_at: datetime


class AssessmentList(Page[AssessmentRead]):
    pass


AssessmentSort = Literal["assessed_on", "-assessed_on"]
