"""List rows rendered to JSON by PostgreSQL, written as the API's schemas would write them.

On a 50-row page, turning driver rows into dicts, masking identifiers and serialising them cost
the API process about as much as everything else in the request (bench/asgi_cpu.py: ~55,000
instructions per row). PostgreSQL builds each row's JSON in C on its own core; Python only
wraps the text in `orjson.Fragment`. SQLite keeps the Python path (`json_rows(dialect)` says
which), and tests hold the two answers equal to the pydantic schema's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import JSON, Text, case, cast, func, literal_column
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Select

from bina.kit import driversql
from bina.kit.driversql import AnySelect
from bina.kit.pagination import PageParams, SortKey, cursor_after, next_cursor, parse_sort

_SECONDS: ColumnElement[str] = literal_column("""'YYYY-MM-DD"T"HH24:MI:SS"Z"'""")
_MICROSECONDS: ColumnElement[str] = literal_column("""'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'""")
_UTC: ColumnElement[str] = literal_column("'UTC'")
_SECOND: ColumnElement[str] = literal_column("'second'")


def json_rows(dialect: Dialect) -> bool:
    """Whether list rows come from the database as JSON text."""
    return dialect.name == "postgresql"


def rfc3339(column: ColumnElement[Any] | QueryableAttribute[Any]) -> ColumnElement[str]:
    """A timestamptz as pydantic and orjson write it: UTC, `Z`, microseconds only when not 0."""
    utc = func.timezone(_UTC, column)
    return case(
        (func.date_trunc(_SECOND, column) == column, func.to_char(utc, _SECONDS)),
        else_=func.to_char(utc, _MICROSECONDS),
    )


def row_json(fields: Select[Any]) -> ColumnElement[str]:
    """The one-row `fields` (correlated to the outer query) as compact JSON text, keys in order.

    `row_to_json` of a LATERAL row writes `{"a":1}` with no spaces (json_build_object adds some)
    and keeps the column order. Select the outer table with `select_from()` first: the LATERAL
    row must come after the table it refers to."""
    row = fields.lateral("doc")
    # As text: SQLAlchemy's asyncpg dialect would decode `json` into dicts for us to re-encode.
    return cast(func.row_to_json(row.table_valued()), Text)


def row_json_value(fields: Select[Any], name: str = "doc") -> ColumnElement[Any]:
    """`row_json` as a `json` value, to nest in another row or aggregate with `array_to_json`
    (which writes `[{..},{..}]` with no spaces, unlike json_agg); `name` the LATERAL row's, so
    one statement can nest several."""
    return func.row_to_json(fields.lateral(name).table_valued())


def float_json(column: ColumnElement[Any] | QueryableAttribute[Any]) -> ColumnElement[Any]:
    """A float8 as a `json` number written as orjson and pydantic write it: PostgreSQL writes a
    whole value as `0`, they write `0.0`. (Below 1e15, where PostgreSQL turns to exponents.)"""
    whole = (column == func.trunc(column)) & (func.abs(column) < literal_column("1e15"))
    return case(
        (whole, cast(func.concat(cast(column, Text), literal_column("'.0'")), JSON)),
        else_=func.to_json(column),
    )


@functools.lru_cache(maxsize=1024)
def _literal_limit(stmt: AnySelect, rows: int) -> AnySelect:
    """`stmt` with its LIMIT written into the SQL. With the page size as a parameter, PostgreSQL
    estimates a generic plan for 10% of the table and so plans every execution of the prepared
    statement afresh (~0.11 ms, a quarter of a 50-row page); with it written, a statement with
    no other parameter is planned once per connection, and one with filters when PostgreSQL
    judges the generic plan as good. One statement per shape and page size (clients use few)."""
    return stmt.limit(literal_column(str(int(rows))))


async def keyset_rows(
    session: AsyncSession,
    statement: Callable[[bool], AnySelect],
    params: dict[str, Any],
    *,
    page: PageParams,
    sort: str,
    keys: dict[str, SortKey],
    fields: Sequence[str] | None,
) -> tuple[Sequence[Any], str | None]:
    """One keyset page of a list statement built once per shape (see
    `bina.kit.pagination.keyset_statement`), run on the driver, and the next page's cursor.

    `statement(after)` gives the statement, continuing after a cursor or not; `params` its values
    (the page's are added here). Its rows are JSON rows (text, sort value, id) when `fields` is
    None, else plain rows of `fields`, the id first."""
    key, _ = parse_sort(sort, keys)
    after = cursor_after(page, key=key, sort_name=sort)
    if after is not None:
        params["after_key"], params["after_id"] = after
    stmt = _literal_limit(statement(after is not None), page.limit + 1)
    rows = await driversql.fetch_all(session, stmt, params)
    if fields is None:
        return next_cursor(rows, params=page, sort_name=sort, key_of=lambda r: r[1:])
    index = fields.index(key.name)
    return next_cursor(rows, params=page, sort_name=sort, key_of=lambda r: (r[index], r[0]))
