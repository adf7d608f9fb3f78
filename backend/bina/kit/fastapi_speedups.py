"""Memoise FastAPI's per-request introspection of parameter declarations.

FastAPI (0.16x) re-derives, on every request and for every declared query/header parameter,
facts that never change after start-up: whether the parameter is a model, whether its
annotation is a sequence, which aliases it answers to. On a list endpoint with a dozen filters
that was about a fifth of the request's CPU time (measured in-process with cProfile, see the
issue note). The functions are pure in the field or annotation object they receive, and those
objects live as long as the app, so their answers are kept per object. Anything this module
does not recognise is left alone: if FastAPI renames the functions, we fall back to its own
code and lose only the speed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.dependencies import utils as _utils

# Beyond this many distinct objects (apps created again and again in tests), start afresh.
_MAX_ENTRIES = 8192
_PER_FIELD = ("_get_param_model", "_is_json_field", "_get_param_aliases")
_PER_ANNOTATION = ("field_annotation_is_sequence",)
_installed = False


def _memoised(function: Callable[..., Any]) -> Callable[..., Any]:
    # Keyed by identity, holding the object itself so that its id cannot be reused meanwhile.
    cache: dict[int, tuple[Any, Any]] = {}

    def wrapper(subject: Any, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:  # e.g. _get_param_aliases(..., convert_underscores=True): rare
            return function(subject, *args, **kwargs)
        hit = cache.get(id(subject))
        if hit is not None and hit[0] is subject:
            return hit[1]
        answer = function(subject)
        if len(cache) >= _MAX_ENTRIES:
            cache.clear()
        cache[id(subject)] = (subject, answer)
        return answer

    wrapper.__wrapped__ = function  # type: ignore[attr-defined]
    return wrapper


def install() -> None:
    """Wrap the pure helpers once per process (idempotent)."""
    global _installed
    if _installed:
        return
    for name in (*_PER_FIELD, *_PER_ANNOTATION):
        function = getattr(_utils, name, None)
        if callable(function):
            setattr(_utils, name, _memoised(function))
    _installed = True
