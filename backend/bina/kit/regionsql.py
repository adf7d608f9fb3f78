"""Region scope in SQL: Kemendagri codes are hierarchical (16.71 > 16.71.13 > 16.71.13.1004)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_


def in_region(column: Any, codes: str | tuple[str, ...]) -> ColumnElement[bool]:
    """`column` holds one of `codes` itself or a code below it."""
    if isinstance(codes, str):
        codes = (codes,)
    return or_(
        *(or_(column == code, column.startswith(code + ".", autoescape=True)) for code in codes)
    )
