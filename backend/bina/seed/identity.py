"""Synthetic NIK, nomor KK, NIP and NI PPPK: valid for `bina.identifiers`, unique within a run.

Each issuer numbers people who share everything but the serial the way the registries do:
in sequence (with small gaps), so the serials stay small and never collide.
"""

from __future__ import annotations

import random
from datetime import date

from bina.seed.sampling import choice, randint

PALEMBANG = "1671"
# Kabupaten around Palembang that people moved from (NIK keeps the first registration).
_NEIGHBOURS = ("1601", "1602", "1603", "1606", "1607", "1610")


class _Serials:
    def __init__(self, rng: random.Random, limit: int) -> None:
        self._rng = rng
        self._limit = limit
        self._last: dict[str, int] = {}

    def next(self, stem: str) -> int:
        serial = self._last.get(stem, 0) + randint(self._rng, 1, 3)
        if serial > self._limit:  # a crowded stem: fall back to plain counting
            serial = self._last.get(stem, 0) + 1
        if serial > self._limit:
            raise RuntimeError(f"no serial left for {stem}")
        self._last[stem] = serial
        return serial


class NikIssuer:
    """NIK `PP RR CC DDMMYY SSSS`; women's day + 40."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._serials = _Serials(rng, 9999)

    def region(self, kecamatan_code: str, *, born_elsewhere: bool) -> str:
        """Six-digit region: the Palembang kecamatan, or a neighbouring kabupaten's kecamatan."""
        if born_elsewhere:
            return f"{choice(self._rng, _NEIGHBOURS)}{randint(self._rng, 1, 15):02d}"
        return f"{PALEMBANG}{kecamatan_code[-2:]}"

    def issue(self, region6: str, sex: str, birth: date) -> str:
        day = birth.day + (40 if sex == "F" else 0)
        stem = f"{region6}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
        return f"{stem}{self._serials.next(stem):04d}"


class KkIssuer:
    """Nomor KK: issuing office (Palembang kecamatan) + recording date DDMMYY + serial."""

    def __init__(self, rng: random.Random) -> None:
        self._serials = _Serials(rng, 9999)

    def issue(self, kecamatan_code: str, recorded: date) -> str:
        stem = f"{PALEMBANG}{kecamatan_code[-2:]}{recorded:%d%m}{recorded.year % 100:02d}"
        return f"{stem}{self._serials.next(stem):04d}"


class NipIssuer:
    """NIP (PNS) and NI PPPK, both 18 digits with a three-digit serial."""

    def __init__(self, rng: random.Random) -> None:
        self._serials = _Serials(rng, 999)

    def pns(self, birth: date, tmt_year: int, tmt_month: int, sex: str) -> str:
        stem = f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{_sex_digit(sex)}"
        return f"{stem}{self._serials.next(stem):03d}"

    def pppk(self, birth: date, year: int, contract: int, sex: str) -> str:
        stem = f"{birth:%Y%m%d}{year:04d}2{contract}{_sex_digit(sex)}"
        return f"{stem}{self._serials.next(stem):03d}"


def _sex_digit(sex: str) -> str:
    return "1" if sex == "M" else "2"
