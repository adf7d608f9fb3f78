"""What a caller may see of personal data: each rule declared once, on the read schemas' fields.

A read schema marks the fields a rule applies to, and every path that shows the object builds
it with `Model.model_validate(values, context=view)`, so the API's answers, sync pages and
reports all apply the same rules from the same declaration:

- `Identifier`: NIK, nomor KK, NIP. Masked (`1671**********01`) unless the view reveals
  identifiers (`?reveal=`, audited by the caller).
- `IdentifierDerived`: what an identifier gives away (a mentor's birth date and TMT are digits
  of the NIP). Null unless the view reveals identifiers.
- `Specific`: specific personal data of UU 27/2022 art. 4 (health, disability, JKN, children's
  schooling). Null unless the view may see it (design §8: the admin, the coordinator of the
  region, the household's mentor); a request that shows it is audited on the household.
- `FamilyDetail`: what an agency admin, who follows its ASN's activity and not the families,
  does not see (who was visited, where, the notes and promises). Null, or empty for a list,
  unless the view shows family details; `RedactedFlag` then says so (`SpecificWithheldFlag`
  says that `Specific` fields are withheld).

A model built without a view shows none of it: forgetting the view can only hide data, never
leak it. FastAPI passes a returned model through as it is (it is not validated again), so what
the service built is what is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, Field, ValidationInfo

from bina.security.masking import mask_identifier
from bina.security.principal import Principal, Role

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class View:
    """What one caller may see of the objects in one answer."""

    identifiers: bool = False
    specific: bool = False
    family: bool = False


HIDDEN = View()
EVERYTHING = View(identifiers=True, specific=True, family=True)
# Who sees specific data without asking (design §8); scope already limits the coordinator to its
# region and the mentor to its households.
SPECIFIC_DATA_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR, Role.MENTOR})


def shown(info: ValidationInfo) -> View:
    """The view a model is being built with (for a schema's own validator of a rule)."""
    context = info.context
    return context if isinstance(context, View) else HIDDEN


def _identifier(value: str | None, info: ValidationInfo) -> str | None:
    return value if shown(info).identifiers else mask_identifier(value)


def _identifier_derived(value: Any, info: ValidationInfo) -> Any:
    return value if shown(info).identifiers else None


def _specific(value: Any, info: ValidationInfo) -> Any:
    return value if shown(info).specific else None


def _family_detail(value: Any, info: ValidationInfo) -> Any:
    if shown(info).family:
        return value
    return [] if isinstance(value, list) else None


def _redacted(_value: bool, info: ValidationInfo) -> bool:
    return not shown(info).family


Identifier = Annotated[str, AfterValidator(_identifier)]
IdentifierDerived = Annotated[T, AfterValidator(_identifier_derived)]
Specific = Annotated[T, AfterValidator(_specific)]
FamilyDetail = Annotated[T, AfterValidator(_family_detail)]


def _specific_withheld(_value: bool, info: ValidationInfo) -> bool:
    return not shown(info).specific


# Validated when left out too: the flags are the view's, not the caller's.
RedactedFlag = Annotated[bool, AfterValidator(_redacted), Field(validate_default=True)]
SpecificWithheldFlag = Annotated[
    bool, AfterValidator(_specific_withheld), Field(validate_default=True)
]


def view_for(principal: Principal, *, reveal: bool = False) -> View:
    """The view of a signed-in caller; `reveal` when it asked to see identifiers and its role
    may (each domain checks who may reveal what, and audits it)."""
    return View(
        identifiers=reveal,
        specific=principal.role in SPECIFIC_DATA_ROLES and principal.holds_reveal_grant,
        family=principal.role != Role.AGENCY_ADMIN,
    )
