"""Category values the demo uses for housing, education, occupation and disability.

Housing keys and values are those of `bina.reference.housing` (BPS Susenas / DTKS categories);
each value maps to its weight among extreme-poor households (city-wide, then the riverside
variant).
"""

from __future__ import annotations

from bina.reference.housing import HOUSING_KEYS as HOUSING_KEYS
from bina.reference.housing import POOR_HOUSING as POOR_HOUSING

HOUSING_VALUES: dict[str, dict[str, float]] = {
    "floor": {"tanah": 12, "semen": 45, "kayu": 25, "keramik": 13, "bambu": 5},
    "wall": {"tembok": 30, "tembok_tanpa_plester": 20, "kayu": 40, "bambu": 5, "seng": 5},
    "roof": {"seng": 45, "asbes": 30, "genteng": 15, "rumbia": 7, "terpal": 3},
    "water": {
        "ledeng": 25,
        "sumur_bor": 25,
        "sumur_gali": 15,
        "air_isi_ulang": 25,
        "sungai": 5,
        "air_hujan": 5,
    },
    "sanitation": {
        "jamban_sendiri": 45,
        "jamban_bersama": 20,
        "jamban_umum": 15,
        "cubluk": 10,
        "tidak_ada": 10,
    },
    "electricity": {"pln_meteran": 65, "pln_numpang": 25, "non_pln": 4, "tidak_ada": 6},
}

# Along the rivers: houses on stilts (kayu floors and walls), river water, latrines over water.
RIVERSIDE_HOUSING: dict[str, dict[str, float]] = {
    "floor": {"tanah": 5, "semen": 25, "kayu": 55, "keramik": 8, "bambu": 7},
    "wall": {"tembok": 15, "tembok_tanpa_plester": 12, "kayu": 60, "bambu": 8, "seng": 5},
    "roof": {"seng": 50, "asbes": 25, "genteng": 8, "rumbia": 14, "terpal": 3},
    "water": {
        "ledeng": 20,
        "sumur_bor": 15,
        "sumur_gali": 10,
        "air_isi_ulang": 25,
        "sungai": 22,
        "air_hujan": 8,
    },
    "sanitation": {
        "jamban_sendiri": 30,
        "jamban_bersama": 20,
        "jamban_umum": 15,
        "cubluk": 20,
        "tidak_ada": 15,
    },
    "electricity": {"pln_meteran": 55, "pln_numpang": 32, "non_pln": 5, "tidak_ada": 8},
}

# Schooling level reached (the current one for pupils), as the households API names it;
# "tidak_sekolah" also covers those who left primary school without finishing it.
EDUCATION_LEVELS = (
    "belum_sekolah",
    "tidak_sekolah",
    "sd",
    "smp",
    "sma",
    "diploma",
    "sarjana",
    "pascasarjana",
)
ADULT_EDUCATION: dict[str, float] = {
    "tidak_sekolah": 25,
    "sd": 38,
    "smp": 20,
    "sma": 15,
    "diploma": 1,
    "sarjana": 1,
}
ELDER_EDUCATION: dict[str, float] = {
    "tidak_sekolah": 60,
    "sd": 30,
    "smp": 7,
    "sma": 3,
}

# Disability categories of UU 8/2016 (sensory split as Dukcapil records it).
DISABILITIES: dict[str, float] = {
    "fisik": 40,
    "intelektual": 12,
    "mental": 15,
    "sensorik_netra": 12,
    "sensorik_rungu": 10,
    "sensorik_wicara": 6,
    "ganda": 5,
}

# Occupation as written on the Kartu Keluarga (Dukcapil's list, sentence case).
UNEMPLOYED = "Belum/Tidak Bekerja"
PUPIL = "Pelajar/Mahasiswa"
HOUSEWORK = "Mengurus Rumah Tangga"
MALE_WORK: dict[str, float] = {
    "Buruh Harian Lepas": 38,
    "Pedagang": 12,
    "Wiraswasta": 8,
    "Sopir": 4,
    "Tukang Batu": 6,
    "Tukang Kayu": 3,
    "Buruh Tani/Perkebunan": 3,
    "Karyawan Swasta": 4,
    "Nelayan/Perikanan": 2,
    UNEMPLOYED: 20,
}
FEMALE_WORK: dict[str, float] = {
    HOUSEWORK: 55,
    "Pedagang": 13,
    "Buruh Harian Lepas": 12,
    "Wiraswasta": 4,
    "Pembantu Rumah Tangga": 5,
    "Penjahit": 2,
    UNEMPLOYED: 9,
}
RIVER_WORK = "Nelayan/Perikanan"
YOUTH_WORK: dict[str, float] = {UNEMPLOYED: 50, "Buruh Harian Lepas": 38, "Pedagang": 12}
