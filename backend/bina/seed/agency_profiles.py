"""What each OPD's ASN are like in the demo: job titles, main competences, PPPK share, workplace.

A position is (title, tier). The tier stands for the schooling the job needs and decides the
starting golongan of a PNS, the grade of a PPPK and the academic title after the name.
"""

from __future__ import annotations

from dataclasses import dataclass

# Tiers: "pelaksana" (SMA), "terampil" (D3), "ahli" (S1/D4), "dokter" (medical doctor).
Position = tuple[str, str]

# Where the ASN works: "office" (the agency's building), "field" (schools, puskesmas across the
# city), "hospital" (RSUD), "kecamatan" (the kecamatan office).
WORKPLACES = ("office", "field", "hospital", "kecamatan")


@dataclass(frozen=True, slots=True)
class AgencyProfile:
    focus: tuple[str, ...]  # taxonomy codes the agency's people know best
    positions: tuple[Position, ...]  # PNS positions (first ones most common)
    pppk_positions: tuple[Position, ...]
    pppk_affinity: float  # relative chance an employee here is PPPK
    workplace: str = "office"


_ADMIN: tuple[Position, ...] = (
    ("Pengadministrasi Perkantoran", "pelaksana"),
    ("Penata Layanan Operasional", "ahli"),
    ("Analis Kebijakan Ahli Pertama", "ahli"),
    ("Analis Kebijakan Ahli Muda", "ahli"),
    ("Pranata Komputer Ahli Pertama", "ahli"),
    ("Arsiparis Terampil", "terampil"),
    ("Pengelola Keuangan", "pelaksana"),
    ("Analis Keuangan Pusat dan Daerah Ahli Muda", "ahli"),
    ("Perencana Ahli Pertama", "ahli"),
    ("Kepala Subbagian Umum dan Kepegawaian", "ahli"),
    ("Kepala Seksi", "ahli"),
)
_ADMIN_PPPK: tuple[Position, ...] = (
    ("Penata Layanan Operasional", "ahli"),
    ("Pengelola Umum Operasional", "pelaksana"),
    ("Operator Layanan Operasional", "pelaksana"),
    ("Pranata Komputer Ahli Pertama", "ahli"),
)
_TEACHERS: tuple[Position, ...] = (
    ("Guru Ahli Pertama", "ahli"),
    ("Guru Ahli Muda", "ahli"),
    ("Guru Ahli Madya", "ahli"),
    ("Kepala Sekolah", "ahli"),
    ("Pengawas Sekolah Ahli Madya", "ahli"),
    ("Pengelola Data Pendidikan", "pelaksana"),
)
_HEALTH: tuple[Position, ...] = (
    ("Perawat Terampil", "terampil"),
    ("Perawat Ahli Pertama", "ahli"),
    ("Bidan Terampil", "terampil"),
    ("Bidan Ahli Muda", "ahli"),
    ("Dokter Ahli Pertama", "dokter"),
    ("Dokter Gigi Ahli Muda", "dokter"),
    ("Apoteker Ahli Pertama", "ahli"),
    ("Sanitarian Terampil", "terampil"),
    ("Nutrisionis Terampil", "terampil"),
    ("Penyuluh Kesehatan Masyarakat Ahli Pertama", "ahli"),
    ("Pranata Laboratorium Kesehatan Terampil", "terampil"),
    ("Epidemiolog Kesehatan Ahli Pertama", "ahli"),
)
_HEALTH_PPPK: tuple[Position, ...] = (
    ("Perawat Terampil", "terampil"),
    ("Bidan Terampil", "terampil"),
    ("Perawat Ahli Pertama", "ahli"),
    ("Nutrisionis Terampil", "terampil"),
    ("Pranata Laboratorium Kesehatan Terampil", "terampil"),
)


def _own(*titles: str) -> tuple[Position, ...]:
    """Agency-specific functional posts (graduate level) ahead of the common admin posts."""
    return tuple((t, "ahli") for t in titles) + _ADMIN


_PROFILES: dict[str, AgencyProfile] = {
    "DISDIK": AgencyProfile(
        ("education",), _TEACHERS, (("Guru Ahli Pertama", "ahli"),), 3.0, "field"
    ),
    "DINKES": AgencyProfile(("health",), _HEALTH, _HEALTH_PPPK, 2.0, "field"),
    "RSUD_BARI": AgencyProfile(("health", "psychosocial"), _HEALTH, _HEALTH_PPPK, 2.0, "hospital"),
    "DINSOS": AgencyProfile(
        ("social_protection", "psychosocial"),
        _own(
            "Pekerja Sosial Ahli Pertama",
            "Penyuluh Sosial Ahli Pertama",
            "Pekerja Sosial Ahli Muda",
        ),
        (("Pekerja Sosial Ahli Pertama", "ahli"), *_ADMIN_PPPK),
        0.8,
    ),
    "DISDUKCAPIL": AgencyProfile(
        ("adminduk",),
        _own("Administrator Database Kependudukan Ahli Pertama", "Analis Kependudukan"),
        _ADMIN_PPPK,
        0.8,
    ),
    "DISNAKER": AgencyProfile(
        ("employment",),
        _own("Pengantar Kerja Ahli Pertama", "Instruktur Ahli Pertama"),
        _ADMIN_PPPK,
        0.5,
    ),
    "DINKOPUKM": AgencyProfile(
        ("umkm", "financial_literacy"),
        _own("Penyuluh Koperasi", "Pengawas Koperasi Ahli Pertama", "Analis Usaha Mikro"),
        _ADMIN_PPPK,
        0.5,
    ),
    "DISPERINDAG": AgencyProfile(
        ("umkm", "employment"),
        _own("Penyuluh Perindustrian dan Perdagangan", "Pengawas Perdagangan Ahli Pertama"),
        _ADMIN_PPPK,
        0.5,
    ),
    "DKPP": AgencyProfile(
        ("agriculture_food",),
        _own("Penyuluh Pertanian Ahli Pertama", "Analis Ketahanan Pangan Ahli Pertama"),
        (("Penyuluh Pertanian Ahli Pertama", "ahli"), *_ADMIN_PPPK),
        1.0,
    ),
    "DPP": AgencyProfile(
        ("fisheries", "agriculture_food"),
        _own(
            "Penyuluh Perikanan Ahli Pertama", "Pengawas Perikanan", "Medik Veteriner Ahli Pertama"
        ),
        (("Penyuluh Perikanan Ahli Pertama", "ahli"), *_ADMIN_PPPK),
        0.8,
    ),
    "DPRKP": AgencyProfile(
        ("housing_wash",),
        _own("Penata Kawasan Permukiman", "Teknik Penyehatan Lingkungan"),
        _ADMIN_PPPK,
        0.5,
    ),
    "DPUPR": AgencyProfile(
        ("housing_wash",),
        _own(
            "Teknik Jalan dan Jembatan Ahli Pertama",
            "Teknik Pengairan Ahli Pertama",
            "Penata Ruang",
        ),
        _ADMIN_PPPK,
        0.5,
    ),
    "DLH": AgencyProfile(
        ("housing_wash",), _own("Pengendali Dampak Lingkungan Ahli Pertama"), _ADMIN_PPPK, 0.6
    ),
    "DPPPA": AgencyProfile(
        ("women_child_protection", "psychosocial"),
        _own("Analis Perlindungan Perempuan dan Anak", "Psikolog Klinis Ahli Pertama", "Konselor"),
        _ADMIN_PPPK,
        0.6,
    ),
    "DPPKB": AgencyProfile(
        ("women_child_protection", "health"),
        _own("Penyuluh Keluarga Berencana Ahli Pertama", "Penyuluh Keluarga Berencana Ahli Muda"),
        (("Penyuluh Keluarga Berencana Ahli Pertama", "ahli"), *_ADMIN_PPPK),
        0.8,
    ),
    "BPKAD": AgencyProfile(("financial_literacy",), _ADMIN, _ADMIN_PPPK, 0.3),
    "BAPENDA": AgencyProfile(
        ("financial_literacy",), _own("Pemeriksa Pajak Daerah"), _ADMIN_PPPK, 0.3
    ),
    "INSPEKTORAT": AgencyProfile(
        ("financial_literacy",),
        _own("Auditor Ahli Pertama", "Auditor Ahli Muda", "PPUPD"),
        _ADMIN_PPPK,
        0.2,
    ),
    "BAPPEDA": AgencyProfile(
        ("social_protection", "employment"), _own("Perencana Ahli Muda"), _ADMIN_PPPK, 0.3
    ),
    "BPBD": AgencyProfile(
        ("psychosocial", "housing_wash"), _own("Analis Bencana Ahli Pertama"), _ADMIN_PPPK, 0.5
    ),
    "DPMPTSP": AgencyProfile(
        ("umkm", "adminduk"), _own("Penata Perizinan Ahli Pertama"), _ADMIN_PPPK, 0.4
    ),
    "DISPORA": AgencyProfile(("employment", "education"), _ADMIN, _ADMIN_PPPK, 0.5),
    "DISBUDPAR": AgencyProfile(("umkm",), _own("Pamong Budaya Ahli Pertama"), _ADMIN_PPPK, 0.5),
    "DISKOMINFO": AgencyProfile(
        ("employment", "financial_literacy"), _own("Pranata Hubungan Masyarakat"), _ADMIN_PPPK, 0.6
    ),
    "DISPUSIP": AgencyProfile(("education",), _own("Pustakawan Ahli Pertama"), _ADMIN_PPPK, 0.6),
}
_KECAMATAN = AgencyProfile(
    ("adminduk", "social_protection"),
    (
        ("Pengadministrasi Umum", "pelaksana"),
        ("Penata Layanan Operasional", "ahli"),
        ("Pengelola Data Kependudukan", "pelaksana"),
        ("Kepala Seksi Kesejahteraan Sosial", "ahli"),
        ("Kepala Seksi Pemerintahan", "ahli"),
        ("Sekretaris Kelurahan", "ahli"),
        ("Lurah", "ahli"),
    ),
    _ADMIN_PPPK,
    1.0,
    "kecamatan",
)
_DEFAULT = AgencyProfile((), _ADMIN, _ADMIN_PPPK, 0.5)


def profile_for(agency_code: str) -> AgencyProfile:
    if agency_code.startswith("KEC_"):
        return _KECAMATAN
    return _PROFILES.get(agency_code, _DEFAULT)


def academic_title(title: str, tier: str, option: int) -> tuple[str, str]:
    """Title before and degree after the name (`dr.`, `S.Pd.`); `option` picks a generic degree."""
    if tier == "dokter":
        return ("drg." if "Gigi" in title else "dr."), ""
    if "Veteriner" in title:
        return "drh.", ""
    if tier == "pelaksana":
        return "", ""
    if tier == "terampil":
        for word, degree in (("Perawat", "A.Md.Kep."), ("Bidan", "A.Md.Keb.")):
            if word in title:
                return "", degree
        return "", "A.Md."
    for word, degree in _GRADUATE_DEGREES:
        if word in title:
            return "", degree
    return "", _GENERIC_DEGREES[option % len(_GENERIC_DEGREES)]


_GRADUATE_DEGREES = (
    ("Guru", "S.Pd."),
    ("Kepala Sekolah", "S.Pd."),
    ("Pengawas Sekolah", "S.Pd."),
    ("Perawat", "S.Kep., Ners"),
    ("Bidan", "S.Tr.Keb."),
    ("Apoteker", "S.Farm., Apt."),
    ("Kesehatan Masyarakat", "S.K.M."),
    ("Epidemiolog", "S.K.M."),
    ("Pertanian", "S.P."),
    ("Perikanan", "S.Pi."),
    ("Teknik", "S.T."),
    ("Pekerja Sosial", "S.Tr.Sos."),
    ("Psikolog", "M.Psi., Psikolog"),
    ("Pustakawan", "S.I.P."),
    ("Auditor", "S.E., Ak."),
)
_GENERIC_DEGREES = ("S.E.", "S.H.", "S.Sos.", "S.Kom.", "S.A.P.", "S.IP.", "S.T.", "S.M.")
