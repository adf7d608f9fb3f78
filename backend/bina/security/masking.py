"""Masking of personal identifiers (NIK, nomor KK, NIP) for callers who may not see them."""

from __future__ import annotations


def mask_identifier(value: str | None) -> str | None:
    """`1671012345670001` -> `1671**********01`: region prefix and last two digits stay."""
    if value is None:
        return None
    if len(value) <= 6:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]
