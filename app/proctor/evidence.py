"""The crops a face check sends (FACE-3, FACE-7): 3 to 12, in time order, across the
liveness gesture, so that the server can see the gesture itself and not take the
client's word for it (API.md, "Face checks").

- A blink: eyes-open crops before it, the most closed crop(s) of it, eyes-open crops
  after it. The crops before may come from an earlier run of the check (the trainee
  looked away, someone passed behind): the server judges identity on every eyes-open
  crop, before and after, so a face swapped in across the blink fails there.
- A turn: the face towards the camera before the turn, then the turn to its furthest
  point and back, all from the run that turned.

While the check collects, `Evidence` keeps candidates: one crop every CANDIDATE_EVERY_S,
and every frame that may be part of a blink (eyes not clearly open), which at 30 fps
lasts 3-4 frames. Candidates are small JPEGs (~20 KB), at most MAX_CANDIDATES; the raw
frames are never kept. Whether eyes are open or closed is decided at selection, against
the whole check's median openness (the first frames have no baseline yet).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

MIN_CROPS, MAX_CROPS = 3, 12  # API.md
CANDIDATE_EVERY_S = 0.25
BLINK_CANDIDATE_EVERY_S = 0.05  # a blink's 3-4 frames at 30 fps: at least one of them
MAX_CANDIDATES = 120
OPEN = 0.85  # both eyes at least this share of their median: open
MAY_BE_CLOSING = 0.90  # below this (either eye): a frame that may belong to a blink
FRONTAL = 0.12  # turned at most this many eye distances: towards the camera
BEFORE, CLOSED, AFTER = 4, 2, 6  # a blink's crops at most, 12 in all


@dataclass(frozen=True)
class Candidate:
    t: float  # the check's clock
    run: int
    openness: tuple[float, float]  # (right, left), app.proctor.liveness.eye_openness
    towards: float | None  # turn the asked way (eye distances); None: not measured
    crop: bytes


def ratios(candidate: Candidate, baseline: tuple[float, float]) -> tuple[float, float]:
    right, left = candidate.openness
    return right / max(baseline[0], 1e-6), left / max(baseline[1], 1e-6)


def eyes_open(candidate: Candidate, baseline: tuple[float, float]) -> bool:
    return min(ratios(candidate, baseline)) >= OPEN


def spaced(items: Sequence[Candidate], count: int) -> list[Candidate]:
    """At most `count` of `items`, evenly spread, the first and last included."""
    if len(items) <= count:
        return list(items)
    if count == 1:
        return [items[-1]]
    step = (len(items) - 1) / (count - 1)
    return [items[round(n * step)] for n in range(count)]


class Evidence:
    """Candidate crops over one check, and the crops chosen from them."""

    def __init__(self) -> None:
        self._candidates: deque[Candidate] = deque(maxlen=MAX_CANDIDATES)
        self._last_t: float | None = None

    def __len__(self) -> int:
        return len(self._candidates)

    def wants(
        self, t: float, openness: tuple[float, float], baseline: tuple[float, float] | None
    ) -> bool:
        """Whether the frame seen at `t` should become a candidate."""
        if self._last_t is None:
            return True
        since = t - self._last_t
        if since >= CANDIDATE_EVERY_S:
            return True
        if baseline is None:  # no baseline yet: any frame may be a blink
            return since >= BLINK_CANDIDATE_EVERY_S
        right, left = openness
        closing = min(right / max(baseline[0], 1e-6), left / max(baseline[1], 1e-6))
        return closing < MAY_BE_CLOSING and since >= BLINK_CANDIDATE_EVERY_S

    def add(self, candidate: Candidate) -> None:
        self._candidates.append(candidate)
        self._last_t = candidate.t

    # ------------------------------------------------------------------ choosing
    def blink_parts(
        self, span: tuple[float, float], baseline: tuple[float, float]
    ) -> tuple[list[Candidate], list[Candidate], list[Candidate]]:
        """(open before, closed, open after) around the blink whose closed stretch is
        `span`; the closed ones are the most closed candidates inside the stretch."""
        since, until = span
        before = [c for c in self._candidates if c.t < since and eyes_open(c, baseline)]
        inside = [c for c in self._candidates if since <= c.t <= until]
        after = [c for c in self._candidates if c.t > until and eyes_open(c, baseline)]
        closed = sorted(inside, key=lambda c: max(ratios(c, baseline)))[:CLOSED]
        return before, sorted(closed, key=lambda c: c.t), after

    def across_blink(
        self, span: tuple[float, float], baseline: tuple[float, float]
    ) -> list[Candidate]:
        """Open, closed, open, in time order; [] while one of the three is missing."""
        before, closed, after = self.blink_parts(span, baseline)
        if not (before and closed and after):
            return []
        return before[-BEFORE:] + closed + spaced(after, AFTER)

    def turn_start(self, run: int, turned_at: float) -> Candidate | None:
        """The run's last candidate towards the camera before the turn."""
        frontal = [
            c for c in self._candidates
            if c.run == run and c.t < turned_at and abs(c.towards or 0.0) <= FRONTAL
        ]  # fmt: skip
        return frontal[-1] if frontal else None

    def across_turn(self, run: int, turned_at: float, turn_ratio: float) -> list[Candidate]:
        """From the face towards the camera through the furthest turn and back, in time
        order, the furthest always included; [] while there is no such pair."""
        start = self.turn_start(run, turned_at)
        if start is None:
            return []
        span = [c for c in self._candidates if c.run == run and c.t >= start.t]
        peak = max(span, key=lambda c: c.towards or 0.0)
        if (peak.towards or 0.0) < turn_ratio:
            return []
        chosen = {id(c): c for c in spaced(span, MAX_CROPS - 1)}
        chosen[id(peak)] = peak
        return sorted(chosen.values(), key=lambda c: c.t)

    def spread(self) -> list[Candidate]:
        """No gesture seen: up to MAX_CROPS candidates spread over the check (evidence
        of a failed check for staff and the server)."""
        return spaced(list(self._candidates), MAX_CROPS)
