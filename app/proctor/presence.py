"""Presence watch while a lesson plays (FACE-5): about one frame a second.

It answers three things: is one face in view, since when has none been (the credited
interval closes at `last_seen_at`), and did a second face appear. Only the fast
short-range detector runs here (about 2 ms a frame), never the mesh or the embedding,
so the watch costs well under 1 % of a core at its real rate (bench/bench_proctor.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import cv2

from app.proctor.arrays import Array
from app.proctor.detect import FaceEngine, default_engine

NO_FACE_AFTER_S = 60.0
SAMPLE_EVERY_S = 1.0
# Two samples in a row, i.e. about two seconds, before a second face pauses the lesson:
# one stray detection (a face on a poster, a passer-by) should not stop an older
# trainee's video.
MANY_FACES_SAMPLES = 2

EventKind = Literal["no_face", "many_faces", "face_back"]


@dataclass(frozen=True)
class PresenceEvent:
    kind: EventKind
    at: float
    last_seen_at: float | None  # when one face was last in view (credit ends here)


@dataclass
class PresenceWatch:
    engine: FaceEngine = field(default_factory=default_engine)
    clock: Callable[[], float] = time.monotonic
    sample_every_s: float = SAMPLE_EVERY_S
    no_face_after_s: float = NO_FACE_AFTER_S
    many_faces_samples: int = MANY_FACES_SAMPLES

    faces_in_view: int = field(default=0, init=False)
    samples: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.started_at = self.clock()
        # Counting starts when the watch does: a lesson opens after a passed check.
        self.last_seen_at: float | None = self.started_at
        self._last_sample_at: float | None = None
        self._many_in_a_row = 0
        self._alarm: EventKind | None = None

    def due(self) -> bool:
        """Is it time for the next sample? Frames in between are simply not looked at."""
        return self._last_sample_at is None or (
            self.clock() - self._last_sample_at >= self.sample_every_s
        )

    def feed(self, frame_bgr: Array) -> PresenceEvent | None:
        """Look at the frame if a sample is due; an event when something changed."""
        if not self.due():
            return None
        now = self.clock()
        self._last_sample_at = now
        self.samples += 1
        faces = self.engine.detect(cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2RGB))
        self.faces_in_view = len(faces)
        if len(faces) == 1:
            self.last_seen_at = now
            self._many_in_a_row = 0
            if self._alarm is not None:
                self._alarm = None
                return PresenceEvent("face_back", now, now)
            return None
        if len(faces) > 1:
            self._many_in_a_row += 1
            if self._many_in_a_row >= self.many_faces_samples and self._alarm != "many_faces":
                self._alarm = "many_faces"
                return PresenceEvent("many_faces", now, self.last_seen_at)
            return None
        self._many_in_a_row = 0
        return self.check_absence()

    def check_absence(self) -> PresenceEvent | None:
        """The no-face alarm, also when the camera delivers nothing at all."""
        now = self.clock()
        since = self.last_seen_at if self.last_seen_at is not None else self.started_at
        if self._alarm is None and now - since >= self.no_face_after_s:
            self._alarm = "no_face"
            return PresenceEvent("no_face", now, self.last_seen_at)
        return None
