"""Presence watch and the identity-check schedule (FACE-5), with an injected clock."""

from __future__ import annotations

import random
from pathlib import Path

import cv2
import numpy as np
import pytest

from app.proctor.detect import FaceEngine
from app.proctor.presence import PresenceWatch
from app.proctor.schedule import IdentitySchedule


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


# RULES: FACE-5
def test_no_face_after_sixty_seconds_and_credit_closes_where_the_face_was_last_seen(
    live_frames: list[np.ndarray], engine: FaceEngine
) -> None:
    clock = FakeClock()
    watch = PresenceWatch(engine=engine, clock=clock)
    face, empty = live_frames[40], np.full_like(live_frames[0], 30)
    events = []
    for second in range(130):
        clock.now = float(second)
        frame = face if second <= 10 else empty
        events.append(watch.feed(frame))
        assert watch.feed(frame) is None  # within the same second: not even looked at
    real = [e for e in events if e is not None]
    assert len(real) == 1  # reported once, not every second
    (event,) = real
    assert event.kind == "no_face" and event.at == 70.0 and event.last_seen_at == 10.0
    assert watch.samples == 130
    clock.now = 131.0
    back = watch.feed(face)
    assert back is not None and back.kind == "face_back" and back.last_seen_at == 131.0


# RULES: FACE-5
def test_two_faces_are_reported(faces_dir: Path, live_frames: list[np.ndarray],
                                engine: FaceEngine) -> None:
    clock = FakeClock()
    watch = PresenceWatch(engine=engine, clock=clock, no_face_after_s=30)
    two = cv2.imread(str(faces_dir / "_multi/two_people.jpg"))
    assert watch.feed(live_frames[0]) is None
    clock.now = 1.0
    assert watch.feed(two) is None  # one sample could be a stray detection
    clock.now = 2.0
    event = watch.feed(two)
    assert event is not None and event.kind == "many_faces" and event.last_seen_at == 0.0
    assert watch.faces_in_view >= 2


# RULES: FACE-5
def test_no_face_is_reported_even_without_frames(engine: FaceEngine) -> None:
    clock = FakeClock()
    watch = PresenceWatch(engine=engine, clock=clock, no_face_after_s=60)
    clock.now = 59.0
    assert watch.check_absence() is None
    clock.now = 60.0
    event = watch.check_absence()
    assert event is not None and event.kind == "no_face" and event.last_seen_at == 0.0


# RULES: FACE-5
def test_identity_checks_come_at_random_moments_within_the_setting() -> None:
    clock = FakeClock()
    schedule = IdentitySchedule(rng=random.Random(7), clock=clock)
    moments = []
    for _ in range(200):
        moments.append(schedule.next_at - clock.now)
        clock.now = schedule.next_at
        assert schedule.due()
        schedule.restart()
        assert not schedule.due()
    assert all(300 <= m <= 900 for m in moments)
    assert max(moments) - min(moments) > 400  # spread, not a fixed period
    again = IdentitySchedule(rng=random.Random(7), clock=FakeClock())
    assert again.next_at == moments[0]  # the injected RNG makes it reproducible
    short = IdentitySchedule(min_s=5, max_s=6, rng=random.Random(1), clock=FakeClock())
    assert 5 <= short.next_at <= 6
    with pytest.raises(ValueError):
        IdentitySchedule(min_s=900, max_s=300)
