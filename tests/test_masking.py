"""Personal identifiers shown to callers who may not see them: the region prefix and the last two
digits stay, the birth date and serial in between never show."""

from __future__ import annotations

import pytest

from bina.security.masking import mask_identifier


class TestMaskIdentifier:
    def test_nik_keeps_region_and_last_two(self) -> None:
        assert mask_identifier("1671015503850002") == "1671**********02"

    def test_nip_keeps_first_four_and_last_two(self) -> None:
        assert mask_identifier("198503152010011001") == "1985************01"

    @pytest.mark.parametrize("value", ["1671015503850002", "3201011503850001", "1671011503200007"])
    def test_the_birth_date_never_shows(self, value: str) -> None:
        masked = mask_identifier(value)
        assert masked is not None
        assert len(masked) == len(value)
        assert value[6:12] not in masked
        assert masked[4:-2] == "*" * (len(value) - 6)

    @pytest.mark.parametrize("value", ["", "1", "123456"])
    def test_short_values_are_fully_hidden(self, value: str) -> None:
        assert mask_identifier(value) == "*" * len(value)

    def test_none_stays_none(self) -> None:
        assert mask_identifier(None) is None
