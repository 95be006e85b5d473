"""The client stamps what it records with the server's time (PROG-5, EXAM-2): a PC
clock that is off neither loses honest study nor gains any."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from app.core import clock


@pytest.fixture(autouse=True)
def restore_offset() -> Iterator[None]:
    before = clock.server_offset_s()
    yield
    clock.set_server_offset(before)


def test_server_now_is_the_pc_clock_plus_the_measured_offset() -> None:
    # RULES: PROG-5
    clock.set_server_offset(0.0)
    assert abs(clock.server_now() - datetime.now(UTC)) < timedelta(seconds=1)
    clock.set_server_offset(-600.0)  # this PC runs ten minutes fast
    assert abs(clock.server_now() - (datetime.now(UTC) - timedelta(minutes=10))) < timedelta(
        seconds=1
    )
    assert clock.server_offset_s() == -600.0


def test_progress_and_checks_are_stamped_with_the_servers_time() -> None:
    # RULES: PROG-5, FACE-5: the tracker's default clock is the server's time
    from app.player.tracker import utc_now

    clock.set_server_offset(3600.0)  # this PC runs an hour slow
    assert abs(utc_now() - (datetime.now(UTC) + timedelta(hours=1))) < timedelta(seconds=1)
