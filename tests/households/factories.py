"""Synthetic but valid households for tests: NIK and nomor KK that pass every rule, unique per call.

No real person's data: names are common Palembang names, identifiers are built from a counter.
NIK is `PP RR CC DDMMYY SSSS` (women: day + 40, serial never 0000); nomor KK is the issuing
office's region (6 digits) + recording date DDMMYY + serial (4 digits).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx

BASE = "/api/v1/households"

# Real Kemendagri codes (backend/bina/reference/palembang_wilayah.csv).
KERTAPATI_KECAMATAN = "16.71.13"
KERTAPATI = "16.71.13.1004"  # kelurahan Kertapati, kecamatan Kertapati
KEMAS_RINDO = "16.71.13.1001"  # another kelurahan of kecamatan Kertapati
GANDUS_KECAMATAN = "16.71.12"
GANDUS = "16.71.12.1001"  # kelurahan Gandus, kecamatan Gandus

KERTAPATI_NIK_REGION = "167113"  # NIK / KK prefix: Sumatera Selatan, Palembang, Kertapati
JAKARTA_NIK_REGION = "317101"  # DKI Jakarta, Jakarta Pusat, Gambir: first registered elsewhere

_serials = itertools.count(1)


def _serial() -> int:
    """1..9999, never 0000; the same across a test session never repeats before 9999 calls."""
    return (next(_serials) - 1) % 9999 + 1


def nik(
    *,
    sex: str = "M",
    born: date = date(1979, 4, 12),
    region: str = KERTAPATI_NIK_REGION,
    serial: int | None = None,
) -> str:
    """A valid NIK: region + birth day (+40 for women) + month + 2-digit year + serial."""
    day = born.day + (40 if sex == "F" else 0)
    number = serial if serial is not None else _serial()
    return f"{region}{day:02d}{born:%m%y}{number:04d}"


def kk_number(
    *,
    region: str = KERTAPATI_NIK_REGION,
    recorded: date = date(2016, 3, 2),
    serial: int | None = None,
) -> str:
    """A valid nomor KK: issuing office + recording date DDMMYY (no +40) + serial."""
    number = serial if serial is not None else _serial()
    # Vary the recording date too, so two KKs never share more than their region.
    recorded = recorded + timedelta(days=number % 300)
    return f"{region}{recorded:%d%m%y}{number:04d}"


def member(nik_: str, name: str, relationship: str, **extra: Any) -> dict[str, Any]:
    return {"nik": nik_, "name": name, "relationship": relationship, **extra}


def household_payload(**overrides: Any) -> dict[str, Any]:
    """A complete, valid create body for a family in kelurahan Kertapati; override any field.

    The members are a kepala (whose NIK is `head_nik`), an istri and a school-age anak. Passing
    `head_nik` or `head_name` keeps the kepala member in step unless `members` is given too.
    """
    n = _serial()
    head_nik = overrides.pop("head_nik", None) or nik(sex="M", born=date(1979, 4, 12))
    head_name = overrides.pop("head_name", None) or f"Ahmad Syarifuddin {n}"
    payload: dict[str, Any] = {
        "kk_number": kk_number(),
        "head_name": head_name,
        "head_nik": head_nik,
        "kelurahan_code": KERTAPATI,
        "address": f"Jl. Ki Marogan Lr. Pelita No. {n}",
        "rt": "007",
        "rw": "002",
        "lat": -3.0198,
        "lon": 104.7391,
        "desil": 1,
        "desil_source": "DTSEN",
        "desil_as_of": "2025-06-30",
        "extreme_poor": True,
        "needs": ["adminduk", "health"],
        "assistance": ["PKH", "BPNT"],
        "housing": {"floor": "tanah", "wall": "papan", "water": "sumur", "electricity": "450va"},
        "members": [
            member(head_nik, head_name, "kepala", occupation="buruh harian"),
            member(nik(sex="F", born=date(1983, 9, 5)), f"Siti Aminah {n}", "istri"),
            member(
                nik(sex="M", born=date(2013, 1, 20)),
                f"Rizki Pratama {n}",
                "anak",
                education="sd",
                in_school=True,
            ),
        ],
    }
    payload.update(overrides)
    return payload


@dataclass(frozen=True, slots=True)
class CreatedHousehold:
    """What a test needs after registering a household: its id, ETag, answer and request."""

    id: str
    etag: str
    body: dict[str, Any]
    payload: dict[str, Any]

    @property
    def url(self) -> str:
        return f"{BASE}/{self.id}"

    def member_id(self, relationship: str) -> str:
        return str(next(m["id"] for m in self.body["members"] if m["relationship"] == relationship))


async def create_household(
    client: httpx.AsyncClient, headers: dict[str, str], **overrides: Any
) -> CreatedHousehold:
    """Register a household through the API (asserting 201) and return what came back."""
    payload = household_payload(**overrides)
    r = await client.post(BASE, json=payload, headers=headers)
    assert r.status_code == 201, r.text
    body = r.json()
    return CreatedHousehold(id=body["id"], etag=r.headers["etag"], body=body, payload=payload)


@dataclass(frozen=True, slots=True)
class City:
    """Three families: two in kecamatan Kertapati (different kelurahan), one in Gandus."""

    kertapati: CreatedHousehold  # kelurahan Kertapati, 16.71.13.1004
    kemas_rindo: CreatedHousehold  # kelurahan Kemas Rindo, 16.71.13.1001
    gandus: CreatedHousehold  # kelurahan Gandus, 16.71.12.1001

    def __getitem__(self, name: str) -> CreatedHousehold:
        household: CreatedHousehold = getattr(self, name)
        return household
