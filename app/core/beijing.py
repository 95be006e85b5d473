"""Beijing time (Asia/Shanghai): the one clock every date and time a trainee reads is in.

The server stores UTC; the province, its manual and the receipt count days in Beijing
time. A UTC timestamp cut to its first 10 characters is a day early for anything between
00:00 and 08:00 Beijing time, so every date shown goes through here.

China has kept UTC+8 without summer time since 1991, so a fixed offset is exact and needs
no time-zone database (Windows Pythons have none unless the `tzdata` package is shipped).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def parse_moment(value: str) -> datetime:
    """An API timestamp (ISO 8601; `Z` or an offset; naive means UTC, as the server's)."""
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def in_beijing(value: datetime | str) -> datetime:
    moment = parse_moment(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BEIJING)


def beijing_date(value: date | datetime | str) -> date:
    """The Beijing calendar day of a moment; a plain date (`2026-12-24`) is already one."""
    if isinstance(value, datetime):
        return in_beijing(value).date()
    if isinstance(value, date):
        return value
    text = value.strip()
    if len(text) == 10:  # a date field of the API (opens_on, expires_on): no time to convert
        return date.fromisoformat(text)
    return in_beijing(text).date()


def beijing_today(now: datetime | None = None) -> date:
    """Today in Beijing, whatever time zone the PC is set to."""
    return in_beijing(now if now is not None else datetime.now(UTC)).date()
