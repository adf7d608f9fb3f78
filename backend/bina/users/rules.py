"""Input rules for an account: what it must look like for its role.

Every role has at most one scope field: an agency admin its `agency_code`, a coordinator its
`region_code`, a mentor account its `mentor_id` (the mentor's agency comes from the mentor
record, so it can never disagree with it); admins and auditors have none. A field a role does not
use must be null, so an account never carries a stale scope that some future check might trust.

Input rules (this domain's `rules.py`): whether what a caller sent is acceptable, each field alone
and fields together; who may do it is `policy.py`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from bina.security.principal import Role

SCOPE_FIELDS = ("agency_code", "region_code", "mentor_id")
SCOPE_OF_ROLE: dict[Role, str | None] = {
    Role.ADMIN: None,
    Role.AUDITOR: None,
    Role.AGENCY_ADMIN: "agency_code",
    Role.COORDINATOR: "region_code",
    Role.MENTOR: "mentor_id",
}


@dataclass(frozen=True, slots=True)
class Scope:
    """The role and scope fields of an account, before or after a change."""

    role: Role
    agency_code: str | None = None
    region_code: str | None = None
    mentor_id: uuid.UUID | None = None

    def changed(self, fields: dict[str, Any]) -> Scope:
        return replace(self, **{k: v for k, v in fields.items() if k in {"role", *SCOPE_FIELDS}})

    def as_detail(self) -> dict[str, str | None]:
        """Non-personal values for the audit trail."""
        return {
            "role": self.role.value,
            "agency_code": self.agency_code,
            "region_code": self.region_code,
            "mentor_id": str(self.mentor_id) if self.mentor_id else None,
        }


def field_error(field: str, msg: str, kind: str) -> dict[str, Any]:
    return {"loc": ["body", field], "msg": msg, "type": kind}


def shape_errors(scope: Scope) -> list[dict[str, Any]]:
    """The role's scope field must be set; every other scope field must be null."""
    needed = SCOPE_OF_ROLE[scope.role]
    errors = []
    for field in SCOPE_FIELDS:
        value = getattr(scope, field)
        if field == needed and value is None:
            errors.append(field_error(field, f"Required for role {scope.role.value}.", "missing"))
        elif field != needed and value is not None:
            errors.append(
                field_error(
                    field,
                    f"Not used by role {scope.role.value}; leave it out or send null.",
                    "not_for_role",
                )
            )
    return errors
