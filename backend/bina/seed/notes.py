"""Short Bahasa Indonesia texts of the demo history: visit notes and agreed steps per topic."""

from __future__ import annotations

# What a mentor writes after a visit, by the topic discussed ({n}: a small number to vary it).
SESSION_NOTES: dict[str, tuple[str, ...]] = {
    "adminduk": (
        "Mengecek KK dan KTP keluarga; akta kelahiran {n} anak belum ada.",
        "Membantu mengisi formulir Disdukcapil untuk pembaruan KK.",
        "Dokumen kependudukan sudah difoto untuk diajukan lewat kelurahan.",
    ),
    "social_protection": (
        "Menanyakan status bansos; keluarga belum terdaftar PKH.",
        "Mendampingi ke kelurahan untuk usulan DTSEN.",
        "BPNT sudah cair bulan ini, dibelanjakan untuk beras dan telur.",
    ),
    "health": (
        "Ibu mengeluh sakit; disarankan periksa ke puskesmas.",
        "Mengecek kartu JKN; {n} anggota belum punya.",
        "Balita sudah ditimbang di posyandu, berat naik.",
    ),
    "education": (
        "Anak putus sekolah {n} bulan; bicara dengan wali kelas soal kembali.",
        "PIP belum diterima; menanyakan ke sekolah.",
        "Anak sudah kembali masuk sekolah minggu ini.",
    ),
    "employment": (
        "Bapak masih buruh harian; membahas pelatihan kerja di BLK.",
        "Info lowongan dari Disnaker sudah disampaikan.",
        "Anak sulung mulai kerja di toko, gaji mingguan.",
    ),
    "umkm": (
        "Ibu ingin jualan kue dari rumah; menghitung modal awal.",
        "Usaha pempek kecil sudah jalan {n} minggu, laku tiap pagi.",
        "Membahas pengajuan KUR mikro dan pencatatan penjualan.",
    ),
    "financial_literacy": (
        "Latihan mencatat pengeluaran harian bersama ibu.",
        "Membuka tabungan di bank; setoran awal Rp{n}0.000.",
        "Membahas cara menghindari pinjaman online.",
    ),
    "agriculture_food": (
        "Mulai tanam cabai dan kangkung di polybag.",
        "Panen sayur pekarangan cukup untuk makan {n} hari.",
    ),
    "fisheries": (
        "Bapak nelayan sungai; membahas keramba kecil.",
        "Hasil tangkapan turun; membahas pengolahan ikan asap.",
    ),
    "housing_wash": (
        "Jamban rusak; mengusulkan bantuan sanitasi ke kelurahan.",
        "Mengecek usulan RTLH; petugas akan survei.",
        "Sambungan air bersih sudah dipasang.",
    ),
    "women_child_protection": (
        "Ibu kepala keluarga; membahas layanan PUSPAGA.",
        "Konseling KB bersama bidan kelurahan.",
    ),
    "psychosocial": (
        "Keluarga sedang berduka; mendengarkan dan memberi semangat.",
        "Lansia tinggal sendiri siang hari; tetangga diminta menengok.",
    ),
}

# Steps agreed at a visit, by topic.
ACTIONS: dict[str, tuple[str, ...]] = {
    "adminduk": (
        "Urus akta kelahiran anak ke Disdukcapil",
        "Perbarui KK di kelurahan",
        "Rekam KTP-el untuk anak usia 17",
    ),
    "social_protection": (
        "Ajukan usulan PKH lewat kelurahan",
        "Cek status DTSEN di aplikasi Cek Bansos",
    ),
    "health": (
        "Daftarkan anggota keluarga ke JKN PBI",
        "Periksa ke puskesmas",
        "Bawa balita ke posyandu",
    ),
    "education": ("Daftarkan anak kembali ke sekolah", "Urus PIP ke sekolah"),
    "employment": ("Ikut pelatihan kerja di BLK", "Datang ke bursa kerja Disnaker"),
    "umkm": (
        "Mulai jualan kue dari rumah",
        "Urus NIB lewat OSS",
        "Catat penjualan harian",
    ),
    "financial_literacy": ("Buka tabungan di bank", "Sisihkan tabungan mingguan"),
    "agriculture_food": ("Tanam sayur di pekarangan", "Ikut kelompok wanita tani"),
    "fisheries": ("Ikut pelatihan olahan ikan", "Daftar kartu KUSUKA"),
    "housing_wash": ("Ajukan bantuan jamban sehat", "Ajukan bedah rumah (RTLH)"),
    "women_child_protection": ("Konsultasi ke PUSPAGA", "Ikut kelas ibu balita"),
    "psychosocial": ("Ikut kegiatan pengajian warga", "Konseling di puskesmas"),
}

# How a visit that was not a home visit is described.
KIND_NOTES = {
    "phone": "Ditelepon karena keluarga sedang di luar kota.",
    "group": "Pertemuan kelompok di kantor kelurahan.",
    "office": "Keluarga datang ke kantor untuk konsultasi.",
}

REJECTION_REASONS = (
    "Lokasi kunjungan jauh dari rumah keluarga; mohon jelaskan.",
    "Catatan terlalu singkat; tuliskan apa yang dibahas.",
    "Tanggal kunjungan bertabrakan dengan kunjungan lain.",
)

ASSESSMENT_NOTES = (
    "Penilaian awal bersama keluarga.",
    "Penilaian lanjutan tiga bulan.",
    "Penilaian lanjutan enam bulan.",
)
