"""The fast reading of query and header parameters gives exactly what FastAPI's own code gives:
the same values (defaults included) and the same errors, for every kind of parameter, present,
absent, empty or invalid — and whatever it does not handle goes to FastAPI's code."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

import pytest
from fastapi import FastAPI, Header, Query
from fastapi.dependencies import utils
from fastapi.routing import APIRoute
from starlette.datastructures import Headers, QueryParams

from bina.kit import fastapi_speedups


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


def _dependant() -> Any:
    app = FastAPI()

    @app.get("/things")
    async def things(
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        q: Annotated[str | None, Query(min_length=2, max_length=5)] = None,
        colour: Colour | None = None,
        sort: Literal["name", "-name"] = "-name",
        flag: bool | None = None,
        score: float = 0.5,
        x_trace: Annotated[str | None, Header()] = None,
    ) -> None:
        return None

    route = next(r for r in app.routes if isinstance(r, APIRoute))
    return route.dependant


QUERIES = [
    "",
    "limit=10&q=abc&colour=red&sort=name&flag=true&score=2",
    "limit=0",
    "limit=201",
    "limit=ten",
    "q=a",
    "q=abcdef",
    "q=",
    "colour=green",
    "sort=age",
    "flag=maybe",
    "flag=0",
    "score=NaN",
    "limit=5&limit=7",
    "unknown=1",
]


@pytest.mark.parametrize("query", QUERIES)
def test_query_parameters_read_as_fastapi_reads_them(query: str) -> None:
    fastapi_speedups.install()
    dependant = _dependant()
    fast = utils.request_params_to_args
    assert fast is not getattr(fast, "__wrapped__", fast), "the fast path is installed"
    received = QueryParams(query)
    # repr: NaN equals nothing, not even itself
    assert repr(fast(dependant.query_params, received)) == repr(
        fast.__wrapped__(dependant.query_params, received)
    )


@pytest.mark.parametrize("headers", [{}, {"x-trace": "abc"}, {"X-Trace": ""}])
def test_header_parameters_read_as_fastapi_reads_them(headers: dict[str, str]) -> None:
    fastapi_speedups.install()
    dependant = _dependant()
    fast = utils.request_params_to_args
    received = Headers(headers=headers)
    assert fast(dependant.header_params, received) == fast.__wrapped__(
        dependant.header_params, received
    )


def test_required_and_list_parameters_go_to_fastapis_own_code() -> None:
    fastapi_speedups.install()
    app = FastAPI()

    @app.get("/needs")
    async def needs(code: str, tags: Annotated[list[str] | None, Query()] = None) -> None:
        return None

    dependant = next(r for r in app.routes if isinstance(r, APIRoute)).dependant
    fast = utils.request_params_to_args
    for query in ("", "code=a", "code=a&tags=x&tags=y"):
        received = QueryParams(query)
        answer = fast(dependant.query_params, received)
        assert answer == fast.__wrapped__(dependant.query_params, received)
    values, errors = fast(dependant.query_params, QueryParams("code=a&tags=x&tags=y"))
    assert values == {"code": "a", "tags": ["x", "y"]}
    assert errors == []
    values, errors = fast(dependant.query_params, QueryParams(""))
    assert [e["loc"] for e in errors] == [("query", "code")]
