"""One synthetic family as listed on a Kartu Keluarga: who lives together, ages, school, work."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from bina.seed import vocabulary as v
from bina.seed.names import person_name
from bina.seed.sampling import Weighted, birth_date_for_age, choice, randint

_SIZE = Weighted({2: 12, 3: 20, 4: 25, 5: 20, 6: 13, 7: 10})
_ADULT_EDUCATION = Weighted(v.ADULT_EDUCATION)
_ELDER_EDUCATION = Weighted(v.ELDER_EDUCATION)
_YOUNG_ADULT_EDUCATION = Weighted(
    {"tidak_sekolah": 8, "sd": 25, "smp": 30, "sma": 35, "diploma": 1, "sarjana": 1}
)
_MALE_WORK = Weighted(v.MALE_WORK)
_RIVER_MALE_WORK = Weighted({**v.MALE_WORK, v.RIVER_WORK: 20})
_FEMALE_WORK = Weighted(v.FEMALE_WORK)
_YOUTH_WORK = Weighted(v.YOUTH_WORK)
_DISABILITY = Weighted(v.DISABILITIES)
# Share of children of each age who are in school (extreme-poor households, approximate).
_SCHOOL_PARTICIPATION = {**dict.fromkeys(range(7, 13), 0.92), 13: 0.82, 14: 0.8, 15: 0.76}
_SCHOOL_PARTICIPATION.update({16: 0.62, 17: 0.56, 18: 0.48})
_KK_ORDER = {"kepala": 0, "istri": 1, "suami": 1, "anak": 2, "menantu": 3, "cucu": 4}


@dataclass(slots=True)
class Person:
    relationship: str
    sex: str
    age: int
    birth_date: date
    name: str
    education: str
    in_school: bool | None
    occupation: str
    disability: str | None


def _person(
    rng: random.Random, as_of: date, relationship: str, sex: str, age: int, riverside: bool
) -> Person:
    in_school: bool | None = None
    if 7 <= age <= 18:
        in_school = rng.random() < _SCHOOL_PARTICIPATION[age]
    disabled = rng.random() < (0.08 if age >= 60 else 0.02)
    return Person(
        relationship=relationship,
        sex=sex,
        age=age,
        birth_date=birth_date_for_age(rng, as_of, age),
        name=person_name(rng, sex),
        education=_education(rng, age, in_school),
        in_school=in_school,
        occupation=_occupation(rng, sex, age, in_school, riverside),
        disability=_DISABILITY.pick(rng) if disabled else None,
    )


def _education(rng: random.Random, age: int, in_school: bool | None) -> str:
    if age < 7:
        return "belum_sekolah"
    if in_school is not None:
        if in_school:
            return "sd" if age <= 12 else "smp" if age <= 15 else "sma"
        # Out of school: never enrolled or dropped out of the level they had reached.
        if age <= 12:
            return choice(rng, ("tidak_sekolah", "sd"))
        return "sd" if age <= 15 else choice(rng, ("sd", "smp"))
    if age < 25:
        return _YOUNG_ADULT_EDUCATION.pick(rng)
    return _ELDER_EDUCATION.pick(rng) if age >= 60 else _ADULT_EDUCATION.pick(rng)


def _occupation(
    rng: random.Random, sex: str, age: int, in_school: bool | None, riverside: bool
) -> str:
    if in_school:
        return v.PUPIL
    if age < 15:
        return v.UNEMPLOYED
    if age < 19:
        return _YOUTH_WORK.pick(rng)
    if age >= 65 and rng.random() < 0.7:
        return v.UNEMPLOYED
    if sex == "F":
        return _FEMALE_WORK.pick(rng)
    return (_RIVER_MALE_WORK if riverside else _MALE_WORK).pick(rng)


def compose_family(rng: random.Random, as_of: date, riverside: bool) -> list[Person]:
    """Kepala first, then spouse, children, in-laws, grandchildren and parents, as on a KK."""
    size = _SIZE.pick(rng)
    female_head = rng.random() < 0.2
    head_age = int(rng.triangular(28, 80, 55) if female_head else rng.triangular(22, 78, 42))
    plan: list[tuple[str, str, int]] = [("kepala", "F" if female_head else "M", head_age)]
    mother_age = head_age if female_head else head_age - 4
    if female_head and rng.random() < 0.1:  # a wife registered as head, e.g. husband too ill
        plan.append(("suami", "M", head_age + randint(rng, 0, 8)))
    elif not female_head and rng.random() < 0.93:
        mother_age = max(18, head_age - randint(rng, -2, 8))
        plan.append(("istri", "F", mother_age))
    if len(plan) < size and head_age <= 58 and rng.random() < 0.12:
        parent_sex = "F" if rng.random() < 0.65 else "M"
        plan.append(("orang_tua", parent_sex, min(92, head_age + randint(rng, 20, 34))))
    free = size - len(plan)
    if free >= 2 and head_age >= 48 and rng.random() < 0.4:
        grandchildren = randint(rng, 1, min(2, free - 1))
        if free - grandchildren >= 2 and rng.random() < 0.3:
            plan.append(("menantu", choice(rng, "MF"), max(18, head_age - randint(rng, 20, 30))))
        for _ in range(grandchildren):
            plan.append(("cucu", choice(rng, "MF"), randint(rng, 0, min(15, head_age - 40))))
    while len(plan) < size:
        age = randint(rng, max(0, mother_age - 42), max(0, mother_age - 18))
        plan.append(("anak", choice(rng, "MF"), age))
    plan.sort(key=lambda p: (_KK_ORDER.get(p[0], 9), -p[2]))
    return [_person(rng, as_of, rel, sex, age, riverside) for rel, sex, age in plan]
