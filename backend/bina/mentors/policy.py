"""Who may change and reveal which mentors (design.md §1); what each role sees is in repository.

Authorization (this domain's `policy.py`): refusals by the caller's role and scope (403); whether
the input itself is acceptable is `rules.py`.

- admin: every mentor; creates, edits, deletes; may reveal NIPs.
- agency_admin: only its own agency's mentors; creates, edits and deletes them there, never moves
  one to another agency; may reveal their NIPs.
- coordinator: reads the mentors who live in its region (read-only).
- mentor: reads itself; may change only its own `available` flag.
- auditor: reads every mentor, NIPs always masked.
"""

from __future__ import annotations

from bina.errors import Forbidden
from bina.security.principal import Principal, Role

WRITERS = (Role.ADMIN, Role.AGENCY_ADMIN)
EDITORS = (Role.ADMIN, Role.AGENCY_ADMIN, Role.MENTOR)
REVEALERS = frozenset({Role.ADMIN, Role.AGENCY_ADMIN})
SELF_EDITABLE = frozenset({"available"})


def may_reveal_nip(principal: Principal) -> bool:
    return principal.role in REVEALERS and principal.holds_reveal_grant


def wants_reveal(principal: Principal, reveal: str | None) -> bool:
    """True when the caller asked for `?reveal=nip` and may have it; 403 when it may not."""
    if reveal is None:
        return False
    if not may_reveal_nip(principal):
        raise Forbidden(
            "Your role sees NIPs masked; only an admin or the mentor's agency admin may reveal one."
        )
    return True


def check_nip_search(principal: Principal) -> None:
    """A NIP-prefix search by a role that sees NIPs masked would un-mask them digit by digit."""
    if not may_reveal_nip(principal):
        raise Forbidden(
            "Searching by NIP needs a role that may see NIPs; search by name instead.",
            errors=[{"loc": ["query", "q"], "msg": "NIP search not allowed", "type": "forbidden"}],
        )


def check_agency(principal: Principal, agency_code: str) -> None:
    """An agency admin works only inside its own agency."""
    if principal.role == Role.AGENCY_ADMIN and agency_code != principal.agency_code:
        raise Forbidden(
            "An agency admin may only manage mentors of its own agency.",
            errors=[
                {
                    "loc": ["body", "agency_code"],
                    "msg": f"must be your agency ({principal.agency_code or 'none assigned'})",
                    "type": "forbidden",
                }
            ],
        )


def check_editable_fields(principal: Principal, fields: set[str]) -> None:
    """A mentor may change only its own availability; every other field is the agency's."""
    if principal.role != Role.MENTOR:
        return
    refused = sorted(fields - SELF_EDITABLE)
    if refused:
        raise Forbidden(
            "A mentor may change only its own `available` flag; ask your agency admin for more.",
            errors=[
                {"loc": ["body", f], "msg": "not editable by a mentor", "type": "forbidden"}
                for f in refused
            ],
        )
