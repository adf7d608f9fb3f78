"""Input rules for a household and its members: what a Dinsos officer expects of identifiers and
their consistency. Hard problems collect into `Issues.errors` (422 with one entry per field), soft
ones into `Issues.warnings` (returned with the saved record).

Input rules (this domain's `rules.py`): whether what a caller sent is acceptable, each field alone
and fields together; who may do it is `policy.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bina.errors import Unprocessable
from bina.identifiers import IdentifierError, NikInfo, parse_kk, parse_nik

Loc = tuple[str | int, ...]


@dataclass
class Issues:
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, loc: Loc, msg: str, kind: str = "value_error") -> None:
        self.errors.append({"loc": ["body", *loc], "msg": msg, "type": kind})

    def raise_if_any(self) -> None:
        if self.errors:
            where = ", ".join(".".join(str(p) for p in e["loc"][1:]) for e in self.errors[:5])
            raise Unprocessable(
                f"The household has {len(self.errors)} invalid field(s): {where}.",
                errors=self.errors,
            )


def check_kk(issues: Issues, kk_number: str, loc: Loc = ("kk_number",)) -> None:
    try:
        info = parse_kk(kk_number)
    except IdentifierError as exc:
        issues.error(loc, str(exc), "identifier")
        return
    if info.outside_palembang:
        issues.warnings.append(
            f"Nomor KK was issued outside Palembang (region {info.region_prefix}); "
            "check that the family lives here now."
        )


def check_nik(
    issues: Issues,
    nik: str,
    loc: Loc,
    *,
    who: str,
    sex: str | None = None,
    birth_date: date | None = None,
) -> NikInfo | None:
    """Parse the NIK and check it agrees with the stated sex and birth date."""
    try:
        info = parse_nik(nik)
    except IdentifierError as exc:
        issues.error(loc, str(exc), "identifier")
        return None
    if sex is not None and sex != info.sex:
        issues.error(
            (*loc[:-1], "sex"),
            f"sex {sex} disagrees with the NIK, which encodes {info.sex} "
            "(women have 40 added to the birth day)",
            "identifier_mismatch",
        )
    if birth_date is not None and birth_date != info.birth_date:
        issues.error(
            (*loc[:-1], "birth_date"),
            f"birth date {birth_date.isoformat()} disagrees with the NIK, which encodes "
            f"{info.birth_date.isoformat()}",
            "identifier_mismatch",
        )
    if info.outside_palembang:
        issues.warnings.append(
            f"NIK of {who} was first registered outside Palembang (region {info.region_prefix})."
        )
    return info
