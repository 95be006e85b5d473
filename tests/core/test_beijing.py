"""Dates are Beijing dates (Asia/Shanghai): a UTC timestamp between 16:00 and 24:00 is
already the next day in Beijing, and the PC's own time zone plays no part."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from app.core.beijing import beijing_date, beijing_today, in_beijing


@pytest.fixture
def pc_in_new_york() -> Iterator[None]:
    """The PC's time zone set far from Beijing, as on a PC bought abroad or set wrong."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.parametrize(
    ("utc", "beijing"),
    [
        ("2026-11-25T16:30:00Z", "2026-11-26 00:30"),  # 00:30 Beijing: the next day
        ("2026-11-25T23:59:00+00:00", "2026-11-26 07:59"),  # 07:59 Beijing
        ("2026-11-26T00:00:00", "2026-11-26 08:00"),  # naive from the server means UTC
        ("2026-11-25T15:59:59Z", "2026-11-25 23:59"),  # still the same day
    ],
)
def test_a_utc_timestamp_is_shown_on_its_beijing_day(pc_in_new_york: None, utc: str,
                                                      beijing: str) -> None:
    assert in_beijing(utc).strftime("%Y-%m-%d %H:%M") == beijing
    assert beijing_date(utc).isoformat() == beijing[:10]


def test_a_date_field_stays_the_day_it_names(pc_in_new_york: None) -> None:
    assert beijing_date("2026-12-24") == date(2026, 12, 24)
    assert beijing_date(date(2026, 12, 24)) == date(2026, 12, 24)


def test_today_is_beijing_today_at_00_30_and_07_59(pc_in_new_york: None) -> None:
    assert beijing_today(datetime(2026, 11, 25, 16, 30, tzinfo=UTC)) == date(2026, 11, 26)
    assert beijing_today(datetime(2026, 11, 25, 23, 59, tzinfo=UTC)) == date(2026, 11, 26)
    assert beijing_today(datetime(2026, 11, 25, 15, 59, tzinfo=UTC)) == date(2026, 11, 25)
