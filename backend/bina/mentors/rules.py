"""Input rules for a mentor, as a BKPSDM officer expects them: NIP / NI PPPK consistency, golongan,
coordinates; hard problems are 422 per field, soft ones warnings.

Input rules (this domain's `rules.py`): whether what a caller sent is acceptable, each field alone
and fields together; who may do it is `policy.py`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from bina.identifiers import IdentifierError, NipInfo, parse_nip
from bina.kit.geo import distance_km
from bina.reference.regions import palembang_regions

# Beyond this distance from the city's centre a location is probably a typo (lat/lon swapped,
# sign dropped, a point in another province): saved, but the answer warns.
FAR_FROM_CITY_KM = 30.0
_SEX_WORD = {"M": "male", "F": "female"}
# PNS: I/a-I/d, II/a-II/d, III/a-III/d, IV/a-IV/e. PPPK: I-XVII (no letter).
_PNS_GOLONGAN = re.compile(r"^(I|II|III)/[a-d]$|^IV/[a-e]$")
_PPPK_GOLONGAN = re.compile(r"^(XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)$")


def field_error(name: str, msg: str, kind: str) -> dict[str, Any]:
    return {"loc": ["body", name], "msg": msg, "type": kind}


@dataclass(slots=True)
class Findings:
    """Hard errors (422) and soft warnings gathered over every field, reported together."""

    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_identity(
    found: Findings,
    *,
    nip: str,
    employment_type: str,
    sex: str | None,
    birth_date: date | None,
) -> NipInfo | None:
    """Parse the NIP for its employment type; `sex` and `birth_date`, when given, must match it."""
    try:
        info = parse_nip(nip, employment_type)
    except IdentifierError as exc:
        found.errors.append(field_error("nip", str(exc), "nip_invalid"))
        return None
    if sex is not None and sex != info.sex:
        found.errors.append(
            field_error(
                "sex",
                f"does not match the NIP: digit 15 says {_SEX_WORD[info.sex]} ({info.sex})",
                "sex_mismatch",
            )
        )
    if birth_date is not None and birth_date != info.birth_date:
        found.errors.append(
            field_error(
                "birth_date",
                f"does not match the NIP: digits 1-8 say {info.birth_date.isoformat()}",
                "birth_date_mismatch",
            )
        )
    return info


def check_golongan(found: Findings, golongan: str | None, employment_type: str) -> None:
    """Warn (not refuse: imports spell it many ways) when golongan does not fit the employment."""
    if golongan is None:
        return
    if employment_type == "PNS" and not _PNS_GOLONGAN.match(golongan):
        found.warnings.append(f"golongan {golongan} is not a PNS golongan (I/a to IV/e).")
    elif employment_type == "PPPK" and not _PPPK_GOLONGAN.match(golongan):
        found.warnings.append(f"golongan {golongan} is not a PPPK golongan (I to XVII).")


def check_point(found: Findings, lat: float | None, lon: float | None, prefix: str = "") -> None:
    """Both coordinates or neither; warn (not refuse) when the point is far outside the city."""
    lat_name, lon_name = f"{prefix}lat", f"{prefix}lon"
    if (lat is None) != (lon is None):
        missing = lon_name if lon is None else lat_name
        found.errors.append(
            field_error(missing, f"give {lat_name} and {lon_name} together", "coordinates_pair")
        )
        return
    if lat is None or lon is None:
        return
    centre_lat, centre_lon = city_centre()
    km = distance_km(lat, lon, centre_lat, centre_lon)
    if km > FAR_FROM_CITY_KM:
        found.warnings.append(
            f"{lat_name}/{lon_name} lie {km:.0f} km from the city centre; check that they are "
            "not swapped or missing a minus sign."
        )


@cache
def city_centre() -> tuple[float, float]:
    """Mean of the kecamatan centre points of the reference data (approximate, good enough here)."""
    lats = [r.lat for r in palembang_regions() if r.lat is not None]
    lons = [r.lon for r in palembang_regions() if r.lon is not None]
    return sum(lats) / len(lats), sum(lons) / len(lons)
