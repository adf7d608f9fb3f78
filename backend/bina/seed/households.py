"""Synthetic extreme-poor households: rows for `households`, `household_members` and needs."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bina.reference.taxonomy import ASSISTANCE_PROGRAMS
from bina.seed import vocabulary as v
from bina.seed.family import Person, compose_family
from bina.seed.identity import KkIssuer, NikIssuer
from bina.seed.places import (
    POVERTY_SHARE,
    RIVERSIDE,
    Kelurahan,
    kelurahan_weights,
    rt_rw,
    street_address,
)
from bina.seed.sampling import (
    Weighted,
    allocate,
    jitter,
    moment_before,
    new_uuid,
    pick_distinct,
    programme_start,
    randint,
)

Row = dict[str, Any]

_HOUSING = {k: Weighted(v.HOUSING_VALUES[k]) for k in v.HOUSING_KEYS}
_RIVER_HOUSING = {k: Weighted(v.RIVERSIDE_HOUSING[k]) for k in v.HOUSING_KEYS}
_NEED_COUNT = Weighted({2: 35, 3: 40, 4: 25})
_BASE_NEEDS: dict[str, float] = {
    "adminduk": 30,
    "social_protection": 28,
    "health": 26,
    "education": 16,
    "umkm": 22,
    "employment": 14,
    "financial_literacy": 9,
    "housing_wash": 12,
    "agriculture_food": 4,
    "fisheries": 1,
    "women_child_protection": 6,
    "psychosocial": 4,
}
CREATED_WITHIN_DAYS = 90


@dataclass
class HouseholdRows:
    households: list[Row] = field(default_factory=list)
    members: list[Row] = field(default_factory=list)
    needs: list[Row] = field(default_factory=list)


def _kelurahan_sequence(rng: random.Random, count: int) -> list[Kelurahan]:
    """Exactly proportional to the poverty shares, then shuffled so creation order is mixed."""
    pairs = kelurahan_weights(POVERTY_SHARE)
    counts = allocate(count, [w for _, w in pairs])
    sequence = [kel for (kel, _), n in zip(pairs, counts, strict=True) for _ in range(n)]
    rng.shuffle(sequence)
    return sequence


def _assistance(rng: random.Random, people: list[Person], poor_housing: int) -> list[str]:
    if rng.random() < 0.06:  # exclusion error: poor but on no programme yet
        return []
    young_or_old = any(p.age < 18 or p.age >= 70 for p in people)
    vulnerable = any(p.disability or p.age >= 70 for p in people)
    chance = {
        "PKH": 0.6 if young_or_old or vulnerable else 0.15,
        "BPNT": 0.7,
        "PBI_JKN": 0.82,
        "PIP": 0.5 if any(p.in_school for p in people) else 0.0,
        "BLT": 0.2,
        "RUTILAHU": 0.12 if poor_housing >= 2 else 0.02,
        "ATENSI": 0.15 if vulnerable else 0.01,
    }
    return [code for code in ASSISTANCE_PROGRAMS if rng.random() < chance[code]]


def _needs(
    rng: random.Random,
    people: list[Person],
    jkn: list[bool],
    assistance: list[str],
    poor_housing: int,
    riverside: bool,
) -> list[str]:
    weights = dict(_BASE_NEEDS)
    if riverside:
        weights["fisheries"] = 14
    if any(p.in_school is False for p in people):
        weights["education"] += 40
    if not all(jkn) or any(p.disability for p in people):
        weights["health"] += 25
    if poor_housing >= 2:
        weights["housing_wash"] += 30
    if not assistance:
        weights["social_protection"] += 40
    if people[0].sex == "F":
        weights["women_child_protection"] += 10
        weights["umkm"] += 5
    if any(p.disability or p.age >= 70 for p in people):
        weights["psychosocial"] += 6
    return pick_distinct(rng, weights, _NEED_COUNT.pick(rng))


def _kk_recorded(rng: random.Random, as_of: date, people: list[Person]) -> date:
    """Last reissue of the KK: after the youngest member's birth, within the last 12 years."""
    latest = as_of - timedelta(days=1)
    earliest = max(max(p.birth_date for p in people) + timedelta(days=7), as_of - timedelta(4383))
    earliest = min(earliest, latest)
    return earliest + timedelta(days=randint(rng, 0, (latest - earliest).days))


def generate_households(seed: int, count: int, as_of: date) -> HouseholdRows:
    """`count` households, the same ones for the same (seed, count, as_of)."""
    rng = random.Random(f"{seed}:households")
    niks, kks = NikIssuer(rng), KkIssuer(rng)
    # Registered (from DTSEN) in the months before the matching run started the programme.
    registered_by = programme_start(as_of) - timedelta(days=2)
    out = HouseholdRows()
    for kel in _kelurahan_sequence(rng, count):
        riverside = kel.kecamatan_code in RIVERSIDE
        people = compose_family(rng, as_of, riverside)
        housing_choice = _RIVER_HOUSING if riverside else _HOUSING
        housing = {k: housing_choice[k].pick(rng) for k in v.HOUSING_KEYS}
        poor_housing = sum(value in v.POOR_HOUSING for value in housing.values())
        assistance = _assistance(rng, people, poor_housing)
        jkn_chance = 0.97 if "PBI_JKN" in assistance else 0.55
        jkn = [rng.random() < jkn_chance for _ in people]
        needs = _needs(rng, people, jkn, assistance, poor_housing, riverside)
        created = moment_before(rng, registered_by, CREATED_WITHIN_DAYS)
        # Field verification takes days to weeks: the newest households were still `identified`
        # when the matching run took them.
        checked = created + timedelta(days=rng.uniform(2, 45))
        verified = rng.random() < 0.85 and checked < registered_by
        changed = checked if verified else created
        household_id = new_uuid(rng)
        member_rows = _member_rows(rng, niks, kel, people, jkn, household_id, created)
        lat, lon = jitter(rng, kel.lat, kel.lon, kel.spread_deg)
        rt, rw = rt_rw(rng)
        out.households.append(
            {
                "id": household_id,
                "kk_number": kks.issue(kel.kecamatan_code, _kk_recorded(rng, as_of, people)),
                "head_name": people[0].name,
                "head_nik": member_rows[0]["nik"],
                "kelurahan_code": kel.code,
                "kecamatan_code": kel.kecamatan_code,
                "address": street_address(rng),
                "rt": rt,
                "rw": rw,
                "lat": lat,
                "lon": lon,
                "desil": 1 if rng.random() < 0.85 else 2,
                "desil_source": "DTSEN" if rng.random() < 0.85 else "P3KE",
                "desil_as_of": (as_of - timedelta(days=randint(rng, 30, 300))).replace(day=1),
                "extreme_poor": True,
                "status": "verified" if verified else "identified",
                "status_changed_at": changed,
                "housing": housing,
                "assistance": assistance,
                "notes": None,
                "created_by": None,
                "version": 2 if verified else 1,  # verifying is an edit
                "created_at": created,
                "updated_at": changed,
            }
        )
        out.members.extend(member_rows)
        out.needs.extend({"household_id": household_id, "code": code} for code in needs)
    return out


def _member_rows(
    rng: random.Random,
    niks: NikIssuer,
    kel: Kelurahan,
    people: list[Person],
    jkn: list[bool],
    household_id: uuid.UUID,
    created: datetime,
) -> list[Row]:
    rows = []
    for person, has_jkn in zip(people, jkn, strict=True):
        moved_in = rng.random() < (0.04 if person.age >= 17 else 0.005)
        region = niks.region(kel.kecamatan_code, born_elsewhere=moved_in)
        rows.append(
            {
                "id": new_uuid(rng),
                "household_id": household_id,
                "nik": niks.issue(region, person.sex, person.birth_date),
                "name": person.name,
                "relationship": person.relationship,
                "sex": person.sex,
                "birth_date": person.birth_date,
                "education": person.education,
                "in_school": person.in_school,
                "occupation": person.occupation,
                "disability": person.disability,
                "has_jkn": has_jkn,
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        )
    return rows
