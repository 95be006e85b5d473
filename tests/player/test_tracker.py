"""The tracker without a display: a fake clock and synthetic ticks."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.core import intervals
from app.player.tracker import CloseReason, ProgressEvent, ProgressTracker

TICK_S = 0.25


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def events() -> list[ProgressEvent]:
    return []


@pytest.fixture
def tracker(clock: FakeClock, events: list[ProgressEvent]) -> ProgressTracker:
    return ProgressTracker(
        session_id="s-1",
        lesson_id=101,
        duration_s=60.0,
        emit=events.append,
        clock=clock,
        face_check_id="fc-1",
    )


def play(tracker: ProgressTracker, clock: FakeClock, start: float, seconds: float) -> float:
    """Tick through `seconds` of 1x playback from `start`; returns the final position."""
    position = start
    tracker.tick(position, playing=True)
    for _ in range(round(seconds / TICK_S)):
        clock.advance(TICK_S)
        position += TICK_S
        tracker.tick(position, playing=True)
    return position


def spans(events: list[ProgressEvent]) -> list[tuple[float, float]]:
    return [(round(event.from_s, 3), round(event.to_s, 3)) for event in events]


def test_an_event_every_5_seconds_of_play_and_one_at_the_pause(tracker, clock, events):
    # RULES: LEARN-2
    position = play(tracker, clock, 0.0, 12.0)
    assert spans(events) == [(0.0, 5.0), (5.0, 10.0)]
    assert [event.closed_by for event in events] == [CloseReason.CHUNK, CloseReason.CHUNK]
    tracker.tick(position, playing=False)
    assert spans(events)[-1] == (10.0, 12.0)
    assert events[-1].closed_by == CloseReason.PAUSE
    assert tracker.intervals == [(0.0, 12.0)]
    # The chunks join without a gap in time either.
    assert events[0].ended_at == events[1].started_at


def test_the_wall_clock_of_each_event_matches_what_played(tracker, clock, events):
    # RULES: PROG-5
    play(tracker, clock, 0.0, 7.0)
    tracker.interrupt(CloseReason.PAUSE)
    for event in events:
        wall = (event.ended_at - event.started_at).total_seconds()
        assert wall == pytest.approx(event.to_s - event.from_s)


def test_a_seek_closes_the_stretch_and_nothing_is_credited_across_it(tracker, clock, events):
    # RULES: LEARN-3
    position = play(tracker, clock, 0.0, 3.0)
    tracker.seeked(1.0, from_s=position)
    assert spans(events) == [(0.0, 3.0)]
    assert events[0].closed_by == CloseReason.SEEK
    position = play(tracker, clock, 1.0, 1.0)
    tracker.tick(position, playing=False)
    assert spans(events) == [(0.0, 3.0), (1.0, 2.0)]
    assert tracker.credited_s == pytest.approx(3.0)  # the same seconds count once


def test_a_jump_forward_breaks_the_stretch(tracker, clock, events):
    # RULES: LEARN-3
    play(tracker, clock, 0.0, 2.0)
    clock.advance(TICK_S)
    tracker.tick(30.0, playing=True)  # somebody seeked behind the player's back
    assert spans(events) == [(0.0, 2.0)]
    assert events[0].closed_by == CloseReason.JUMP
    position = play(tracker, clock, 30.0, 1.0)
    tracker.tick(position, playing=False)
    assert tracker.intervals == [(0.0, 2.0), (30.0, 31.0)]


def test_a_stall_is_not_credited_as_watching(tracker, clock, events):
    position = play(tracker, clock, 0.0, 2.0)
    stall_started = clock.now
    for _ in range(16):  # 4 s of buffering: the position stands still
        clock.advance(TICK_S)
        tracker.tick(position, playing=True)
    assert spans(events) == [(0.0, 2.0)]
    assert events[0].closed_by == CloseReason.STALL
    assert events[0].ended_at == stall_started  # the stall's wall time is not in it
    stall_ended = clock.now
    position = play(tracker, clock, position, 2.0)
    tracker.tick(position, playing=False)
    assert spans(events)[-1] == (2.0, 4.0)
    assert events[-1].started_at >= stall_ended - timedelta(seconds=TICK_S)
    assert tracker.intervals == [(0.0, 4.0)]


def test_media_running_faster_than_the_wall_clock_is_not_credited(tracker, clock, events):
    # RULES: LEARN-2, PROG-5 (a player that plays at 2x but claims 1x)
    position = 0.0
    tracker.tick(position, playing=True)
    for _ in range(40):  # 10 s of wall clock, 20 s of media
        clock.advance(TICK_S)
        position += 2 * TICK_S
        tracker.tick(position, playing=True, rate=1.0)
    tracker.tick(position, playing=False)
    wall = 10.0
    assert tracker.credited_s <= wall * 1.05
    for event in events:
        event_wall = (event.ended_at - event.started_at).total_seconds()
        assert event.to_s - event.from_s <= event_wall * 1.05 + 1e-9


def test_another_speed_closes_the_stretch_and_is_not_credited(tracker, clock, events):
    # RULES: LEARN-2
    position = play(tracker, clock, 0.0, 2.0)
    for _ in range(8):
        clock.advance(TICK_S)
        position += 2 * TICK_S
        tracker.tick(position, playing=True, rate=2.0)
    assert spans(events) == [(0.0, 2.0)]
    assert events[0].closed_by == CloseReason.RATE
    position = play(tracker, clock, position, 1.0)  # back at 1x
    tracker.tick(position, playing=False)
    assert tracker.intervals == [(0.0, 2.0), (6.0, 7.0)]


def test_the_end_extends_the_last_stretch_to_the_duration(clock, events):
    # RULES: LEARN-2 (Ended counts as reaching the duration)
    tracker = ProgressTracker(
        session_id="s", lesson_id=7, duration_s=8.0, emit=events.append, clock=clock
    )
    position = play(tracker, clock, 5.0, 2.5)  # the player last said 7.5
    clock.advance(0.5)
    tracker.end_of_media()
    assert spans(events)[-1] == (5.0, 8.0)
    assert events[-1].closed_by == CloseReason.END
    assert intervals.is_complete(tracker.intervals, 8.0) is False  # 0-5 was never played
    assert position == 7.5


def test_the_end_is_not_stretched_from_far_away(clock, events):
    tracker = ProgressTracker(
        session_id="s", lesson_id=7, duration_s=8.0, emit=events.append, clock=clock
    )
    play(tracker, clock, 0.0, 4.0)
    tracker.end_of_media()
    assert spans(events) == [(0.0, 4.0)]


def test_a_face_check_hold_closes_the_stretch(tracker, clock, events):
    # RULES: FACE-5
    position = play(tracker, clock, 0.0, 1.5)
    tracker.interrupt(CloseReason.CHECK, position)
    assert spans(events) == [(0.0, 1.5)]
    assert events[0].closed_by == CloseReason.CHECK
    assert events[0].face_check_id == "fc-1"


def test_resuming_credits_from_where_playback_was_put(tracker, clock, events):
    # RULES: LEARN-3 (playback resumes where it stopped)
    tracker.tick(30.0, playing=False)  # opened at the saved position
    clock.advance(0.2)
    tracker.tick(30.15, playing=True)  # the first tick already sees a little progress
    position = play(tracker, clock, 30.15, 1.0)
    tracker.tick(position, playing=False)
    assert spans(events) == [(30.0, 31.15)]


def test_the_event_has_the_api_shape(tracker, clock, events):
    # API.md, POST /progress
    position = play(tracker, clock, 0.0, 1.0)
    tracker.tick(position, playing=False)
    payload = events[0].to_payload()
    assert set(payload) == {
        "event_id", "session_id", "lesson_id", "from_s", "to_s",
        "started_at", "ended_at", "face_check_id",
    }  # fmt: skip
    assert uuid.UUID(str(payload["event_id"])).version == 4
    started = datetime.fromisoformat(str(payload["started_at"]))
    ended = datetime.fromisoformat(str(payload["ended_at"]))
    assert started.utcoffset() == timedelta(0) and ended.utcoffset() == timedelta(0)
    assert str(payload["started_at"]).endswith("+00:00")
    assert (ended - started).total_seconds() == pytest.approx(1.0)
    assert payload["session_id"] == "s-1" and payload["lesson_id"] == 101
    assert payload["face_check_id"] == "fc-1"
    assert (payload["from_s"], payload["to_s"]) == (0.0, 1.0)
    assert len({event.event_id for event in events}) == len(events)


def test_nothing_is_emitted_for_a_pause_without_play(tracker, clock, events):
    tracker.tick(10.0, playing=False)
    clock.advance(3)
    tracker.tick(10.0, playing=False)
    tracker.interrupt(CloseReason.PAUSE)
    tracker.stop()
    assert events == []


def test_no_face_in_view_is_not_credited_from_where_it_was_last_seen(tracker, clock, events):
    # RULES: FACE-5
    position = play(tracker, clock, 0.0, 2.5)
    last_seen = clock.now
    position = play(tracker, clock, position, 1.5)  # the presence watch notices late
    tracker.suspend(since=last_seen)
    assert spans(events) == [(0.0, 2.5)]
    assert events[0].closed_by == CloseReason.ABSENT
    assert events[0].ended_at == last_seen
    position = play(tracker, clock, position, 3.0)  # still playing, nobody there
    assert spans(events) == [(0.0, 2.5)]
    assert tracker.suspended
    tracker.resume_crediting()
    position = play(tracker, clock, position, 1.0)
    tracker.tick(position, playing=False)
    assert tracker.intervals == [(0.0, 2.5), (7.0, 8.0)]


def test_absence_noticed_after_a_chunk_was_sent_keeps_what_was_sent(tracker, clock, events):
    # RULES: FACE-5 (an event once emitted is journaled; it is not taken back)
    play(tracker, clock, 0.0, 3.0)
    last_seen = clock.now
    play(tracker, clock, 3.0, 3.0)  # the chunk 0-5 went out meanwhile
    tracker.suspend(since=last_seen)
    assert spans(events) == [(0.0, 5.0)]


def test_absence_ends_the_stretch_where_playback_stood_at_the_last_sighting(
    tracker, clock, events
):
    # RULES: FACE-5 (under load: media stood still at the start, then a tick came late)
    tracker.tick(0.0, playing=False)
    clock.advance(TICK_S)
    tracker.tick(0.0, playing=True)  # the stretch opens at 0 s
    for _ in range(2):  # the first frame takes 0.5 s more to come: media time stands
        clock.advance(TICK_S)
        tracker.tick(0.0, playing=True)
    position = play(tracker, clock, 0.0, 1.0)  # then 1x up to 1.0 s
    clock.advance(0.05)
    last_seen = clock.now  # the face's last sighting, at 1.05 s of lesson time
    clock.advance(0.7)  # the next tick comes late, the absence later still
    tracker.tick(position + 0.75, playing=True)
    tracker.suspend(since=last_seen)
    # Counted at 1x from the stretch's start it would end at 1.55 s: credit for 0.5 s
    # of the face being away.
    assert spans(events) == [(0.0, 1.05)]
    assert events[0].ended_at == last_seen


def test_a_discarded_stretch_is_never_reported(tracker, clock, events):
    # A file that "played" but never decoded anything (the player drops the stretch).
    play(tracker, clock, 0.0, 0.5)
    tracker.discard()
    tracker.tick(0.5, playing=False)
    assert events == [] and tracker.intervals == []
    position = play(tracker, clock, 0.5, 1.0)  # a later stretch is credited as usual
    tracker.tick(position, playing=False)
    assert spans(events) == [(0.5, 1.5)]
