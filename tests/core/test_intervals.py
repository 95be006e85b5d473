"""Credited-interval arithmetic: examples and hypothesis properties."""

import itertools
import math
import random

from hypothesis import given
from hypothesis import strategies as st

from app.core.intervals import (
    COMPLETE_TOLERANCE_S,
    Interval,
    add,
    clip,
    covered_seconds,
    first_gap,
    frontier,
    is_complete,
    new_credit,
    percent,
    seek_limit,
    uncovered,
    union,
)

seconds = st.floats(min_value=0.0, max_value=10_000.0, allow_nan=False)
intervals = st.tuples(seconds, seconds)  # inverted and empty ones included on purpose
interval_lists = st.lists(intervals, max_size=30)
proper_intervals = st.tuples(seconds, seconds).filter(lambda pair: pair[0] < pair[1])
durations = st.floats(min_value=0.0, max_value=12_000.0, allow_nan=False)

TOLERANCE = 1e-6


def close(left: float, right: float) -> bool:
    return math.isclose(left, right, rel_tol=1e-9, abs_tol=TOLERANCE)


# ---------------------------------------------------------------- examples


def test_watching_the_same_minute_twice_counts_once() -> None:
    # RULES: LEARN-2
    credited = add([(0.0, 60.0)], (0.0, 60.0))
    assert credited == [(0.0, 60.0)]
    assert covered_seconds(credited) == 60.0
    assert new_credit([(0.0, 60.0)], (30.0, 90.0)) == 30.0


def test_touching_and_overlapping_intervals_merge_empty_ones_vanish() -> None:
    # RULES: LEARN-2
    assert union([(10, 20), (0, 10), (15, 30), (40, 40), (50, 45), (60, 70)]) == [
        (0.0, 30.0),
        (60.0, 70.0),
    ]
    assert union([(math.nan, 5.0)]) == []


def test_clip_keeps_the_part_inside_the_lesson() -> None:
    # RULES: LEARN-2 (time outside the video is never credited)
    assert clip((-5.0, 10.0), 100.0) == (0.0, 10.0)
    assert clip((90.0, 130.0), 100.0) == (90.0, 100.0)
    assert clip((100.0, 130.0), 100.0) is None
    assert clip((20.0, 10.0), 100.0) is None


def test_frontier_is_the_furthest_point_credited() -> None:
    # RULES: LEARN-3 (no seeking past it)
    assert frontier([]) == 0.0
    assert frontier([(0.0, 30.0), (50.0, 80.0), (90.0, 90.0)]) == 80.0


def test_uncovered_lists_the_gaps() -> None:
    # RULES: LEARN-2
    assert uncovered([(10.0, 20.0), (30.0, 120.0)], 100.0) == [(0.0, 10.0), (20.0, 30.0)]
    assert uncovered([], 50.0) == [(0.0, 50.0)]
    assert uncovered([(0.0, 50.0)], 50.0) == []


def test_complete_allows_at_most_two_uncredited_seconds() -> None:
    # RULES: LEARN-2
    assert COMPLETE_TOLERANCE_S == 2.0
    assert is_complete([(0.0, 98.0)], 100.0)
    assert is_complete([(1.0, 50.0), (51.0, 100.0)], 100.0)
    assert not is_complete([(0.0, 97.9)], 100.0)
    assert not is_complete([(0.0, 50.0), (52.5, 100.0)], 100.0)
    assert is_complete([], 0.0)


def test_percent_rounds_down_and_leaves_100_to_completeness() -> None:
    # RULES: LEARN-5
    assert percent(0.0, 0.0) == 0
    assert percent(50.0, 0.0) == 0
    assert percent(99.9, 100.0) == 99
    assert percent(29.0, 100.0) == 29
    assert percent(0.1 + 0.2, 1.0) == 30  # 30.000000000000004 is not 31, 29.99... not 29
    assert percent(0.7, 1.0) == 70  # 70.0 exactly, 0.7*100 = 70.00000000000001
    assert percent(150.0, 100.0) == 100
    assert percent(-5.0, 100.0) == 0
    assert percent(98.5, 100.0, complete=True) == 100
    assert percent(100.0, 100.0, complete=False) == 99
    assert percent(40.0, 100.0, complete=False) == 40


# ---------------------------------------------------------------- properties


def total_length(items: list[Interval]) -> float:
    return sum(end - start for start, end in items if start < end)


@given(interval_lists)
def test_union_is_idempotent_sorted_and_disjoint(items: list[Interval]) -> None:
    # RULES: LEARN-2
    merged = union(items)
    assert union(merged) == merged
    for (_, left_end), (right_start, _) in itertools.pairwise(merged):
        assert left_end < right_start
    assert all(start < end for start, end in merged)


@given(interval_lists, st.randoms())
def test_union_does_not_depend_on_order(items: list[Interval], rng: random.Random) -> None:
    # RULES: LEARN-2
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert union(shuffled) == union(items)


@given(interval_lists)
def test_covered_between_longest_and_sum_of_lengths(items: list[Interval]) -> None:
    # RULES: LEARN-2 (overlaps count once)
    covered = covered_seconds(items)
    longest = max((end - start for start, end in items if start < end), default=0.0)
    assert covered <= total_length(items) + TOLERANCE
    assert covered >= longest - TOLERANCE


@given(interval_lists, intervals)
def test_adding_never_loses_credit_and_new_credit_is_the_gain(
    items: list[Interval], new: Interval
) -> None:
    # RULES: LEARN-2, LEARN-3
    before = union(items)
    after = add(before, new)
    assert covered_seconds(after) >= covered_seconds(before) - TOLERANCE
    assert close(new_credit(before, new), covered_seconds(after) - covered_seconds(before))
    assert close(new_credit(items, new), new_credit(before, new))
    assert frontier(after) >= frontier(before)
    assert new_credit(after, new) == 0.0


@given(interval_lists, durations)
def test_uncovered_and_covered_make_up_the_lesson(items: list[Interval], duration: float) -> None:
    # RULES: LEARN-2
    inside = [part for part in (clip(item, duration) for item in items) if part is not None]
    gaps = uncovered(items, duration)
    assert close(total_length(gaps) + covered_seconds(inside), duration)
    assert union(gaps + inside) == ([(0.0, duration)] if duration > 0 else [])
    assert is_complete(items, duration) == (total_length(gaps) <= COMPLETE_TOLERANCE_S)


@given(seconds, st.floats(min_value=0.001, max_value=10_000.0, allow_nan=False))
def test_percent_stays_in_range_and_follows_credit(credited: float, total: float) -> None:
    # RULES: LEARN-5
    value = percent(credited, total)
    assert 0 <= value <= 100
    if credited >= total:
        assert value == 100
    if value == 100:
        assert credited >= total * (1 - 1e-10)
    assert percent(credited, total, complete=False) <= 99


def test_the_seek_limit_is_the_frontier_until_the_lesson_is_complete() -> None:
    # RULES: LEARN-2, LEARN-3
    assert seek_limit([], 100.0) == 0.0
    assert seek_limit([(0.0, 40.0), (50.0, 60.0)], 100.0) == 60.0
    # 1.5 s short of the end is complete (2 s tolerance): the whole lesson is open.
    assert seek_limit([(0.0, 98.5)], 100.0) == 100.0
    assert seek_limit([(0.0, 97.5)], 100.0) == 97.5


def test_a_make_up_reopens_at_the_first_gap() -> None:
    # RULES: LEARN-3 (issue 15: resume at the first uncredited second, not at 0 or the end)
    paused_at_40 = [(0.0, 10.0), (20.0, 40.0)]
    assert first_gap(paused_at_40, 100.0, before=40.0) == 10.0
    assert first_gap([(0.0, 40.0)], 100.0, before=40.0) is None  # nothing missing before
    assert first_gap([(5.0, 40.0)], 100.0, before=40.0) == 0.0
    # A seam under half a second between two events is not a gap to go back to.
    assert first_gap([(0.0, 10.0), (10.4, 40.0)], 100.0, before=40.0) is None
    assert first_gap([], 100.0, before=0.0) is None
