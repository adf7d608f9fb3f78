"""Schema of the data-subject access report (UU 27/2022 on personal data protection)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from bina.action_items.schemas import ActionItemRead
from bina.assessments.schemas import AssessmentRead
from bina.assignments.schemas import AssignmentRead
from bina.audit.schemas import AuditEventRead
from bina.household_history.schemas import StatusChangeRead
from bina.households.schemas import HouseholdRead
from bina.mentoring_sessions.schemas import SessionRead


class HouseholdAccessReport(BaseModel):
    """Everything held on a household, unmasked, with the whole audit trail about it."""

    generated_at: datetime
    generated_by: str = Field(description="E-mail of the officer who produced the report.")
    household: HouseholdRead = Field(description="With members; identifiers unmasked.")
    assignments: list[AssignmentRead] = Field(description="Every mentor it had, oldest first.")
    sessions: list[SessionRead] = Field(description="Every visit and call, oldest first.")
    action_items: list[ActionItemRead]
    assessments: list[AssessmentRead] = Field(description="Oldest first.")
    status_history: list[StatusChangeRead] = Field(description="Oldest first.")
    audit_trail: list[AuditEventRead] = Field(
        description="Every audited read, reveal and write of the household, its members, "
        "visits, actions, assessments and assignments, oldest first: who, what, when."
    )
