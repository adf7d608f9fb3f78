"""The graduation rule on its own: the dated poverty line, each criterion's edge, the score."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bina.assessments.readiness import evaluate
from bina.reference.graduation import DEFAULT_RULE, GraduationRule, poverty_line_on

READY: dict[str, Any] = {
    "per_capita_expenditure": 15_000,
    "income_sources": ["wage_daily", "own_business"],
    "savings_rupiah": 250_000,
    "adminduk_complete": True,
    "jkn_all_members": True,
    "children_7_18": 2,
    "children_7_18_in_school": 2,
    "floor": "semen",
    "water": "ledeng",
    "sanitation": "jamban_sendiri",
    "desil": 3,
}


def _met(values: dict[str, Any], day: date = date(2025, 6, 1)) -> dict[str, bool]:
    return {c["name"]: c["met"] for c in evaluate(DEFAULT_RULE, values, day).criteria}


class TestPovertyLine:
    @pytest.mark.parametrize(
        ("day", "line"),
        [
            (date(2020, 12, 31), None),
            (date(2021, 1, 1), 10_739),
            (date(2023, 2, 28), 10_739),
            (date(2023, 3, 1), 11_571),
            (date(2023, 12, 31), 11_571),
            (date(2024, 1, 1), 11_605),
            (date(2026, 11, 28), 11_605),
        ],
    )
    def test_the_line_in_force_on_the_day(self, day: date, line: int | None) -> None:
        assert poverty_line_on(day) == line

    def test_exactly_at_the_line_meets_it_one_rupiah_below_does_not(self) -> None:
        at = {**READY, "per_capita_expenditure": 11_605}
        below = {**READY, "per_capita_expenditure": 11_604}
        assert _met(at)["expenditure_above_line"] is True
        assert _met(below)["expenditure_above_line"] is False

    def test_the_line_is_the_one_of_the_assessment_day(self) -> None:
        spending = {**READY, "per_capita_expenditure": 11_000}
        assert _met(spending, date(2022, 6, 1))["expenditure_above_line"] is True
        assert _met(spending, date(2023, 6, 1))["expenditure_above_line"] is False
        assert evaluate(DEFAULT_RULE, spending, date(2023, 6, 1)).poverty_line == 11_571


class TestCriteria:
    def test_a_household_meeting_everything_is_ready_with_score_one(self) -> None:
        outcome = evaluate(DEFAULT_RULE, READY, date(2025, 6, 1))
        assert outcome.score == 1.0
        assert outcome.ready is True
        assert all(c["met"] for c in outcome.criteria)

    def test_missing_indicators_never_meet_a_criterion(self) -> None:
        outcome = evaluate(DEFAULT_RULE, {}, date(2025, 6, 1))
        assert outcome.score == 0.0
        assert outcome.ready is False
        assert {c["name"]: c["value"] for c in outcome.criteria}["savings"] is None

    def test_social_assistance_is_not_a_livelihood(self) -> None:
        one_job = {**READY, "income_sources": ["wage_daily", "social_assistance"]}
        assert _met(one_job)["income_sources"] is False

    def test_no_school_age_children_meets_the_school_criterion(self) -> None:
        assert _met({**READY, "children_7_18": 0, "children_7_18_in_school": None})[
            "children_in_school"
        ]
        assert not _met({**READY, "children_7_18_in_school": 1})["children_in_school"]

    @pytest.mark.parametrize(
        ("field", "value"),
        [("floor", "tanah"), ("water", "sungai"), ("sanitation", "cubluk"), ("desil", 1)],
    )
    def test_poor_housing_and_desil_1_are_unmet(self, field: str, value: object) -> None:
        name = field
        assert _met({**READY, field: value})[name] is False


class TestReady:
    def test_spending_below_the_line_is_never_ready_whatever_else(self) -> None:
        outcome = evaluate(
            DEFAULT_RULE, {**READY, "per_capita_expenditure": 9_000}, date(2025, 6, 1)
        )
        assert outcome.score == pytest.approx(8 / 10)
        assert outcome.ready is False

    def test_the_score_must_reach_the_minimum(self) -> None:
        # Weights: expenditure 2, sanitation 1, floor 0.5, water 0.5, the six others 1: total 10.
        short = {**READY, "savings_rupiah": 0, "desil": 1, "sanitation": "cubluk"}
        outcome = evaluate(DEFAULT_RULE, short, date(2025, 6, 1))
        assert outcome.score == pytest.approx(0.7)
        assert outcome.ready is False
        enough = {**READY, "savings_rupiah": 0, "desil": 1}
        assert evaluate(DEFAULT_RULE, enough, date(2025, 6, 1)).ready is True

    def test_a_city_may_set_its_own_rule(self) -> None:
        strict = GraduationRule(min_score=1.0, required=frozenset({"adminduk_complete"}))
        almost = {**READY, "desil": 1}
        assert evaluate(strict, almost, date(2025, 6, 1)).ready is False
