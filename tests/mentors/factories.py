"""Mentor test data: valid NIP / NI PPPK numbers, API payloads, and a direct database creator."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bina.identifiers import parse_nip
from bina.models import Mentor, MentorCompetency
from bina.reference.regions import kecamatan_of

_counter = itertools.count(1)
KERTAPATI_KELURAHAN = "16.71.13.1004"  # kecamatan Kertapati, 16.71.13
PLAJU_KELURAHAN = "16.71.14.1001"  # kecamatan Plaju, 16.71.14
CITY_POINT = (-3.03, 104.74)


def pns_nip(
    birth: date, *, tmt: tuple[int, int] = (2010, 1), sex: str = "M", serial: int = 1
) -> str:
    """NIP: birth YYYYMMDD + TMT YYYYMM + sex (1 male, 2 female) + serial (3)."""
    return f"{birth:%Y%m%d}{tmt[0]:04d}{tmt[1]:02d}{1 if sex == 'M' else 2}{serial:03d}"


def pppk_nip(
    birth: date, *, year: int = 2022, contract: int = 1, sex: str = "F", serial: int = 1
) -> str:
    """NI PPPK: birth YYYYMMDD + appointment year + `2` + contract count + sex + serial (3)."""
    return f"{birth:%Y%m%d}{year:04d}2{contract}{1 if sex == 'M' else 2}{serial:03d}"


def mentor_payload(**overrides: Any) -> dict[str, Any]:
    """A valid create body with a NIP of its own; `sex` and `employment_type` shape the NIP."""
    n = next(_counter)
    employment_type = overrides.get("employment_type", "PNS")
    sex = overrides.get("sex", "M" if n % 2 else "F")
    birth = date(1970, 1, 1) + timedelta(days=(n * 37) % 10_000)
    serial = 1 + n % 999
    if employment_type == "PNS":
        nip = pns_nip(birth, tmt=(birth.year + 25, 1 + n % 12), sex=sex, serial=serial)
    else:
        nip = pppk_nip(birth, year=min(birth.year + 25, 2023), sex=sex, serial=serial)
    payload: dict[str, Any] = {
        "nip": nip,
        "name": f"Mentor Uji {n}",
        "employment_type": employment_type,
        "agency_code": "DINSOS",
        "position": "Penyuluh Sosial",
        "golongan": "III/b",
        "sex": sex,
        "birth_date": birth.isoformat(),
        "competencies": [{"code": "adminduk", "level": 2}],
        "kelurahan_code": KERTAPATI_KELURAHAN,
        "lat": CITY_POINT[0],
        "lon": CITY_POINT[1],
    }
    payload.update(overrides)
    return payload


async def create_mentor(session: AsyncSession, **overrides: Any) -> Mentor:
    """Insert a mentor directly (fast, for arranging lists); same defaults as `mentor_payload`.
    Extra keyword arguments the API does not take (`created_at`, `status`...) go to the row."""
    data = mentor_payload(**overrides)
    competencies = data.pop("competencies")
    info = parse_nip(data["nip"], data["employment_type"])
    data["birth_date"] = info.birth_date
    data["appointed_on"] = info.appointed_on
    data.setdefault("kecamatan_code", kecamatan_of(data["kelurahan_code"]))
    mentor = Mentor(**data)
    session.add(mentor)
    await session.flush()
    session.add_all(
        MentorCompetency(mentor_id=mentor.id, code=c["code"], level=c["level"])
        for c in competencies
    )
    await session.commit()
    return mentor
