"""Where the demo city's people live: kecamatan weights, kelurahan points, street addresses.

All figures are approximate and only shape synthetic data: the poverty shares follow Dinas
Sosial's 2024 picture (most extreme-poor KK in Kertapati and Gandus), the populations and areas
are rounded public figures, and the points derive from the approximate kecamatan centroids.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cache

from bina.reference.regions import palembang_regions
from bina.seed.sampling import Weighted, choice, jitter, randint

KERTAPATI = "16.71.13"
GANDUS = "16.71.12"

# Share of the city's extreme-poor households per kecamatan (percent).
POVERTY_SHARE: dict[str, float] = {
    "16.71.13": 15,  # Kertapati
    "16.71.12": 13,  # Gandus
    "16.71.02": 8,  # Seberang Ulu I
    "16.71.03": 7,  # Seberang Ulu II
    "16.71.14": 6,  # Plaju
    "16.71.17": 6,  # Jakabaring
    "16.71.06": 5,  # Ilir Timur II
    "16.71.01": 5,  # Ilir Barat II
    "16.71.10": 5,  # Kalidoni
    "16.71.08": 5,  # Sako
    "16.71.07": 4,  # Sukarami
    "16.71.18": 4,  # Ilir Timur III
    "16.71.16": 4,  # Sematang Borang
    "16.71.15": 3,  # Alang-Alang Lebar
    "16.71.09": 3,  # Kemuning
    "16.71.04": 3,  # Ilir Barat I
    "16.71.05": 2,  # Ilir Timur I
    "16.71.11": 2,  # Bukit Kecil
}

# Residents per kecamatan (thousands, rounded): where civil servants live.
POPULATION_K: dict[str, float] = {
    "16.71.01": 68,
    "16.71.02": 95,
    "16.71.03": 101,
    "16.71.04": 142,
    "16.71.05": 70,
    "16.71.06": 95,
    "16.71.07": 173,
    "16.71.08": 99,
    "16.71.09": 91,
    "16.71.10": 119,
    "16.71.11": 46,
    "16.71.12": 66,
    "16.71.13": 92,
    "16.71.14": 87,
    "16.71.15": 111,
    "16.71.16": 42,
    "16.71.17": 92,
    "16.71.18": 80,
}

# Land area per kecamatan (km², rounded): how far homes scatter from the centre point.
AREA_KM2: dict[str, float] = {
    "16.71.01": 6,
    "16.71.02": 9,
    "16.71.03": 11,
    "16.71.04": 20,
    "16.71.05": 7,
    "16.71.06": 6,
    "16.71.07": 51,
    "16.71.08": 18,
    "16.71.09": 9,
    "16.71.10": 28,
    "16.71.11": 10,
    "16.71.12": 69,
    "16.71.13": 43,
    "16.71.14": 15,
    "16.71.15": 35,
    "16.71.16": 37,
    "16.71.17": 9,
    "16.71.18": 5,
}

# Kecamatan along the Musi and Ogan rivers, where fishing and river houses are common.
RIVERSIDE = frozenset(
    {"16.71.13", "16.71.12", "16.71.02", "16.71.03", "16.71.14", "16.71.01", "16.71.17"}
)

# Approximately the city hall on Jl. Merdeka: where most city OPD have their offices.
CITY_CENTRE = (-2.990, 104.756)

_KM_PER_DEG = 111.0


@dataclass(frozen=True, slots=True)
class Kelurahan:
    code: str
    kecamatan_code: str
    name: str
    lat: float
    lon: float
    spread_deg: float  # standard deviation of homes around the point
    weight: float  # relative size inside its kecamatan


@dataclass(frozen=True, slots=True)
class Kecamatan:
    code: str
    name: str
    lat: float
    lon: float
    kelurahan: tuple[Kelurahan, ...]
    kelurahan_choice: Weighted[Kelurahan]


def _radius_deg(kecamatan_code: str) -> float:
    return math.sqrt(AREA_KM2[kecamatan_code]) / _KM_PER_DEG / 2


@cache
def kecamatan_table() -> dict[str, Kecamatan]:
    """Every kecamatan with its kelurahan, each kelurahan at a fixed point near the centroid."""
    regions = palembang_regions()
    table: dict[str, Kecamatan] = {}
    for kec in (r for r in regions if r.level == "kecamatan"):
        if kec.lat is None or kec.lon is None:
            raise ValueError(f"no centroid for kecamatan {kec.code}")
        radius = _radius_deg(kec.code)
        kels = []
        for kel in (r for r in regions if r.parent_code == kec.code):
            # Seeded by the code, not the run's seed: a kelurahan stays put between runs.
            place = random.Random(kel.code)
            lat, lon = jitter(place, kec.lat, kec.lon, radius * 0.45)
            kels.append(
                Kelurahan(
                    kel.code, kec.code, kel.name, lat, lon, radius * 0.25, 0.5 + place.random()
                )
            )
        table[kec.code] = Kecamatan(
            kec.code,
            kec.name,
            kec.lat,
            kec.lon,
            tuple(kels),
            Weighted([(k, k.weight) for k in kels]),
        )
    return table


def kelurahan_weights(share: dict[str, float]) -> list[tuple[Kelurahan, float]]:
    """Each kelurahan's weight: its kecamatan's share, split by the kelurahan's own size."""
    pairs: list[tuple[Kelurahan, float]] = []
    for code, kec in kecamatan_table().items():
        total = sum(k.weight for k in kec.kelurahan)
        pairs.extend((k, share[code] * k.weight / total) for k in kec.kelurahan)
    return pairs


def kelurahan_choice(share: dict[str, float]) -> Weighted[Kelurahan]:
    """A kelurahan drawn by kecamatan share, then by the kelurahan's own weight inside it."""
    return Weighted(kelurahan_weights(share))


_JALAN = (
    "Jl. Kebun Bunga", "Jl. Sukabangun", "Jl. Perintis Kemerdekaan", "Jl. Pangeran Ratu",
    "Jl. Mayor Zen", "Jl. Ki Merogan", "Jl. Syakyakirti", "Jl. Tanjung Barangan",
    "Jl. Kapten Abdullah", "Jl. Sultan Mansyur", "Jl. Kemas Rindo", "Jl. Sentosa",
    "Jl. Mataram", "Jl. Pipa Reja", "Jl. Sungai Sahang", "Jl. Macan Lindungan",
    "Jl. Sei Selincah", "Jl. Taqwa Mata Merah", "Jl. Musi Raya", "Jl. Padat Karya",
    "Jl. Bungaran", "Jl. Gubernur H. Bastari", "Jl. Plaju Ulu", "Jl. Lunjuk Jaya",
)  # fmt: skip
_LORONG = (
    "Lr. Sepakat", "Lr. Rukun", "Lr. Damai", "Lr. Masjid", "Lr. Langgar", "Lr. Kenanga",
    "Lr. Melati", "Lr. Mawar", "Lr. Pinang", "Lr. Kelapa", "Lr. Sukajadi", "Lr. Swadaya",
    "Lr. Keluarga", "Lr. Pancasila", "Lr. Gotong Royong", "Lr. Aman", "Lr. Bersama",
    "Lr. Kemang", "Lr. Jambu", "Lr. Sawo", "Lr. Tengkuruk", "Lr. Lebak", "Lr. Rawa",
    "Lr. Sungai", "Lr. Perigi", "Lr. Kedukan", "Lr. Pasar", "Lr. Sekolah", "Lr. Duku",
)  # fmt: skip


def street_address(rng: random.Random) -> str:
    """`Lr. Sepakat No. 12, Jl. Ki Merogan`-style address line (RT/RW are separate fields)."""
    number = randint(rng, 1, 180)
    jalan = choice(rng, _JALAN)
    if rng.random() < 0.7:
        return f"{choice(rng, _LORONG)} No. {number}, {jalan}"
    return f"{jalan} No. {number}"


def rt_rw(rng: random.Random) -> tuple[str, str]:
    """RT and RW as Dukcapil writes them (three digits)."""
    return f"{randint(rng, 1, 60):03d}", f"{randint(rng, 1, 15):03d}"
