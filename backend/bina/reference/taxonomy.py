"""The one needs/competence taxonomy, used for a household's needs and a mentor's competences."""

from __future__ import annotations

from typing import Literal

TaxonomyCode = Literal[
    "adminduk",
    "social_protection",
    "health",
    "education",
    "employment",
    "umkm",
    "financial_literacy",
    "agriculture_food",
    "fisheries",
    "housing_wash",
    "women_child_protection",
    "psychosocial",
]

# code -> (Bahasa Indonesia, English)
TAXONOMY: dict[str, tuple[str, str]] = {
    "adminduk": ("Adminduk & dokumen hukum", "Civil registration & legal documents"),
    "social_protection": ("Kepesertaan perlindungan sosial", "Social protection enrolment"),
    "health": ("Kesehatan & JKN", "Health & national health insurance (JKN)"),
    "education": ("Pendidikan & kembali sekolah", "Education & school re-entry"),
    "employment": ("Pekerjaan & keterampilan", "Employment & skills"),
    "umkm": ("UMKM, koperasi & keuangan mikro", "Micro business, cooperatives & micro-finance"),
    "financial_literacy": ("Literasi keuangan & tabungan", "Financial literacy & savings"),
    "agriculture_food": ("Pertanian perkotaan & pangan", "Urban agriculture & food"),
    "fisheries": ("Perikanan", "Fisheries"),
    "housing_wash": ("Rumah, air bersih & sanitasi", "Housing, water & sanitation"),
    "women_child_protection": (
        "Perlindungan perempuan & anak, KB",
        "Women & child protection, family planning",
    ),
    "psychosocial": ("Dukungan psikososial", "Psychosocial support"),
}

ASSISTANCE_PROGRAMS: dict[str, str] = {
    "PKH": "Program Keluarga Harapan",
    "BPNT": "Bantuan Pangan Non Tunai (Sembako)",
    "PBI_JKN": "Penerima Bantuan Iuran JKN",
    "PIP": "Program Indonesia Pintar",
    "BLT": "Bantuan Langsung Tunai",
    "RUTILAHU": "Rehabilitasi Rumah Tidak Layak Huni",
    "ATENSI": "Asistensi Rehabilitasi Sosial",
}
