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

from collections.abc import Callable, Mapping, Sequence
from enum import Enum
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


# (alias, default, loc) of a parameter FastAPI would read as one plain value.
_Plan = tuple[str, Any, tuple[str, str]]
_IMMUTABLE = (type(None), str, int, float, bool, Enum)


def _is_sequence(annotation: Any) -> bool:
    return bool(getattr(_utils, "field_annotation_is_sequence")(annotation))  # noqa: B009


def _plan(field: Any) -> _Plan | None:
    """How to read `field` without FastAPI's general path, or None when that path is needed:
    a parameter model, JSON, a list, several aliases, a required value, a validated default or
    one that FastAPI would have to deep-copy."""
    info = field.field_info
    if (
        _utils._get_param_model(field) is not None
        or _utils._is_json_field(field)
        or _is_sequence(info.annotation)
        or info.is_required()
        or info.validate_default
        or not isinstance(field.default, _IMMUTABLE)
    ):
        return None
    aliases = _utils._get_param_aliases(field)
    if len(aliases) != 1:
        return None
    alias = aliases[0][1]
    return alias, field.default, (info.in_.value, alias)


def _plain_params(original: Callable[..., Any]) -> Callable[..., Any]:
    """`request_params_to_args` for the usual case — optional scalar parameters with a constant
    default — doing what FastAPI does for each: a value that is absent (or None) takes the
    default as is (FastAPI deep-copies it: the same object for these types), a present one is
    validated by the field exactly as FastAPI validates it. Anything else goes to FastAPI."""
    plans: dict[int, tuple[Sequence[Any], list[_Plan] | None]] = {}

    def request_params_to_args(
        fields: Sequence[Any], received: Mapping[str, Any]
    ) -> tuple[dict[str, Any], list[Any]]:
        if not fields:
            return {}, []
        hit = plans.get(id(fields))
        if hit is None or hit[0] is not fields:
            planned = [_plan(f) for f in fields]
            if len(plans) >= _MAX_ENTRIES:
                plans.clear()
            ready = None if any(p is None for p in planned) else [p for p in planned if p]
            hit = plans[id(fields)] = (fields, ready)
        ready = hit[1]
        if ready is None:
            return original(fields, received)  # type: ignore[no-any-return]
        values: dict[str, Any] = {}
        errors: list[Any] = []
        for field, (alias, default, loc) in zip(fields, ready, strict=True):
            value = received.get(alias)
            if value is None:
                values[field.name] = default
                continue
            validated, problems = field.validate(value, values, loc=loc)
            if problems:
                errors.extend(problems)
            else:
                values[field.name] = validated
        return values, errors

    request_params_to_args.__wrapped__ = original  # type: ignore[attr-defined]
    return request_params_to_args


def install() -> None:
    """Wrap the pure helpers once per process (idempotent)."""
    global _installed
    if _installed:
        return
    for name in (*_PER_FIELD, *_PER_ANNOTATION):
        function = getattr(_utils, name, None)
        if callable(function):
            setattr(_utils, name, _memoised(function))
    needed = (*_PER_FIELD, *_PER_ANNOTATION, "request_params_to_args")
    if all(callable(getattr(_utils, name, None)) for name in needed):
        _utils.request_params_to_args = _plain_params(_utils.request_params_to_args)
    _installed = True
