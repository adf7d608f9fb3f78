"""The graduation rule: which indicators a household must reach to leave the programme, the dated
extreme-poverty line, and how long a graduated household is monitored.

Defaults follow BRAC's graduation criteria (diversified income, savings, children in school,
improved water and latrine, documents and health cover) and the extreme-poverty line used by
the national P3KE/DTSEN programme (rupiah per person per day). A city changes the rule by changing
`DEFAULT_RULE` (or building its own `GraduationRule`); every assessment stores the line and rule
outcome it was judged by, so a later change never rewrites history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# (valid from, rupiah per person per day); the latest line on or before the assessment date.
POVERTY_LINES: tuple[tuple[date, int], ...] = (
    (date(2021, 1, 1), 10_739),
    (date(2023, 3, 1), 11_571),
    (date(2024, 1, 1), 11_605),
)

# Income sources a household may name; social assistance is support, not a livelihood.
INCOME_SOURCES = (
    "wage_daily",
    "wage_regular",
    "own_business",
    "farming_fishing",
    "remittance",
    "pension",
    "social_assistance",
    "other",
)


def poverty_line_on(day: date) -> int | None:
    """The extreme-poverty line in force on `day`; None before the first known line."""
    line = None
    for since, rupiah in POVERTY_LINES:
        if since <= day:
            line = rupiah
    return line


def first_line_date() -> date:
    return POVERTY_LINES[0][0]


@dataclass(frozen=True, slots=True)
class GraduationRule:
    """Thresholds of each criterion, weights of the readiness score, and what `ready` needs."""

    min_productive_income_sources: int = 2
    min_savings_rupiah: int = 100_000
    min_desil: int = 2  # out of desil 1, the poorest tenth
    adequate_floor: frozenset[str] = frozenset({"semen", "kayu", "keramik"})
    improved_water: frozenset[str] = frozenset(
        {"ledeng", "sumur_bor", "sumur_gali", "air_isi_ulang"}
    )
    improved_sanitation: frozenset[str] = frozenset({"jamban_sendiri", "jamban_bersama"})
    # Criterion name -> weight in the score; every criterion here is evaluated.
    weights: dict[str, float] = field(
        default_factory=lambda: {
            "expenditure_above_line": 2.0,
            "income_sources": 1.0,
            "savings": 1.0,
            "adminduk_complete": 1.0,
            "jkn_all_members": 1.0,
            "children_in_school": 1.0,
            "floor": 0.5,
            "water": 0.5,
            "sanitation": 1.0,
            "desil": 1.0,
        }
    )
    # Ready: these criteria met, and the weighted score at least `min_score`.
    required: frozenset[str] = frozenset({"expenditure_above_line"})
    min_score: float = 0.8
    monitoring_months: int = 12


DEFAULT_RULE = GraduationRule()
