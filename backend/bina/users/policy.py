"""Who may set what on an account: an admin anything, an agency admin mentor accounts only.

Authorization (this domain's `policy.py`): refusals by the caller's role and scope (403); whether
the input itself is acceptable is `rules.py`."""

from __future__ import annotations

from typing import Any

from bina.errors import Forbidden
from bina.security.principal import Principal, Role


def check_may_set(principal: Principal, fields: dict[str, Any]) -> None:
    """An agency admin manages mentor accounts only: it can neither hand out another role nor
    set an agency or region (mass assignment of scope is refused, not silently dropped)."""
    if principal.role is Role.ADMIN:
        return
    role = fields.get("role")
    if role is not None and role is not Role.MENTOR:
        raise Forbidden(
            "An agency admin manages mentor accounts only; it cannot give another role."
        )
    if fields.get("agency_code") is not None or fields.get("region_code") is not None:
        raise Forbidden("An agency admin cannot set `agency_code` or `region_code`.")
