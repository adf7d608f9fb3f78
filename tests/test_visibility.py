"""The row rules declared on read schemas (bina.security.visibility) for each kind of view."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from bina.security.visibility import (
    EVERYTHING,
    FamilyDetail,
    Identifier,
    IdentifierDerived,
    RedactedFlag,
    Specific,
    View,
)


class Row(BaseModel):
    nik: Identifier
    birth_date: IdentifierDerived[date | None]
    has_jkn: Specific[bool | None]
    notes: FamilyDetail[str | None]
    actions: FamilyDetail[list[str]]
    redacted: RedactedFlag = False


class Rows(BaseModel):
    items: list[Row]


VALUES = {
    "nik": "1671012345670001",
    "birth_date": "1980-05-01",
    "has_jkn": True,
    "notes": "Ibu sedang sakit",
    "actions": ["Urus BPJS"],
}


def test_without_a_view_everything_is_masked_or_withheld() -> None:
    row = Row.model_validate(VALUES)
    assert row.nik == "1671**********01"
    assert (row.birth_date, row.has_jkn, row.notes, row.actions) == (None, None, None, [])
    assert row.redacted is True


def test_each_part_of_the_view_shows_only_its_own_fields() -> None:
    identifiers = Row.model_validate(VALUES, context=View(identifiers=True))
    assert (identifiers.nik, identifiers.birth_date) == ("1671012345670001", date(1980, 5, 1))
    assert identifiers.has_jkn is None
    assert identifiers.notes is None

    specific = Row.model_validate(VALUES, context=View(specific=True))
    assert specific.has_jkn is True
    assert specific.nik == "1671**********01"

    family = Row.model_validate(VALUES, context=View(family=True))
    assert (family.notes, family.actions, family.redacted) == (
        "Ibu sedang sakit",
        ["Urus BPJS"],
        False,
    )
    assert family.has_jkn is None


def test_the_view_reaches_nested_rows_and_a_built_model_passes_through_unchanged() -> None:
    page = Rows.model_validate({"items": [VALUES]}, context=EVERYTHING)
    assert page.items[0].nik == "1671012345670001"
    # FastAPI validates a returned model against its response_model: it must stay as built.
    again = Rows.model_validate(page)
    assert again.items[0].nik == "1671012345670001"
    assert again.items[0].has_jkn is True
