"""Credited-time arithmetic (LEARN-2, LEARN-3, LEARN-5).

A lesson's credited time is a union of intervals of lesson seconds: watching the same
minute twice counts once. An interval is `(start, end)` with `start < end`; anything
else (empty, inverted, NaN) carries no time and is dropped rather than refused, because
a zero-length stretch is a normal outcome of pausing at once.
"""

import math
from collections.abc import Iterable, Sequence
from typing import Final, TypeAlias

Interval: TypeAlias = tuple[float, float]

# LEARN-2: a lesson is complete when at most this much of it is uncredited. The slack
# absorbs the last frame and player rounding, which no trainee can watch "more of".
COMPLETE_TOLERANCE_S: Final = 2.0

# Float sums such as 0.1 + 0.2 land just under an exact percentage; this nudge keeps
# 29.000000000000004% and 28.999999999999996% both at 29.
_PERCENT_EPSILON: Final = 1e-9


def _has_length(interval: Interval) -> bool:
    start, end = interval
    return start < end  # False for NaN too


def union(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint intervals covering the same time; touching ones are merged."""
    merged: list[Interval] = []
    for start, end in sorted(
        (float(start), float(end)) for start, end in intervals if _has_length((start, end))
    ):
        if merged and start <= merged[-1][1]:
            last_start, last_end = merged[-1]
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def add(credited: Sequence[Interval], new: Interval) -> list[Interval]:
    """The union of what was credited and one new stretch."""
    return union([*credited, new])


def covered_seconds(intervals: Iterable[Interval]) -> float:
    """Seconds covered at least once (the length of the union)."""
    return sum(end - start for start, end in union(intervals))


def clip(interval: Interval, duration: float) -> Interval | None:
    """The part of `interval` inside the lesson `[0, duration]`, or None when none is."""
    clipped = (max(float(interval[0]), 0.0), min(float(interval[1]), float(duration)))
    return clipped if _has_length(clipped) else None


def frontier(intervals: Iterable[Interval]) -> float:
    """The furthest point credited so far (LEARN-3: no seeking past it); 0.0 when none."""
    return max((float(end) for start, end in intervals if _has_length((start, end))), default=0.0)


def seek_limit(intervals: Iterable[Interval], duration: float) -> float:
    """How far the trainee may go (LEARN-3): the frontier, or the whole lesson once it is
    complete (LEARN-2's tolerance counts it as watched; the player then allows any point)."""
    kept = list(intervals)
    return float(duration) if is_complete(kept, duration) else frontier(kept)


def uncovered(intervals: Iterable[Interval], duration: float) -> list[Interval]:
    """The gaps of `[0, duration]` that no interval covers, in order."""
    gaps: list[Interval] = []
    cursor = 0.0
    for start, end in union(intervals):
        if start >= duration:
            break
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < duration:
        gaps.append((cursor, float(duration)))
    return gaps


# A gap shorter than this between two credited stretches is the seam between two events
# (a player tick is 0.1-0.25 s), not time still to watch: resuming there replays for nothing.
RESUME_GAP_S: Final = 0.5


def first_gap(intervals: Iterable[Interval], duration: float, before: float) -> float | None:
    """The start of the first uncredited stretch (at least RESUME_GAP_S long) that begins
    before `before`: where a make-up should reopen (a lesson paused at 40% with 10-20%
    missing reopens at 10%). None when everything up to `before` is credited."""
    for start, end in uncovered(intervals, duration):
        if start >= before:
            return None
        if end - start >= RESUME_GAP_S:
            return start
    return None


def is_complete(
    intervals: Iterable[Interval], duration: float, tolerance_s: float = COMPLETE_TOLERANCE_S
) -> bool:
    """LEARN-2: complete when at most `tolerance_s` of `[0, duration]` is uncredited."""
    missing = sum(end - start for start, end in uncovered(intervals, duration))
    return missing <= tolerance_s


def percent(credited_s: float, total_s: float, *, complete: bool | None = None) -> int:
    """Progress as a whole percent, 0-100, rounded down; 0 when there is nothing to watch.

    Rounding down means the bar never shows 100 while time is missing, but it also means
    a lesson that is complete within the 2 s tolerance (LEARN-2) computes to 99. Whether
    it is complete is the caller's decision (`is_complete`), passed as `complete`:
    True shows 100, False caps at 99, None (unknown) gives the plain floor.
    """
    if complete:
        return 100
    if total_s <= 0 or math.isnan(total_s) or math.isnan(credited_s):
        return 0
    share = math.floor(100.0 * credited_s / total_s + _PERCENT_EPSILON)
    share = min(max(share, 0), 100)
    return min(share, 99) if complete is False else share


def new_credit(credited: Iterable[Interval], new: Interval) -> float:
    """Seconds that `new` adds to the union of `credited` (0.0 when it adds nothing).

    Computed from the gaps `new` fills rather than as a difference of two totals, so no
    rounding from the unrelated parts of a long history leaks into the answer.
    """
    if not _has_length(new):
        return 0.0
    new_start, new_end = float(new[0]), float(new[1])
    added = 0.0
    cursor = new_start
    for start, end in union(credited):
        if end <= cursor:
            continue
        if start >= new_end:
            break
        if start > cursor:
            added += start - cursor
        cursor = max(cursor, end)
        if cursor >= new_end:
            return added
    return added + max(new_end - cursor, 0.0)
