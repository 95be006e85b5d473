"""The server's time, as the client best knows it: the PC's clock plus the offset
measured against `GET /time` at login.

Every time the client records for the server (progress stretches, face checks,
incidents) is stamped with `server_now()`, so a PC whose clock is wrong (a flat CMOS
battery, a wrong time zone, a clock moved on purpose) neither loses honest study to
PROG-5's `bad_interval` nor gains any: the server compares those times with its own.
Until an offset is measured (offline from the start) it is the PC's clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

_offset = timedelta(0)


def set_server_offset(seconds: float) -> None:
    """Server clock minus the PC's, in seconds (ApiClient.measure_clock_offset)."""
    global _offset
    _offset = timedelta(seconds=seconds)


def server_offset_s() -> float:
    return _offset.total_seconds()


def server_now() -> datetime:
    return datetime.now(UTC) + _offset
