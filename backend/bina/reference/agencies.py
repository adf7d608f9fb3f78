"""Palembang's OPD (perangkat daerah) used for the demo city; codes are Bina's own short codes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from bina.reference.regions import palembang_regions


@dataclass(frozen=True, slots=True)
class AgencyRow:
    code: str
    name: str
    kind: str
    region_code: str | None = None
    # Relative headcount weight for the synthetic demo (teachers and health workers dominate).
    demo_weight: int = 1


_CITY_AGENCIES = (
    AgencyRow("SETDA", "Sekretariat Daerah Kota Palembang", "sekretariat", demo_weight=8),
    AgencyRow("SETWAN", "Sekretariat DPRD Kota Palembang", "sekretariat", demo_weight=2),
    AgencyRow("INSPEKTORAT", "Inspektorat Kota Palembang", "inspektorat", demo_weight=2),
    AgencyRow("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "badan", demo_weight=2),
    AgencyRow("BPKAD", "Badan Pengelola Keuangan dan Aset Daerah", "badan", demo_weight=3),
    AgencyRow("BAPENDA", "Badan Pendapatan Daerah", "badan", demo_weight=3),
    AgencyRow("BKPSDM", "Badan Kepegawaian dan Pengembangan SDM", "badan", demo_weight=2),
    AgencyRow("BPBD", "Badan Penanggulangan Bencana Daerah", "badan", demo_weight=1),
    AgencyRow("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "badan", demo_weight=1),
    AgencyRow("DISDIK", "Dinas Pendidikan", "dinas", demo_weight=160),
    AgencyRow("DINKES", "Dinas Kesehatan", "dinas", demo_weight=45),
    AgencyRow("DINSOS", "Dinas Sosial", "dinas", demo_weight=4),
    AgencyRow("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas", demo_weight=3),
    AgencyRow("DISNAKER", "Dinas Tenaga Kerja", "dinas", demo_weight=2),
    AgencyRow("DINKOPUKM", "Dinas Koperasi dan UKM", "dinas", demo_weight=2),
    AgencyRow("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "dinas", demo_weight=2),
    AgencyRow("DKPP", "Dinas Ketahanan Pangan dan Pertanian", "dinas", demo_weight=2),
    AgencyRow("DPP", "Dinas Perikanan dan Peternakan", "dinas", demo_weight=2),
    AgencyRow("DPRKP", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "dinas", demo_weight=3),
    AgencyRow("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", demo_weight=4),
    AgencyRow(
        "DPPPA", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "dinas", demo_weight=2
    ),
    AgencyRow(
        "DPPKB", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "dinas", demo_weight=4
    ),
    AgencyRow("DLH", "Dinas Lingkungan Hidup dan Kebersihan", "dinas", demo_weight=4),
    AgencyRow("DISHUB", "Dinas Perhubungan", "dinas", demo_weight=4),
    AgencyRow("DISKOMINFO", "Dinas Komunikasi dan Informatika", "dinas", demo_weight=2),
    AgencyRow("DISPORA", "Dinas Pemuda dan Olahraga", "dinas", demo_weight=1),
    AgencyRow("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata", "dinas", demo_weight=2),
    AgencyRow("DPMPTSP", "Dinas Penanaman Modal dan PTSP", "dinas", demo_weight=2),
    AgencyRow("DISPUSIP", "Dinas Perpustakaan dan Kearsipan", "dinas", demo_weight=1),
    AgencyRow("SATPOLPP", "Satuan Polisi Pamong Praja", "dinas", demo_weight=4),
    AgencyRow("DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan", "dinas", demo_weight=2),
    AgencyRow("RSUD_BARI", "RSUD Palembang BARI", "rumah_sakit", demo_weight=8),
)


@cache
def palembang_agencies() -> tuple[AgencyRow, ...]:
    """City OPD plus one kecamatan office per kecamatan (their staff mentor locally)."""
    offices = tuple(
        AgencyRow(
            f"KEC_{r.code.rsplit('.', 1)[1]}",
            f"Kecamatan {r.name}",
            "kecamatan",
            region_code=r.code,
            demo_weight=2,
        )
        for r in palembang_regions()
        if r.level == "kecamatan"
    )
    return _CITY_AGENCIES + offices
