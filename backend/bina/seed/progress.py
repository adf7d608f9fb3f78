"""How the demo households fare: assessments (baseline, ~3 and ~6 months) judged by the API's own
graduation rule, graduations by someone other than the mentor, and every status change."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bina.assessments import readiness
from bina.graduation.service import add_months
from bina.kit.localdate import local_date, local_zone
from bina.reference.graduation import DEFAULT_RULE
from bina.seed import notes
from bina.seed.matching import Pair
from bina.seed.sampling import Weighted, new_uuid, randint
from bina.seed.visits import Reviewer

Row = dict[str, Any]

GRADUATING_SHARE = 0.03  # of all households: "a few hundred" at Palembang's scale
FOLLOW_UPS = ((80, 115), (165, 200))  # days after the start: the ~3 and ~6 month assessments
_PATH = Weighted({"improves": 50, "partly": 30, "stuck": 20})
# Share of the way to the household's goal reached by the 3- and 6-month follow-ups.
_REACHED = {"improves": (0.6, 1.0), "partly": (0.3, 0.55), "stuck": (0.0, 0.1)}
_FIRST_INCOME = Weighted(
    {
        (): 15,
        ("wage_daily",): 40,
        ("own_business",): 12,
        ("wage_daily", "social_assistance"): 23,
        ("social_assistance",): 10,
    }
)


@dataclass(frozen=True, slots=True)
class Family:
    """A household as its assessments see it."""

    id: uuid.UUID
    kecamatan_code: str
    needs: list[str]
    housing: dict[str, str]
    desil: int
    members: list[tuple[date, bool | None, bool]]  # birth date, in school, has JKN
    created_at: datetime
    status: str  # before the matching run
    status_changed_at: datetime


@dataclass
class ProgressRows:
    assessments: list[Row] = field(default_factory=list)
    history: list[Row] = field(default_factory=list)
    households: list[Row] = field(default_factory=list)  # the final status of changed ones
    graduated: int = 0


def _children(family: Family, on: date) -> tuple[int, int]:
    """Children aged 7-18 on `on`, and how many of them go to school (as registered)."""
    kids = [m for m in family.members if 7 <= (on - m[0]).days // 365.25 <= 18]
    return len(kids), sum(1 for m in kids if m[1])


def _baseline(rng: random.Random, family: Family) -> dict[str, Any]:
    return {
        "per_capita_expenditure": randint(rng, 6_500, 11_200),  # below the line: extreme poor
        "income_sources": list(_FIRST_INCOME.pick(rng)),
        "savings_rupiah": 0 if rng.random() < 0.7 else randint(rng, 1, 8) * 10_000,
        "adminduk_complete": "adminduk" not in family.needs and rng.random() < 0.75,
        "jkn_all_members": all(m[2] for m in family.members),
        "floor": family.housing.get("floor"),
        "water": family.housing.get("water"),
        "sanitation": family.housing.get("sanitation"),
        "desil": family.desil,
    }


def _goal(rng: random.Random, base: dict[str, Any]) -> dict[str, Any]:
    """Where mentoring can take this household (each indicator is reached or not)."""
    sources = [s for s in base["income_sources"] if s != "social_assistance"]
    sources += [s for s in ("wage_regular", "own_business") if s not in sources][:1]
    if len(sources) < 2:
        sources.append("wage_daily")
    goal = {
        "per_capita_expenditure": randint(rng, 11_900, 17_000),
        "income_sources": sources,
        "savings_rupiah": randint(rng, 10, 60) * 10_000,
        "adminduk_complete": True,
        "jkn_all_members": True,
        "desil": 2 if rng.random() < 0.7 else 3,
    }
    if base["sanitation"] not in DEFAULT_RULE.improved_sanitation and rng.random() < 0.6:
        goal["sanitation"] = "jamban_sendiri"
    if base["floor"] not in DEFAULT_RULE.adequate_floor and rng.random() < 0.4:
        goal["floor"] = "semen"
    return goal


def _values(
    rng: random.Random,
    family: Family,
    base: dict[str, Any],
    goal: dict[str, Any],
    reached: float,
    on: date,
) -> dict[str, Any]:
    values = dict(base)
    for key, target in goal.items():
        if key == "per_capita_expenditure":
            spent = base[key] + reached * (target - base[key]) + rng.gauss(0, 300)
            values[key] = max(4_000, round(spent / 100) * 100)
        elif rng.random() < reached:
            values[key] = target
    children, in_school = _children(family, on)
    if reached and rng.random() < reached:
        in_school = children  # back to school
    values["children_7_18"], values["children_7_18_in_school"] = children, in_school
    return values


def _assessment_days(
    rng: random.Random, visits: list[tuple[uuid.UUID, datetime, datetime]], start: datetime
) -> list[datetime]:
    """Assessments are taken at visits: the first or second, then one near 3 and 6 months."""
    if not visits or rng.random() < 0.05:
        return []
    days = [visits[min(len(visits) - 1, randint(rng, 0, 1))][1]]
    for (low, high), chance in zip(FOLLOW_UPS, (0.85, 0.8), strict=True):
        window = [
            t for _, t, _ in visits if timedelta(days=low) <= t - start <= timedelta(days=high)
        ]
        if window and rng.random() < chance:
            days.append(window[0])
    return days


def _change(
    household_id: uuid.UUID,
    before: str | None,
    after: str,
    at: datetime,
    who: uuid.UUID | None,
    role: str | None,
    reason: str,
    rng: random.Random,
) -> Row:
    return {
        "id": new_uuid(rng),
        "household_id": household_id,
        "from_status": before,
        "to_status": after,
        "changed_at": at,
        "changed_by": who,
        "actor_role": role,
        "reason": reason,
    }


def generate_progress(
    seed: int,
    families: list[Family],
    pairs: list[Pair],
    visits: dict[uuid.UUID, list[tuple[uuid.UUID, datetime, datetime]]],
    start: datetime,
    end: datetime,
    registrar: Reviewer,
    reviewer_for: Callable[[str], Reviewer],
    mentor_users: dict[uuid.UUID, uuid.UUID],
) -> ProgressRows:
    """Assessments, graduations and the status history of every household."""
    rng = random.Random(f"{seed}:progress")
    out = ProgressRows()
    mentor_of = {p.household_id: p.mentor_id for p in pairs}
    ready_latest: list[tuple[Family, Row]] = []
    for family in families:
        out.history += _registration(rng, family, registrar, reviewer_for)
        mentor_id = mentor_of.get(family.id)
        seen = visits.get(family.id, [])
        if mentor_id is None or not seen:
            continue
        mentor_user = mentor_users.get(mentor_id)
        # The API records the change when the phone's session arrives, not when it happened.
        first_id, _, first_at = seen[0]
        out.history.append(
            _change(
                family.id,
                "assigned",
                "mentoring",
                first_at,
                mentor_user,
                "mentor",
                f"first mentoring session {first_id}",
                rng,
            )
        )
        update = {"id": family.id, "status": "mentoring", "changed_at": first_at, "bumps": 1}
        latest = _assess(rng, family, mentor_id, mentor_user, seen, start, out.assessments)
        if latest is not None and latest["ready"]:
            ready_latest.append((family, latest))
        out.households.append(update)
    by_id = {u["id"]: u for u in out.households}
    target = round(GRADUATING_SHARE * len(families))
    for family, latest in rng.sample(ready_latest, min(target, len(ready_latest))):
        graduated_at = _graduation_time(rng, latest, end)
        if graduated_at is None:
            continue
        who = reviewer_for(family.kecamatan_code)
        until = add_months(local_date(graduated_at), DEFAULT_RULE.monitoring_months)
        out.history.append(
            _change(
                family.id,
                "mentoring",
                "graduated",
                graduated_at,
                who.user_id,
                who.role,
                f"assessment {latest['id']} ready",
                rng,
            )
        )
        out.history.append(
            _change(
                family.id,
                "graduated",
                "monitoring",
                graduated_at,
                who.user_id,
                who.role,
                f"monitored until {until}",
                rng,
            )
        )
        by_id[family.id].update(
            status="monitoring",
            changed_at=graduated_at,
            bumps=2,  # one UPDATE each: the first session, the graduation
            graduated_at=graduated_at,
            monitoring_until=until,
        )
        out.graduated += 1
    return out


def _graduation_time(rng: random.Random, latest: Row, end: datetime) -> datetime | None:
    """A coordinator's review some days after the ready assessment, never in the future."""
    at: datetime = latest["created_at"] + timedelta(days=rng.uniform(3, 21))
    if at >= end:
        at = latest["created_at"] + (end - latest["created_at"]) / 2
    return at if at > latest["created_at"] else None


def _registration(
    rng: random.Random,
    family: Family,
    registrar: Reviewer,
    reviewer_for: Callable[[str], Reviewer],
) -> list[Row]:
    """Registered by the program office (from DTSEN), then verified in the field."""
    rows = [
        _change(
            family.id,
            None,
            "identified",
            family.created_at,
            registrar.user_id,
            registrar.role,
            "registered",
            rng,
        )
    ]
    if family.status == "verified":
        who = reviewer_for(family.kecamatan_code)
        rows.append(
            _change(
                family.id,
                "identified",
                "verified",
                family.status_changed_at,
                who.user_id,
                who.role,
                "verified in the field",
                rng,
            )
        )
    return rows


def _assess(
    rng: random.Random,
    family: Family,
    mentor_id: uuid.UUID,
    mentor_user: uuid.UUID | None,
    seen: list[tuple[uuid.UUID, datetime, datetime]],
    start: datetime,
    into: list[Row],
) -> Row | None:
    """The household's assessments (appended to `into`); the latest, if any."""
    moments = _assessment_days(rng, seen, start)
    zone = local_zone()
    if not moments:
        return None
    base, path = _baseline(rng, family), _PATH.pick(rng)
    goal = _goal(rng, base)
    latest = None
    for i, moment in enumerate(moments):
        on = moment.astimezone(zone).date()
        # Progress takes time: half a year of mentoring reaches the whole way on that path.
        elapsed = min(1.0, (moment - start).days / 180)
        reached = 0.0 if i == 0 else rng.uniform(*_REACHED[path]) * elapsed
        values = _values(rng, family, base, goal, reached, on)
        outcome = readiness.evaluate(DEFAULT_RULE, values, on)
        created = moment + timedelta(minutes=randint(rng, 20, 50))  # before the visit ends
        latest = {
            "id": new_uuid(rng),
            "household_id": family.id,
            "assessed_on": on,
            "mentor_id": mentor_id,
            **values,
            "notes": notes.ASSESSMENT_NOTES[0 if i == 0 else 1 if elapsed < 0.75 else 2],
            "poverty_line": outcome.poverty_line,
            "readiness_score": outcome.score,
            "ready": outcome.ready,
            "criteria": outcome.criteria,
            "created_by": mentor_user,
            "version": 1,
            "created_at": created,
            "updated_at": created,
        }
        into.append(latest)
    return latest
