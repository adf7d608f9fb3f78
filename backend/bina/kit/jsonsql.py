"""List rows rendered to JSON by PostgreSQL, written as the API's schemas would write them.

On a 50-row page, turning driver rows into dicts, masking identifiers and serialising them cost
the API process about as much as everything else in the request (bench/asgi_cpu.py: ~55,000
instructions per row). PostgreSQL builds each row's JSON in C on its own core; Python only
wraps the text in `orjson.Fragment`. SQLite keeps the Python path (`json_rows(dialect)` says
which), and tests hold the two answers equal to the pydantic schema's.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Text, case, cast, func, literal_column
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Select

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
