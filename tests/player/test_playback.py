"""The lesson player on both engines, in real windows under Xvfb, with real videos."""

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core import intervals, rules
from app.player.lesson_player import GuardNotice
from app.player.state import SEEK_REFUSED_MESSAGE, PlaybackState
from tests.support.player_lessons import Lesson, open_window
from tests.support.player_media import CLOCK_VIDEO_S
from tests.support.xvfb import own_display

pytestmark = [pytest.mark.display, pytest.mark.timeout(90)]


@pytest.fixture(params=["vlc", "qt"])
def lesson(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[Lesson]:
    opened = open_window(request.param)
    qtbot.addWidget(opened.window)
    qtbot.waitUntil(opened.window.isActiveWindow, timeout=5000)
    yield opened
    opened.player.release()


def run_frame_probe(kind: str, video: Path) -> dict:
    """`tests.support.frame_probe` on a fresh 24-bit Xvfb (see its docstring for why)."""
    with own_display(800, 600) as env:
        probe = subprocess.run(
            [sys.executable, "-m", "tests.support.frame_probe", kind, str(video)],
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert probe.returncode == 0, probe.stderr[-2000:]
    return json.loads(probe.stdout.strip().splitlines()[-1])


def play_until(qtbot: QtBot, lesson: Lesson, position_s: float, timeout_ms: int = 15000) -> None:
    assert lesson.player.play()
    qtbot.waitUntil(lambda: lesson.player.position_s >= position_s, timeout=timeout_ms)


def test_position_advances_and_the_tracker_credits_what_played(qtbot, lesson, clock_video):
    # RULES: LEARN-2
    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S)
    assert lesson.player.backend_kind in ("vlc", "qt")
    play_until(qtbot, lesson, 3.0)
    assert lesson.player.state == PlaybackState.PLAYING
    lesson.player.pause()
    qtbot.waitUntil(lambda: lesson.player.state == PlaybackState.PAUSED, timeout=5000)
    paused_at = lesson.player.position_s
    credited = intervals.union(lesson.intervals())
    assert len(credited) == 1, credited
    start, end = credited[0]
    assert start == pytest.approx(0.0, abs=0.5)
    assert end == pytest.approx(paused_at, abs=0.5)
    for event in lesson.events:  # PROG-5: never faster than real time
        wall = (event.ended_at - event.started_at).total_seconds()
        assert event.to_s - event.from_s <= wall * 1.05 + 1e-6
        assert event.face_check_id == "check-1"
    # Paused means paused: the position stands still and nothing more is credited.
    qtbot.wait(800)
    assert lesson.player.position_s == pytest.approx(paused_at, abs=0.1)
    assert intervals.union(lesson.intervals()) == credited


def test_playing_to_the_end_credits_the_whole_lesson(qtbot, lesson, clock_video):
    # RULES: LEARN-2 (Ended counts as reaching the duration)
    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S, resume_s=5.0, frontier_s=5.0)
    assert lesson.player.play()
    qtbot.waitUntil(lambda: lesson.player.state == PlaybackState.ENDED, timeout=15000)
    credited = intervals.union(lesson.intervals())
    assert credited[0][0] == pytest.approx(5.0, abs=0.5)  # resumed where it stopped
    assert credited[-1][1] == pytest.approx(CLOCK_VIDEO_S, abs=0.5)
    assert intervals.covered_seconds(credited) == pytest.approx(3.0, abs=0.5)


def test_seek_past_the_frontier_is_refused_and_back_is_free(qtbot, lesson, clock_video):
    # RULES: LEARN-3
    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S, frontier_s=2.0)
    refusals: list[str] = []
    lesson.player.seek_refused.connect(refusals.append)
    play_until(qtbot, lesson, 0.5)
    landed = lesson.player.request_seek(6.5)
    assert refusals == [SEEK_REFUSED_MESSAGE]
    assert landed == pytest.approx(2.0, abs=0.6)
    qtbot.wait(1000)
    assert lesson.player.position_s < 4.0
    lesson.player.request_seek(0.5)  # seeking back is free
    qtbot.wait(600)
    assert lesson.player.position_s < 2.0
    assert refusals == [SEEK_REFUSED_MESSAGE]


def test_a_seek_behind_the_players_back_is_undone(qtbot, lesson, clock_video):
    # RULES: LEARN-3
    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S, frontier_s=0.0)
    play_until(qtbot, lesson, 1.0)
    lesson.player.backend.set_position(6.5)  # as a hotkey inside the engine would
    qtbot.waitUntil(lambda: (GuardNotice.SEEK_UNDONE, SEEK_REFUSED_MESSAGE) in lesson.notices)
    qtbot.wait(700)
    assert lesson.player.position_s < 4.0
    # Nothing past the jump was credited.
    assert intervals.frontier(lesson.intervals()) < 4.0


def test_another_speed_is_put_back_to_1x(qtbot, lesson, clock_video):
    # RULES: LEARN-3
    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S)
    play_until(qtbot, lesson, 0.5)
    lesson.player.set_rate(2.0)  # through the player: refused at once
    assert lesson.player.rate == pytest.approx(1.0)
    lesson.player.backend.set_rate(2.0)  # behind its back: put back on the next tick
    qtbot.waitUntil(lambda: lesson.player.rate == pytest.approx(1.0), timeout=2000)
    assert sum(kind == GuardNotice.RATE_RESET for kind, _ in lesson.notices) >= 2


def test_minimising_pauses_and_it_stays_paused(qtbot, lesson, clock_video):
    # RULES: LEARN-4
    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S)
    play_until(qtbot, lesson, 0.5)
    lesson.window.showMinimized()
    qtbot.waitUntil(lambda: lesson.player.state == PlaybackState.PAUSED, timeout=3000)
    assert any(kind == GuardNotice.WINDOW_PAUSE for kind, _ in lesson.notices)
    lesson.window.showNormal()
    lesson.window.activateWindow()
    qtbot.waitUntil(lesson.window.isActiveWindow, timeout=5000)
    paused_at = lesson.player.position_s
    qtbot.wait(1200)
    assert lesson.player.state == PlaybackState.PAUSED  # no auto-resume
    assert lesson.player.position_s == pytest.approx(paused_at, abs=0.1)
    play_until(qtbot, lesson, paused_at + 0.5)  # the trainee resumes


def test_losing_focus_pauses(qtbot, lesson, clock_video):
    # RULES: LEARN-4
    from app.qt import QWidget

    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S)
    play_until(qtbot, lesson, 0.5)
    other = QWidget()
    qtbot.addWidget(other)
    other.setGeometry(500, 400, 100, 100)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: lesson.player.state == PlaybackState.PAUSED, timeout=5000)


def test_a_face_check_holds_playback_until_released(qtbot, lesson, clock_video):
    # RULES: FACE-5
    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S)
    play_until(qtbot, lesson, 1.0)
    lesson.player.pause_for_check("periodic")
    qtbot.waitUntil(lambda: lesson.player.state == PlaybackState.PAUSED, timeout=3000)
    credited_before = intervals.union(lesson.intervals())
    assert credited_before, "the stretch is closed at the hold"
    assert lesson.player.play() is False
    assert lesson.notices[-1][0] == GuardNotice.RESUME_REFUSED
    qtbot.wait(700)
    assert lesson.player.state == PlaybackState.PAUSED
    lesson.player.release_check()
    qtbot.wait(500)
    assert lesson.player.state == PlaybackState.PAUSED  # released, not resumed by itself
    play_until(qtbot, lesson, lesson.player.position_s + 0.5)


def test_the_video_frame_is_really_drawn(lesson, media_dir):
    # A solid red video; the screen grab of the player's area must be red, not black.
    kind = lesson.player.backend_kind
    lesson.player.release()  # the probe runs its own window on its own 24-bit display
    report = run_frame_probe(kind, media_dir / "red.mp4")
    assert report["backend"] == kind
    assert report["state"] == "playing", report
    for red, green, blue in report["samples"]:
        assert red > 200 and green < 60 and blue < 60, f"{kind}: not red: {report}"


def test_a_broken_file_ends_in_an_error(qtbot, lesson, media_dir):
    lesson.open(media_dir / "broken.mp4", duration_s=8.0)
    with qtbot.waitSignal(lesson.player.error, timeout=15000) as blocker:
        lesson.player.play()
    assert blocker.args[0] == "media_broken"
    assert lesson.player.state == PlaybackState.ERROR
    assert lesson.events == []


def test_a_missing_file_ends_in_an_error(qtbot, lesson, media_dir):
    lesson.open(media_dir / "not-there.mp4", duration_s=8.0)
    with qtbot.waitSignal(lesson.player.error, timeout=15000) as blocker:
        lesson.player.play()
    assert blocker.args[0] == "media_missing"


def test_plays_over_http_with_byte_ranges(qtbot, lesson, media_server):
    lesson.open(media_server.url("ok", "clock.mp4"), duration_s=CLOCK_VIDEO_S,
                resume_s=2.0, frontier_s=2.0)
    play_until(qtbot, lesson, 3.5)
    assert lesson.player.state == PlaybackState.PLAYING
    assert any(method == "GET" for method, _, _ in media_server.requests)
    # Seeking back over HTTP (byte ranges) works and playback goes on from there.
    lesson.player.request_seek(1.0)
    qtbot.waitUntil(lambda: 1.0 <= lesson.player.position_s < 2.0, timeout=5000)
    qtbot.waitUntil(lambda: lesson.player.position_s > 2.0, timeout=5000)
    assert lesson.player.state == PlaybackState.PLAYING


def test_an_expired_url_is_media_forbidden_and_reloads_at_the_same_place(
    qtbot, lesson, media_server
):
    lesson.open(media_server.url("forbidden", "clock.mp4"), duration_s=CLOCK_VIDEO_S,
                resume_s=2.0, frontier_s=2.0)  # resumed where the credit stands
    started = time.monotonic()
    with qtbot.waitSignal(lesson.player.error, timeout=15000) as blocker:
        lesson.player.play()
    assert blocker.args[0] == "media_forbidden"
    assert time.monotonic() - started < 15
    assert lesson.player.position_s == pytest.approx(2.0, abs=0.5)
    # The caller gets a fresh URL and reloads where playback stood.
    lesson.player.reload(media_server.url("ok", "clock.mp4"))
    assert lesson.player.state == PlaybackState.IDLE
    play_until(qtbot, lesson, 3.0)
    assert lesson.player.state == PlaybackState.PLAYING
    lesson.player.pause()
    credited = intervals.union(lesson.intervals())
    assert credited[0][0] == pytest.approx(2.0, abs=0.5)


def test_a_link_cut_midway_ends_in_a_network_error(qtbot, lesson, media_server):
    lesson.open(media_server.url("cut", "clock.mp4"), duration_s=CLOCK_VIDEO_S)
    errors: list[tuple[str, str]] = []
    lesson.player.error.connect(lambda reason, message: errors.append((reason, message)))
    play_until(qtbot, lesson, 0.5)
    started = time.monotonic()
    qtbot.waitUntil(lambda: bool(errors), timeout=30000)
    assert errors[0][0] == "network", errors
    assert "网络" in errors[0][1]
    assert time.monotonic() - started < 30
    assert lesson.player.state == PlaybackState.ERROR
    # What played before the cut stays credited, and ends before the cut.
    assert 0.25 < intervals.frontier(lesson.intervals()) < CLOCK_VIDEO_S - 1


@pytest.mark.parametrize("kind", ["vlc", "qt"])
def test_a_link_that_hangs_ends_in_a_network_error_not_a_hang(qtbot, kind, media_server):
    stall_timeout_s = 4.0
    hanging = open_window(kind, stall_timeout_s=stall_timeout_s)
    qtbot.addWidget(hanging.window)
    qtbot.waitUntil(hanging.window.isActiveWindow, timeout=5000)
    try:
        hanging.open(media_server.url("stall", "clock.mp4"), duration_s=CLOCK_VIDEO_S)
        errors: list[str] = []
        hanging.player.error.connect(lambda reason, message: errors.append(reason))
        play_until(qtbot, hanging, 0.5)
        qtbot.waitUntil(media_server.link_down.is_set, timeout=10000)
        hung_at = time.monotonic()
        # The buffered part plays out, then nothing comes: the watchdog (4 s here) and the
        # probe (5 s at most, it hangs too) bound the wait.
        qtbot.waitUntil(lambda: bool(errors), timeout=30000)
        assert errors == ["network"]
        assert time.monotonic() - hung_at < CLOCK_VIDEO_S + stall_timeout_s + 6
        assert hanging.player.state == PlaybackState.ERROR
    finally:
        hanging.player.release()


def test_time_without_a_face_in_view_is_not_credited(qtbot, lesson, clock_video):
    # RULES: FACE-5
    from app.core import clock
    from app.player.tracker import utc_now  # the tracker's clock: the server's time

    clock.set_server_offset(600.0)  # this PC's clock is ten minutes slow: no difference
    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S)
    play_until(qtbot, lesson, 1.0)
    # The watch's first sighting once playing is no return: nothing is rewound, though
    # the open stretch has not yet moved the frontier.
    lesson.player.set_face_present(True)
    assert lesson.player.position_s >= 1.0 > lesson.player.frontier_s
    last_seen, seen_at_s = utc_now(), lesson.player.position_s
    qtbot.wait(700)
    lesson.player.set_face_present(False, last_seen_at=last_seen)
    absent_from = lesson.player.position_s
    qtbot.waitUntil(lambda: lesson.player.position_s > absent_from + 2.5, timeout=6000)
    assert lesson.player.state == PlaybackState.PLAYING  # playback goes on
    assert lesson.intervals()[-1][1] == pytest.approx(seen_at_s, abs=0.5)
    # The face is back: what played unseen is watched again from where it was last seen.
    # Playing on from here would start a stretch past the frontier, which the server
    # refuses whole (PROG-5 beyond_furthest_point), and credit would stop for good.
    lesson.player.set_face_present(True)
    assert lesson.player.position_s == pytest.approx(seen_at_s, abs=0.5)
    assert lesson.notices[-1][0] == GuardNotice.REWOUND
    qtbot.waitUntil(lambda: lesson.player.tracker.is_open
                    and lesson.player.position_s > seen_at_s + 2.0, timeout=6000)  # fmt: skip
    lesson.player.pause()
    frontier = 0.0
    for start, end in lesson.intervals():  # every stretch as the server judges it
        assert start <= frontier + rules.FRONTIER_SLACK_S, lesson.intervals()
        frontier = max(frontier, end)
    credited = intervals.union(lesson.intervals())
    assert len(credited) == 1 and credited[0][1] > seen_at_s + 1.5, credited


def test_a_short_seek_back_while_paused_is_where_playback_goes_on(qtbot, lesson, clock_video):
    # RULES: LEARN-3 (the player's rewind to the frontier after a pause for a check is
    # such a seek: reported before it lands, the next stretch started past the frontier)
    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S)
    play_until(qtbot, lesson, 2.5)
    lesson.player.pause()
    qtbot.waitUntil(lambda: lesson.player.state == PlaybackState.PAUSED, timeout=3000)
    qtbot.wait(300)
    paused_at = lesson.player.position_s
    target = paused_at - 0.9
    lesson.player.request_seek(target)
    assert lesson.player.position_s == pytest.approx(target, abs=0.1)
    played_at = time.monotonic()
    assert lesson.player.play()  # at once, as play() does after its own rewind
    qtbot.waitUntil(lambda: lesson.player.state == PlaybackState.PLAYING, timeout=3000)
    # The stretch opens at the first tick while playing (every 250 ms, later on a busy
    # machine); a pause before it credits nothing, and there would be nothing to judge.
    qtbot.waitUntil(lambda: lesson.player.tracker.is_open, timeout=3000)
    qtbot.wait(250)
    # On from the target, not from where it paused: no more played than the time since.
    since_play = time.monotonic() - played_at
    assert target - 0.1 <= lesson.player.position_s <= target + since_play + 0.2
    lesson.player.pause()
    assert lesson.intervals()[-1][0] == pytest.approx(target, abs=0.3), lesson.intervals()


def test_a_stretch_never_opens_past_the_frontier(qtbot, lesson, clock_video):
    # RULES: LEARN-3, PROG-5 (libvlc may report a paused time behind the frame it really
    # stopped at; playing on from there would open a stretch the server refuses whole)
    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S)
    play_until(qtbot, lesson, 2.0)
    lesson.player.pause()
    qtbot.waitUntil(lambda: lesson.player.state == PlaybackState.PAUSED, timeout=3000)
    qtbot.waitUntil(lambda: bool(lesson.events), timeout=3000)
    frontier = lesson.player.frontier_s
    assert frontier == pytest.approx(lesson.intervals()[-1][1])
    # The engine went on 0.8 s further than the player knew, and play is not asked of
    # the player (whose own rewind would see it): the next tick must not credit from there.
    lesson.player.backend.set_position(frontier + 0.8)
    qtbot.wait(400)
    lesson.player.backend.play()
    # A stretch open and played on: a position read alone can be the engine's stale or
    # pending one, and a pause before the first credited tick closes nothing.
    qtbot.waitUntil(lambda: len(lesson.events) >= 1 and lesson.player.tracker.is_open
                    and lesson.player.position_s > frontier + 1.2, timeout=8000)  # fmt: skip
    lesson.player.pause()
    qtbot.waitUntil(lambda: len(lesson.events) >= 2, timeout=3000)
    assert lesson.intervals()[1][0] <= frontier + rules.FRONTIER_SLACK_S, lesson.intervals()
