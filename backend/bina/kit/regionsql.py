"""Region scope in SQL: Kemendagri codes are hierarchical (16.71 > 16.71.13 > 16.71.13.1004)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_


def in_region(column: Any, code: str) -> ColumnElement[bool]:
    """`column` holds `code` itself or a code below it."""
    return or_(column == code, column.startswith(code + ".", autoescape=True))
