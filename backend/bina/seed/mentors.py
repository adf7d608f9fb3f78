"""Synthetic ASN mentors (PNS and PPPK) of Palembang's OPD, with competences and locations."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from bina.reference.agencies import AgencyRow, palembang_agencies
from bina.seed.agency_profiles import AgencyProfile, Position, academic_title, profile_for
from bina.seed.identity import NipIssuer
from bina.seed.names import person_name, pilgrim_prefix
from bina.seed.places import CITY_CENTRE, POPULATION_K, Kelurahan, kecamatan_table, kelurahan_choice
from bina.seed.sampling import (
    Weighted,
    allocate,
    birth_date_for_age,
    jitter,
    moment_before,
    new_uuid,
    pick_distinct,
    programme_start,
    randint,
    weighted_subset,
)

Row = dict[str, Any]

# Palembang, September 2024: 13,260 ASN, of whom 9,796 PNS and 3,464 PPPK.
PNS_TOTAL, PPPK_TOTAL = 9_796, 3_464
GOLONGAN = (
    "I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d",
    "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
)  # fmt: skip
_FIRST_GOLONGAN = {"pelaksana": 4, "terampil": 6, "ahli": 8, "dokter": 9}
_LAST_GOLONGAN = {"pelaksana": 11, "terampil": 11, "ahli": 14, "dokter": 14}
_PPPK_GRADE = {"pelaksana": "V", "terampil": "VII", "ahli": "IX", "dokter": "XI"}
_ENTRY_AGE = {"pelaksana": (19, 32), "terampil": (21, 34), "ahli": (23, 35), "dokter": (26, 35)}
_PPPK_INTAKE = {2021: 8, 2022: 22, 2023: 25, 2024: 30, 2025: 15}
_RSUD_BARI = (-3.012, 104.765)  # approximate, Seberang Ulu I
_COMPETENCE_COUNT = Weighted({1: 25, 2: 35, 3: 25, 4: 15})
_FOCUS_LEVEL = Weighted({1: 15, 2: 45, 3: 40})
_SECOND_FOCUS_LEVEL = Weighted({1: 30, 2: 50, 3: 20})
_SIDE_LEVEL = Weighted({1: 70, 2: 25, 3: 5})
_GENERALIST_LEVEL = Weighted({1: 55, 2: 35, 3: 10})
_CAPACITY = Weighted({1: 90, 2: 8, 3: 2})
_SIDE_COMPETENCES: dict[str, float] = {
    "adminduk": 18,
    "social_protection": 14,
    "health": 8,
    "education": 10,
    "employment": 10,
    "umkm": 12,
    "financial_literacy": 14,
    "agriculture_food": 5,
    "fisheries": 2,
    "housing_wash": 6,
    "women_child_protection": 6,
    "psychosocial": 8,
}
_FEMALE_SHARE = {"DISDIK": 0.72, "DINKES": 0.78, "RSUD_BARI": 0.78, "DPPPA": 0.7}
_FEMALE_SHARE.update({"SATPOLPP": 0.15, "DAMKAR": 0.1, "DISHUB": 0.2})
CREATED_WITHIN_DAYS = 60  # proposed by their OPD before the matching run


@dataclass
class MentorRows:
    mentors: list[Row] = field(default_factory=list)
    competencies: list[Row] = field(default_factory=list)


@cache
def _any_kelurahan() -> Weighted[Kelurahan]:
    """A home anywhere in the city, spread like the population (not like poverty)."""
    return kelurahan_choice(POPULATION_K)


@cache
def _pppk_intake(up_to_year: int) -> Weighted[int]:
    return Weighted({y: w for y, w in _PPPK_INTAKE.items() if y <= up_to_year})


@cache
def _position_choice(positions: tuple[Position, ...]) -> Weighted[Position]:
    # The first positions of a list are the common ones.
    return Weighted([(p, 0.6**i) for i, p in enumerate(positions)])


def _office(agency: AgencyRow) -> tuple[float, float]:
    """The agency's building: fixed per agency code, not per run."""
    place = random.Random(agency.code)
    if agency.region_code:
        kec = kecamatan_table()[agency.region_code]
        return jitter(place, kec.lat, kec.lon, 0.003)
    return jitter(place, CITY_CENTRE[0], CITY_CENTRE[1], 0.008)


def _workplace(
    rng: random.Random, agency: AgencyRow, profile: AgencyProfile, home: Kelurahan
) -> tuple[float, float]:
    if profile.workplace == "field":  # a school or puskesmas, often near home
        kec_code = (
            home.kecamatan_code if rng.random() < 0.6 else _any_kelurahan().pick(rng).kecamatan_code
        )
        kel = kecamatan_table()[kec_code].kelurahan_choice.pick(rng)
        return jitter(rng, kel.lat, kel.lon, kel.spread_deg)
    lat, lon = _RSUD_BARI if profile.workplace == "hospital" else _office(agency)
    return jitter(rng, lat, lon, 0.0003)


def _competencies(rng: random.Random, profile: AgencyProfile) -> dict[str, int]:
    wanted = _COMPETENCE_COUNT.pick(rng)
    levels: dict[str, int] = {}
    if profile.focus:
        levels[profile.focus[0]] = _FOCUS_LEVEL.pick(rng)
        if len(profile.focus) > 1 and rng.random() < 0.6:
            levels[profile.focus[1]] = _SECOND_FOCUS_LEVEL.pick(rng)
    side_level = _SIDE_LEVEL if profile.focus else _GENERALIST_LEVEL
    others = {k: w for k, w in _SIDE_COMPETENCES.items() if k not in levels}
    for code in pick_distinct(rng, others, wanted - len(levels)):
        levels[code] = side_level.pick(rng)
    return levels


def _display_name(rng: random.Random, sex: str, age: int, title: str, tier: str) -> str:
    before, after = academic_title(title, tier, randint(rng, 0, 63))
    if after and tier == "ahli" and age >= 35 and rng.random() < 0.12:
        master = "M.Pd." if "S.Pd." in after else "M.Kes." if "Kep" in after else "M.Si."
        after = f"{after}, {master}"
    name = person_name(rng, sex)
    if age >= 45 and rng.random() < 0.15:
        name = f"{pilgrim_prefix(sex)} {name}"
    if before:
        name = f"{before} {name}"
    return f"{name}, {after}" if after else name


def _pns_identity(
    rng: random.Random, nips: NipIssuer, as_of: date, sex: str, tier: str
) -> tuple[str, date, date, str]:
    age = int(rng.triangular(24, 59, 45))
    birth = birth_date_for_age(rng, as_of, age)
    low, high = _ENTRY_AGE[tier]
    entry = randint(rng, min(low, age), min(high, age))
    year, month = birth.year + entry, randint(rng, 1, 12)
    if (year, month) > (as_of.year, as_of.month):
        year -= 1
    service = as_of.year - year
    golongan = GOLONGAN[min(_FIRST_GOLONGAN[tier] + service // 4, _LAST_GOLONGAN[tier])]
    return nips.pns(birth, year, month, sex), birth, date(year, month, 1), golongan


def _pppk_identity(
    rng: random.Random, nips: NipIssuer, as_of: date, sex: str, tier: str
) -> tuple[str, date, date, str]:
    year = _pppk_intake(as_of.year).pick(rng)
    age = int(rng.triangular(22, 56, 33)) + (as_of.year - year)
    birth = birth_date_for_age(rng, as_of, age)
    contract = 1 if as_of.year - year < 5 else 2
    return nips.pppk(birth, year, contract, sex), birth, date(year, 1, 1), _PPPK_GRADE[tier]


def generate_mentors(seed: int, count: int, as_of: date) -> MentorRows:
    """`count` mentors split between PNS and PPPK as in Palembang; same seed, same mentors."""
    rng = random.Random(f"{seed}:mentors")
    nips = NipIssuer(rng)
    agencies = palembang_agencies()
    sequence = [
        a
        for a, n in zip(agencies, allocate(count, [a.demo_weight for a in agencies]), strict=True)
        for _ in range(n)
    ]
    rng.shuffle(sequence)
    pppk_count = round(count * PPPK_TOTAL / (PNS_TOTAL + PPPK_TOTAL))
    affinity = [profile_for(a.code).pppk_affinity for a in sequence]
    pppk = weighted_subset(rng, affinity, pppk_count)
    out = MentorRows()
    for i, agency in enumerate(sequence):
        profile = profile_for(agency.code)
        is_pppk = i in pppk
        title, tier = _position_choice(
            profile.pppk_positions if is_pppk else profile.positions
        ).pick(rng)
        female = "Bidan" in title or rng.random() < _FEMALE_SHARE.get(agency.code, 0.45)
        sex = "F" if female else "M"
        identity = _pppk_identity if is_pppk else _pns_identity
        nip, birth, appointed, golongan = identity(rng, nips, as_of, sex, tier)
        if agency.region_code:  # kecamatan office staff live in their kecamatan
            home = kecamatan_table()[agency.region_code].kelurahan_choice.pick(rng)
        else:
            home = _any_kelurahan().pick(rng)
        lat, lon = jitter(rng, home.lat, home.lon, home.spread_deg)
        work_lat, work_lon = _workplace(rng, agency, profile, home)
        on_leave = rng.random() < 0.04
        created = moment_before(rng, programme_start(as_of), CREATED_WITHIN_DAYS)
        mentor_id = new_uuid(rng)
        age = as_of.year - birth.year
        out.mentors.append(
            {
                "id": mentor_id,
                "nip": nip,
                "name": _display_name(rng, sex, age, title, tier),
                "employment_type": "PPPK" if is_pppk else "PNS",
                "agency_code": agency.code,
                "position": title,
                "golongan": golongan,
                "sex": sex,
                "birth_date": birth,
                "appointed_on": appointed,
                "kelurahan_code": home.code,
                "kecamatan_code": home.kecamatan_code,
                "lat": lat,
                "lon": lon,
                "work_lat": work_lat,
                "work_lon": work_lon,
                "capacity": _CAPACITY.pick(rng),
                "available": not on_leave and rng.random() < 0.93,
                "status": "on_leave" if on_leave else "active",
                "status_since": (
                    as_of - timedelta(days=randint(rng, 5, 180)) if on_leave else appointed
                ),
                "version": 1,
                "created_at": created,
                "updated_at": created,
            }
        )
        out.competencies.extend(
            {"mentor_id": mentor_id, "code": code, "level": level}
            for code, level in _competencies(rng, profile).items()
        )
    return out
