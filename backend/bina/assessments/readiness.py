"""The graduation rule applied to one assessment: each criterion met or not (with what was
measured and the threshold), a weighted score 0-1, and whether the household is ready."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bina.reference.graduation import GraduationRule, poverty_line_on


@dataclass(frozen=True, slots=True)
class Readiness:
    poverty_line: int
    score: float
    ready: bool
    criteria: list[dict[str, Any]]


def _in(value: str | None, allowed: frozenset[str]) -> bool:
    return value is not None and value in allowed


def _at_least(value: int | None, threshold: int) -> bool:
    return value is not None and value >= threshold


def _children_in_school(children: int | None, in_school: int | None) -> tuple[bool, Any]:
    if children == 0:
        return True, "no children aged 7-18"
    if children is None or in_school is None:
        return False, None
    return in_school >= children, f"{in_school}/{children}"


def evaluate(rule: GraduationRule, values: dict[str, Any], assessed_on: date) -> Readiness:
    """`values` are the indicators of an assessment (None: not measured, never met).

    Expenditure exactly at the line meets it: extreme poverty is spending below the line."""
    line = poverty_line_on(assessed_on)
    assert line is not None, "the caller refuses dates before the first line"
    sources = values.get("income_sources")
    productive = None if sources is None else sorted(set(sources) - {"social_assistance"})
    school_met, school_value = _children_in_school(
        values.get("children_7_18"), values.get("children_7_18_in_school")
    )
    expenditure = values.get("per_capita_expenditure")
    outcome: dict[str, tuple[bool, Any, Any]] = {
        "expenditure_above_line": (_at_least(expenditure, line), expenditure, line),
        "income_sources": (
            productive is not None and len(productive) >= rule.min_productive_income_sources,
            productive,
            rule.min_productive_income_sources,
        ),
        "savings": (
            _at_least(values.get("savings_rupiah"), rule.min_savings_rupiah),
            values.get("savings_rupiah"),
            rule.min_savings_rupiah,
        ),
        "adminduk_complete": (
            values.get("adminduk_complete") is True,
            values.get("adminduk_complete"),
            True,
        ),
        "jkn_all_members": (
            values.get("jkn_all_members") is True,
            values.get("jkn_all_members"),
            True,
        ),
        "children_in_school": (school_met, school_value, "all"),
        "floor": (
            _in(values.get("floor"), rule.adequate_floor),
            values.get("floor"),
            sorted(rule.adequate_floor),
        ),
        "water": (
            _in(values.get("water"), rule.improved_water),
            values.get("water"),
            sorted(rule.improved_water),
        ),
        "sanitation": (
            _in(values.get("sanitation"), rule.improved_sanitation),
            values.get("sanitation"),
            sorted(rule.improved_sanitation),
        ),
        "desil": (
            _at_least(values.get("desil"), rule.min_desil),
            values.get("desil"),
            rule.min_desil,
        ),
    }
    criteria = [
        {"name": name, "met": met, "value": value, "threshold": threshold, "weight": weight}
        for name, weight in rule.weights.items()
        for met, value, threshold in [outcome[name]]
    ]
    total = sum(rule.weights.values())
    score = sum(c["weight"] for c in criteria if c["met"]) / total if total else 0.0
    required_met = all(outcome[name][0] for name in rule.required)
    ready = required_met and score >= rule.min_score - 1e-9
    return Readiness(line, round(score, 4), ready, criteria)
