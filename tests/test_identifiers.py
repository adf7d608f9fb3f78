"""NIK, nomor KK, NIP and NI PPPK as a Dinsos or BKPSDM officer knows them
(formats in shared/data/README.md); `today` is fixed so the tests do not age."""

from __future__ import annotations

from datetime import date

import pytest

from bina.identifiers import IdentifierError, parse_kk, parse_nik, parse_nip

TODAY = date(2026, 6, 15)


class TestNik:
    def test_a_man_born_in_palembang(self) -> None:
        info = parse_nik("1671011503850001", today=TODAY)
        assert info.birth_date == date(1985, 3, 15)
        assert info.sex == "M"
        assert info.region_prefix == "1671"
        assert not info.outside_palembang

    def test_a_woman_has_day_plus_40(self) -> None:
        info = parse_nik("1671015503850002", today=TODAY)
        assert (info.birth_date, info.sex) == (date(1985, 3, 15), "F")

    def test_day_41_and_71_are_the_first_and_last_for_women(self) -> None:
        assert parse_nik("1671014101900001", today=TODAY).birth_date == date(1990, 1, 1)
        assert parse_nik("1671017101900001", today=TODAY).birth_date == date(1990, 1, 31)

    def test_a_child_born_this_century(self) -> None:
        assert parse_nik("1671010102150003", today=TODAY).birth_date == date(2015, 2, 1)

    def test_first_registered_elsewhere_is_parsed_and_flagged(self) -> None:
        info = parse_nik("3201011503850001", today=TODAY)
        assert info.region_prefix == "3201"
        assert info.outside_palembang
        assert info.birth_date == date(1985, 3, 15)

    @pytest.mark.parametrize(
        ("nik", "why"),
        [
            ("1671011503850000", "serial"),
            ("1671011513850001", "month"),
            ("1671011500850001", "month"),
            ("1671013102850001", "not a real date"),  # 31 February
            ("1671017102850001", "not a real date"),  # a woman born 31 February
            ("1671012902010001", "not a real date"),  # 2001 was no leap year
            ("1671010012250001", "day"),
            ("1671013212850001", "day"),
            ("1671017212850001", "day"),  # 72 - 40 = 32
            ("1671010112260001", "future"),  # December 2026, seen in June 2026
        ],
    )
    def test_refused(self, nik: str, why: str) -> None:
        with pytest.raises(IdentifierError, match=why):
            parse_nik(nik, today=TODAY)

    def test_29_february_of_a_leap_year_is_fine(self) -> None:
        assert parse_nik("1671012902000001", today=TODAY).birth_date == date(2000, 2, 29)

    @pytest.mark.parametrize(
        "nik",
        [
            "167101150385000",  # 15 digits
            "16710115038500011",  # 17 digits
            "1671-01-150385-01",
            "167101150385000A",
            " 1671011503850001",
            "1671011503850001\n",
            "١٦٧١٠١١٥٠٣٨٥٠٠٠١",  # Arabic-Indic digits
            "１６７１０１１５０３８５０００１",  # full-width digits
            "",
        ],
        ids=range(9),
    )
    def test_anything_but_16_ascii_digits_is_refused(self, nik: str) -> None:
        with pytest.raises(IdentifierError, match="16 digits"):
            parse_nik(nik, today=TODAY)


class TestKk:
    def test_recording_date_and_region(self) -> None:
        info = parse_kk("1671011503200007", today=TODAY)
        assert info.recorded_on == date(2020, 3, 15)
        assert not info.outside_palembang

    def test_issued_elsewhere_is_flagged(self) -> None:
        assert parse_kk("1601011503200007", today=TODAY).outside_palembang

    @pytest.mark.parametrize(
        ("kk", "why"),
        [
            ("1671015503200007", "not a real date"),  # no +40 on a KK
            ("1671013102200007", "not a real date"),
            ("1671011513200007", "not a real date"),
            ("1671010112260007", "future"),
            ("16710115032000", "16 digits"),
            ("1671011503200007\n", "16 digits"),
        ],
    )
    def test_refused(self, kk: str, why: str) -> None:
        with pytest.raises(IdentifierError, match=why):
            parse_kk(kk, today=TODAY)


class TestNipPns:
    def test_valid(self) -> None:
        info = parse_nip("198503152010011001", "PNS", today=TODAY)
        assert info.birth_date == date(1985, 3, 15)
        assert info.appointed_on == date(2010, 1, 1)
        assert info.sex == "M"

    def test_a_woman(self) -> None:
        assert parse_nip("198503152010122001", "PNS", today=TODAY).sex == "F"

    def test_tmt_month_13_is_refused(self) -> None:
        with pytest.raises(IdentifierError, match="appointment month"):
            parse_nip("198503152010131001", "PNS", today=TODAY)

    def test_a_pppk_number_given_as_pns_gets_the_hint(self) -> None:
        with pytest.raises(IdentifierError, match="set employment_type to PPPK"):
            parse_nip("199001012022212005", "PNS", today=TODAY)

    def test_month_20_is_not_mistaken_for_a_pppk_number(self) -> None:
        # "2" then contract count 0 is no NI PPPK either: the plain month message fits.
        with pytest.raises(IdentifierError, match="appointment month"):
            parse_nip("198503152010201001", "PNS", today=TODAY)

    @pytest.mark.parametrize(
        ("nip", "why"),
        [
            ("198503152010013001", "sex digit"),
            ("198503152010010001", "sex digit"),
            ("198503152010011000", "serial"),
            ("198502302010011001", "birth date is not a real date"),
            ("202701012045011001", "future"),
            ("198503152027011001", "future"),
            ("200001012010011001", "before the holder turned 17"),
            ("19850315201001100", "18 digits"),
            ("19850315201001100A", "18 digits"),
        ],
    )
    def test_refused(self, nip: str, why: str) -> None:
        with pytest.raises(IdentifierError, match=why):
            parse_nip(nip, "PNS", today=TODAY)

    def test_tmt_one_month_before_the_17th_birthday_is_refused(self) -> None:
        # Born 15 December 1990: 17 on 15 December 2007, so a TMT of 1 December 2007 is too early
        # although the years differ by 17.
        with pytest.raises(IdentifierError, match="turned 17"):
            parse_nip("199012152007121001", "PNS", today=TODAY)

    def test_tmt_on_the_17th_birthday_is_fine(self) -> None:
        info = parse_nip("199012012007121001", "PNS", today=TODAY)
        assert info.appointed_on == date(2007, 12, 1)


class TestNiPppk:
    def test_valid(self) -> None:
        info = parse_nip("199001012022212005", "PPPK", today=TODAY)
        assert info.birth_date == date(1990, 1, 1)
        assert info.appointed_on == date(2022, 1, 1)
        assert info.sex == "F"

    def test_part_time_pppk_uses_the_same_format(self) -> None:
        assert parse_nip("199001012024291005", "PPPK_PARUH_WAKTU", today=TODAY).sex == "M"

    @pytest.mark.parametrize(
        ("nip", "why"),
        [
            ("199001012022201005", "contract count 1-9"),
            ("198503152010011001", "contract count 1-9"),  # a PNS NIP given as PPPK
            ("199001012022213005", "sex digit"),
            ("199001012022211000", "serial"),
            ("199001012027211005", "future"),
            ("199001012006211005", "turned 17"),
            ("199001010000211005", "appointment year is not a real date"),
        ],
    )
    def test_refused(self, nip: str, why: str) -> None:
        with pytest.raises(IdentifierError, match=why):
            parse_nip(nip, "PPPK", today=TODAY)
