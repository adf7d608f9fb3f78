"""Local calendar dates (due dates, "today", a period's days) against UTC timestamps; the city's
offset comes from settings (WIB, UTC+7, in Palembang; Indonesia keeps no daylight saving)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from bina.config import get_settings


def local_zone() -> timezone:
    return timezone(timedelta(hours=get_settings().local_utc_offset_hours))


def local_today() -> date:
    return datetime.now(local_zone()).date()


def local_date(moment: datetime) -> date:
    return moment.astimezone(local_zone()).date()


def day_start_utc(day: date) -> datetime:
    """The first instant of the local `day`, in UTC."""
    return datetime.combine(day, time(), local_zone()).astimezone(UTC)
