"""Masking of personal identifiers (NIK, nomor KK, NIP) for callers who may not see them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import GenericFunction


def mask_identifier(value: str | None) -> str | None:
    """`1671012345670001` -> `1671**********01`: region prefix and last two digits stay."""
    if value is None:
        return None
    if len(value) <= 6:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]


class masked_identifier(GenericFunction[str]):  # noqa: N801 (SQL function naming)
    """`mask_identifier` done by the database, so a list page's rows need no Python pass."""

    type = String()
    inherit_cache = True


@compiles(masked_identifier, "postgresql")
def _masked_postgresql(element: masked_identifier, compiler: SQLCompiler, **kw: Any) -> str:
    value = compiler.process(element.clauses, **kw)
    return (
        f"CASE WHEN length({value}) <= 6 THEN repeat('*', length({value})) "
        f"ELSE left({value}, 4) || repeat('*', length({value}) - 6) || right({value}, 2) END"
    )


@compiles(masked_identifier, "sqlite")
def _masked_sqlite(element: masked_identifier, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite has no repeat(): the stars come from a literal long enough for any identifier
    # (NIK and nomor KK are 16 characters, NIP 18; the columns hold at most 32).
    value = compiler.process(element.clauses, **kw)
    stars = "'" + "*" * 32 + "'"
    return (
        f"CASE WHEN length({value}) <= 6 THEN substr({stars}, 1, length({value})) "
        f"ELSE substr({value}, 1, 4) || substr({stars}, 1, length({value}) - 6) "
        f"|| substr({value}, -2) END"
    )
