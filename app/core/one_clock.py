"""One trainee, one clock (PROG-5): the same wall-clock second is never credited twice,
whether to two lessons or during an exam.

Wall-clock spans are `(start, end)` in seconds since the epoch (server-side they come
from the events' own `started_at`/`ended_at`). A new stretch may overlap the trainee's
credited time by at most `OVERLAP_TRIM_S` (clocks jitter and are stepped by NTP); that
much is trimmed. More is refused `overlapping_time`; any time inside an exam attempt
beyond the same slack is refused `exam_in_progress`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from app.core.intervals import Interval, union
from app.core.rules import REAL_TIME_SLACK

OVERLAP_TRIM_S: Final = 2.0

ClockRefusal = Literal["overlapping_time", "exam_in_progress"]


@dataclass(frozen=True)
class Claim:
    """What a stretch may add: `fresh_s` seconds of wall clock not yet credited, or a
    refusal."""

    fresh_s: float
    refusal: ClockRefusal | None = None


def overlap_seconds(spans: Sequence[Interval], span: Interval) -> float:
    """How much of `span` the (disjoint, sorted) `spans` cover."""
    start, end = span
    return sum(max(0.0, min(end, b) - max(start, a)) for a, b in spans if a < end and b > start)


def claim(credited: Sequence[Interval], exams: Sequence[Interval], span: Interval) -> Claim:
    """Judge one stretch's wall-clock span against the trainee's credited spans and exam
    attempts (both as `union` returns them). A span left with no fresh time is refused:
    it would credit nothing the trainee's clock has not already paid for."""
    start, end = span
    if not start < end:
        return Claim(0.0, "overlapping_time")
    if overlap_seconds(exams, span) > OVERLAP_TRIM_S:
        return Claim(0.0, "exam_in_progress")
    taken = overlap_seconds(union([*credited, *exams]), span)
    fresh = (end - start) - taken
    if taken > OVERLAP_TRIM_S or fresh <= 0.0:
        return Claim(0.0, "overlapping_time")
    return Claim(fresh)


def trim_to_fresh(stretch: Interval, fresh_s: float) -> Interval:
    """The lesson stretch shortened to the fresh wall time (with PROG-5's 5% for players
    that report time in steps, and nothing absolute: many short stretches must not add up
    to more), from its start: the end, where playback goes on from (LEARN-3), stays."""
    start, end = stretch
    return (max(start, end - fresh_s * (1.0 + REAL_TIME_SLACK)), end)
