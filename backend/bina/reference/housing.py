"""Housing vocabulary (BPS Susenas / DTKS categories, lowercase Bahasa Indonesia) and which values
count as adequate for graduation. The demo seed draws from the same values."""

from __future__ import annotations

from typing import Literal

HOUSING_KEYS = ("floor", "wall", "roof", "water", "sanitation", "electricity")

HOUSING_CATEGORIES: dict[str, tuple[str, ...]] = {
    "floor": ("tanah", "semen", "kayu", "keramik", "bambu"),
    "wall": ("tembok", "tembok_tanpa_plester", "kayu", "bambu", "seng"),
    "roof": ("seng", "asbes", "genteng", "rumbia", "terpal"),
    "water": ("ledeng", "sumur_bor", "sumur_gali", "air_isi_ulang", "sungai", "air_hujan"),
    "sanitation": ("jamban_sendiri", "jamban_bersama", "jamban_umum", "cubluk", "tidak_ada"),
    "electricity": ("pln_meteran", "pln_numpang", "non_pln", "tidak_ada"),
}

Floor = Literal["tanah", "semen", "kayu", "keramik", "bambu"]
Water = Literal["ledeng", "sumur_bor", "sumur_gali", "air_isi_ulang", "sungai", "air_hujan"]
Sanitation = Literal["jamban_sendiri", "jamban_bersama", "jamban_umum", "cubluk", "tidak_ada"]

# Values that signal a housing/water/sanitation need.
POOR_HOUSING = frozenset(
    {"tanah", "bambu", "rumbia", "terpal", "sungai", "air_hujan", "cubluk", "tidak_ada"}
)
