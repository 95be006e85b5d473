"""The face check run on a fake clock (tests/proctor/test_check*.py)."""

from __future__ import annotations

import numpy as np

from app.proctor.check import FaceCheck

FRAME_S = 1 / 29.97


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def run(check: FaceCheck, clock: FakeClock, frames: list[np.ndarray], step: float = FRAME_S) -> str:
    for frame in frames:
        if check.feed(frame) != "collecting":
            break
        clock.now += step
    return check.state
