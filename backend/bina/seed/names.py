"""Synthetic Palembang names: common given names combined at random, so no real person is meant."""

from __future__ import annotations

import random

from bina.seed.sampling import choice

_MALE_FIRST = (
    "Ahmad", "Muhammad", "Abdul", "Rudi", "Hendra", "Syahrial", "Zulkifli", "Iskandar",
    "Firdaus", "Anwar", "Hasan", "Husin", "Ismail", "Yusuf", "Agus", "Budi", "Dedi", "Eko",
    "Rahmat", "Sulaiman", "Amran", "Darmawan", "Herman", "Edi", "Junaidi", "Rustam", "Syamsul",
    "Zainal", "Fauzi", "Rizki", "Aldi", "Fajar", "Bayu", "Dimas", "Reza", "Irwan", "Sofyan",
    "Jamaludin", "Kurniawan", "Marzuki", "Nasrul", "Ridwan", "Yudi", "Hamdan", "Arif", "Romli",
    "Saiful", "Taufik", "Wahyu", "Yahya", "Ilham", "Andika", "Rian", "Alamsyah", "Mustofa",
    "Syarifudin", "Basri", "Kamaludin", "Mansur", "Nurdin", "Pahlevi", "Heri", "Indra", "Joni",
    "Feri", "Gilang", "Rafi", "Akbar", "Hafiz", "Dafa", "Raka", "Fikri", "Zaki", "Umar",
)  # fmt: skip
_MALE_LAST = (
    "Saputra", "Syahputra", "Pratama", "Hidayat", "Wijaya", "Kurniawan", "Setiawan", "Ramadhan",
    "Firmansyah", "Hakim", "Nugraha", "Permana", "Gunawan", "Rahman", "Effendi", "Sanjaya",
    "Hermawan", "Maulana", "Alfarizi", "Fadillah", "Santoso", "Prasetyo", "Abdullah", "Hasibuan",
    "Harahap", "Siregar", "Zulkarnain", "Arifin", "Mahendra", "Syafei", "Iskandar", "Junaidi",
)  # fmt: skip
_FEMALE_FIRST = (
    "Siti", "Nur", "Rina", "Dewi", "Sri", "Yuliana", "Aminah", "Fatimah", "Rohani", "Maryam",
    "Aisyah", "Zubaidah", "Halimah", "Juariah", "Masnah", "Nurhayati", "Yanti", "Lestari",
    "Eka", "Fitri", "Indah", "Wulan", "Ratna", "Rosmala", "Suryani", "Marlina", "Herlina",
    "Erna", "Desi", "Ayu", "Putri", "Anisa", "Nabila", "Salsabila", "Zahra", "Dinda", "Rika",
    "Yulia", "Novi", "Mega", "Tuti", "Yusnani", "Rosidah", "Komariah", "Maimunah", "Nurul",
    "Kartini", "Elis", "Leni", "Susanti", "Umi", "Cici", "Intan", "Syafira", "Aulia", "Kirana",
    "Rahma", "Nadia", "Tiara", "Septi", "Hartini", "Jumiati", "Mardiana", "Ernawati", "Yati",
)  # fmt: skip
_FEMALE_LAST = (
    "Aminah", "Lestari", "Saputri", "Rahmawati", "Wulandari", "Puspita", "Anggraini", "Safitri",
    "Handayani", "Marlina", "Yuliani", "Kurniasih", "Maharani", "Febriani", "Oktaviani",
    "Permatasari", "Ramadhani", "Fitriani", "Sari", "Utami", "Novitasari", "Agustina",
    "Purnamasari", "Hidayati", "Zahara", "Khairunnisa", "Rohayati", "Susilawati", "Hasanah",
)  # fmt: skip

# Palembang's traditional titles of descent, carried in everyday names.
_MALE_TITLES = ("Kms.", "Kgs.", "Mgs.", "R.")
_FEMALE_TITLES = ("Nyimas", "Msy.", "Nyayu", "R.A.")


def person_name(rng: random.Random, sex: str) -> str:
    """A plausible full name; about one in six has a single name, a few a Palembang title."""
    male = sex == "M"
    first = choice(rng, _MALE_FIRST if male else _FEMALE_FIRST)
    if rng.random() < 0.16:
        name = first
    else:
        last = choice(rng, _MALE_LAST if male else _FEMALE_LAST)
        name = first if last == first else f"{first} {last}"
    if rng.random() < 0.04:
        name = f"{choice(rng, _MALE_TITLES if male else _FEMALE_TITLES)} {name}"
    return name


def pilgrim_prefix(sex: str) -> str:
    """`H.` / `Hj.`: written before the name of someone who has made the hajj."""
    return "H." if sex == "M" else "Hj."
