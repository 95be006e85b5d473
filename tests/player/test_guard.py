"""The guard's decisions without a display (LEARN-3, FACE-5)."""

import pytest

from app.player.guard import PlaybackGuard, SeekDecision
from app.player.state import CHECK_HOLD_MESSAGE


def test_seeking_back_and_up_to_the_frontier_is_free():
    # RULES: LEARN-3
    guard = PlaybackGuard(frontier_s=30.0)
    assert guard.decide_seek(10.0, current_s=25.0) == SeekDecision(10.0, refused=False)
    assert guard.decide_seek(30.0, current_s=5.0) == SeekDecision(30.0, refused=False)
    assert guard.decide_seek(-4.0, current_s=5.0) == SeekDecision(0.0, refused=False)


def test_a_seek_past_the_frontier_is_clamped_to_it():
    # RULES: LEARN-3
    guard = PlaybackGuard(frontier_s=30.0)
    assert guard.decide_seek(45.0, current_s=12.0) == SeekDecision(30.0, refused=True)


def test_watching_new_ground_the_limit_is_where_playback_is():
    # RULES: LEARN-3 (the frontier lags the open stretch by up to one event)
    guard = PlaybackGuard(frontier_s=30.0)
    assert guard.decide_seek(33.0, current_s=34.0) == SeekDecision(33.0, refused=False)
    assert guard.decide_seek(50.0, current_s=34.0) == SeekDecision(34.0, refused=True)


def test_the_frontier_only_rises():
    guard = PlaybackGuard(frontier_s=30.0)
    guard.raise_frontier(20.0)
    assert guard.frontier_s == 30.0
    guard.raise_frontier(42.5)
    assert guard.frontier_s == 42.5


def test_a_jump_past_the_frontier_is_undone_and_natural_play_is_not():
    # RULES: LEARN-3
    guard = PlaybackGuard(frontier_s=10.0)
    # Playing new ground at 1x: a quarter second later, a quarter second further.
    assert guard.undo_for_jump(20.0, 20.25, elapsed_s=0.25) is None
    # A coarse time step of the engine is not a jump either.
    assert guard.undo_for_jump(20.0, 20.9, elapsed_s=0.25) is None
    # Jumped far past the frontier: back to where it was.
    assert guard.undo_for_jump(5.0, 40.0, elapsed_s=0.25) == 5.0
    # Paused, then moved forward past the frontier while paused.
    assert guard.undo_for_jump(9.0, 12.0, elapsed_s=0.0) == 9.0


def test_a_jump_within_the_frontier_is_a_free_seek():
    # RULES: LEARN-3
    guard = PlaybackGuard(frontier_s=60.0)
    assert guard.undo_for_jump(5.0, 40.0, elapsed_s=0.25) is None


@pytest.mark.parametrize(("rate", "restore"), [(1.0, None), (2.0, 1.0), (0.5, 1.0), (1.25, 1.0)])
def test_only_1x_is_allowed(rate, restore):
    # RULES: LEARN-3
    assert PlaybackGuard.rate_to_restore(rate) == restore


def test_a_face_check_hold_refuses_resume_until_released():
    # RULES: FACE-5
    guard = PlaybackGuard()
    assert guard.why_not_resume() is None
    guard.hold_for_check("periodic")
    assert guard.check_reason == "periodic"
    assert guard.why_not_resume() == CHECK_HOLD_MESSAGE
    guard.release_check()
    assert guard.why_not_resume() is None
