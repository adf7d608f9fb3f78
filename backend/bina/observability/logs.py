"""Log lines as JSON (one object per line, for log collectors) or plain text (a developer's
terminal), the same for `bina serve` (uvicorn's own loggers included) and `bina worker`.

Structured fields travel in `extra={"fields": {...}}`; a line logged while a request is served
carries its request id. Nothing here adds personal data: callers log ids, never names, NIKs or
query strings."""

from __future__ import annotations

import logging
import logging.config
from datetime import UTC, datetime
from typing import Any

import orjson

from bina.config import Settings
from bina.kit.context import request_id


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields: dict[str, Any] = dict(getattr(record, "fields", None) or {})
    rid = request_id.get()
    if rid is not None:
        fields.setdefault("request_id", rid)
    return fields


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        # default=str: a stray UUID or datetime in the fields must not lose the line.
        return orjson.dumps(line, default=str).decode()


class PlainFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        pairs = " ".join(f"{key}={value}" for key, value in _fields(record).items())
        return f"{super().formatMessage(record)} {pairs}".rstrip()


def logging_config(settings: Settings) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the whole process; uvicorn takes it as `log_config`, so
    its workers log the same way."""
    formatter = JsonFormatter if settings.json_logs else PlainFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"bina": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "bina",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": "INFO"},
    }


def configure_logging(settings: Settings) -> None:
    logging.config.dictConfig(logging_config(settings))
