"""Indonesian identifiers: NIK, nomor KK, NIP (PNS) and NI PPPK — parsing and validation.

Formats (see shared/data/README.md):
- NIK: `PP RR CC DDMMYY SSSS`; women have DD + 40; serial never 0000; no checksum.
- Nomor KK: issuing-office region (6) + recording date DDMMYY (no +40) + serial (4).
- NIP: birth `YYYYMMDD` + appointment (TMT) `YYYYMM` + sex (1 male, 2 female) + serial (3).
- NI PPPK: birth `YYYYMMDD` + appointment year `YYYY` + `2` + contract count (1-9) + sex
  + serial (3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

PALEMBANG_PREFIX = "1671"
# ASCII digits only, the whole string: `\d` would take Arabic-Indic or full-width digits and `$`
# a trailing newline.
_DIGITS16 = re.compile(r"[0-9]{16}")
_DIGITS18 = re.compile(r"[0-9]{18}")
MIN_AGE_AT_APPOINTMENT = 17


class IdentifierError(ValueError):
    """The identifier is malformed; the message says why, in words a Dinsos officer uses."""


@dataclass(frozen=True, slots=True)
class NikInfo:
    birth_date: date
    sex: str  # "M" | "F"
    region_prefix: str  # first four digits: province + kota/kabupaten

    @property
    def outside_palembang(self) -> bool:
        return self.region_prefix != PALEMBANG_PREFIX


@dataclass(frozen=True, slots=True)
class KkInfo:
    recorded_on: date
    region_prefix: str

    @property
    def outside_palembang(self) -> bool:
        return self.region_prefix != PALEMBANG_PREFIX


@dataclass(frozen=True, slots=True)
class NipInfo:
    birth_date: date
    appointed_on: date
    sex: str


def _two_digit_year(yy: int, today: date) -> int:
    """A two-digit year in the past: 25 -> 2025 in 2026, 30 -> 1930."""
    year = 2000 + yy
    return year if year <= today.year else year - 100


def _date(year: int, month: int, day: int, what: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise IdentifierError(f"{what} is not a real date ({day:02d}-{month:02d}-{year})") from exc


def _birthday(birth: date, years: int) -> date:
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:  # born on 29 February, the year is not a leap year
        return date(birth.year + years, 3, 1)


def parse_nik(nik: str, *, today: date | None = None) -> NikInfo:
    today = today or date.today()
    if not _DIGITS16.fullmatch(nik):
        raise IdentifierError("NIK must be exactly 16 digits")
    if nik[12:] == "0000":
        raise IdentifierError("NIK serial number (last 4 digits) cannot be 0000")
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "F" if day > 40 else "M"
    if sex == "F":
        day -= 40
    if not (1 <= day <= 31):
        raise IdentifierError("NIK birth day (digits 7-8) must be 01-31, or 41-71 for women")
    if not (1 <= month <= 12):
        raise IdentifierError("NIK birth month (digits 9-10) must be 01-12")
    birth = _date(_two_digit_year(yy, today), month, day, "NIK birth date")
    if birth > today:
        raise IdentifierError("NIK birth date lies in the future")
    return NikInfo(birth_date=birth, sex=sex, region_prefix=nik[:4])


def parse_kk(kk: str, *, today: date | None = None) -> KkInfo:
    today = today or date.today()
    if not _DIGITS16.fullmatch(kk):
        raise IdentifierError("Nomor KK must be exactly 16 digits")
    day, month, yy = int(kk[6:8]), int(kk[8:10]), int(kk[10:12])
    recorded = _date(_two_digit_year(yy, today), month, day, "Nomor KK recording date")
    if recorded > today:
        raise IdentifierError("Nomor KK recording date lies in the future")
    return KkInfo(recorded_on=recorded, region_prefix=kk[:4])


def parse_nip(nip: str, employment_type: str, *, today: date | None = None) -> NipInfo:
    """Validate a NIP (PNS) or NI PPPK against the stated employment type."""
    today = today or date.today()
    label = "NIP" if employment_type == "PNS" else "NI PPPK"
    if not _DIGITS18.fullmatch(nip):
        raise IdentifierError(f"{label} must be exactly 18 digits")
    birth = _date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]), f"{label} birth date")
    year = int(nip[8:12])
    if employment_type == "PNS":
        month = int(nip[12:14])
        if not (1 <= month <= 12):
            if nip[12] == "2" and nip[13] != "0":
                raise IdentifierError(
                    "this is an NI PPPK (digit 13 is 2, then a contract count), "
                    "not a PNS NIP: set employment_type to PPPK"
                )
            raise IdentifierError("NIP appointment month (TMT, digits 13-14) must be 01-12")
        appointed = _date(year, month, 1, "NIP appointment (TMT)")
    else:
        if nip[12] != "2" or nip[13] == "0":
            raise IdentifierError(
                "NI PPPK digit 13 must be 2 and digit 14 the contract count 1-9 "
                "(a PNS NIP has the appointment month there)"
            )
        appointed = _date(year, 1, 1, "NI PPPK appointment year")
    if nip[14] not in "12":
        raise IdentifierError(f"{label} sex digit (digit 15) must be 1 (male) or 2 (female)")
    if nip[15:] == "000":
        raise IdentifierError(f"{label} serial number (last 3 digits) cannot be 000")
    if birth > today:
        raise IdentifierError(f"{label} birth date lies in the future")
    if appointed > today:
        raise IdentifierError(f"{label} appointment (TMT) lies in the future")
    # PNS: the TMT date is known; PPPK: only its year, so only a whole year too early is sure.
    too_young = (
        appointed < _birthday(birth, MIN_AGE_AT_APPOINTMENT)
        if employment_type == "PNS"
        else year < birth.year + MIN_AGE_AT_APPOINTMENT
    )
    if too_young:
        raise IdentifierError(f"{label} appointment (TMT) is before the holder turned 17")
    return NipInfo(birth_date=birth, appointed_on=appointed, sex="M" if nip[14] == "1" else "F")
