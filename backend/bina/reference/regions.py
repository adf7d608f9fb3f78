"""Palembang's kota, 18 kecamatan and 107 kelurahan (Kemendagri codes, 2022 and 2025 names)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

CITY_CODE = "16.71"


@dataclass(frozen=True, slots=True)
class RegionRow:
    code: str
    level: str
    parent_code: str | None
    name: str
    name_2025: str
    lat: float | None
    lon: float | None


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def palembang_regions() -> tuple[RegionRow, ...]:
    centroids = {
        r["kode_kemendagri"]: (float(r["lat"]), float(r["lon"]))
        for r in _read_csv("palembang_kecamatan_centroids.csv")
    }
    rows = []
    for r in _read_csv("palembang_wilayah.csv"):
        code = r["kode_kemendagri"]
        parent = code.rsplit(".", 1)[0] if "." in code and r["level"] != "kota" else None
        point = centroids.get(code)
        rows.append(
            RegionRow(
                code=code,
                level=r["level"],
                parent_code=parent,
                name=r["nama_kepmendagri_2022"],
                name_2025=r["nama_kepmendagri_2025"],
                lat=point[0] if point else None,
                lon=point[1] if point else None,
            )
        )
    return tuple(rows)


@cache
def regions_by_code() -> dict[str, RegionRow]:
    return {r.code: r for r in palembang_regions()}


def kecamatan_of(kelurahan_code: str) -> str:
    return kelurahan_code.rsplit(".", 1)[0]
