"""The lesson player: an engine, the guard and the tracker, glued on the GUI thread.

Everything the trainee (or the UI on the trainee's behalf) asks goes through here:
`play`, `pause`, `request_seek`, `set_rate`. A tick four times a second asks the guard
about what the engine did on its own (a seek behind our back, another speed) and feeds
the tracker. The top-level window is watched (window_watch.WindowWatch) so that
minimising, hiding or leaving it pauses playback (LEARN-4); only the trainee resumes it.
"""

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from app.player.backend import VideoBackend
from app.player.factory import DEFAULT_VLC_ARGS, create_backend
from app.player.guard import PlaybackGuard
from app.player.state import (
    RATE_LOCKED_MESSAGE,
    REWOUND_MESSAGE,
    SEEK_REFUSED_MESSAGE,
    WINDOW_PAUSE_MESSAGE,
    PlaybackState,
)
from app.player.tracker import CloseReason, ProgressEvent, ProgressTracker, utc_now
from app.player.window_watch import WindowWatch
from app.qt import QTimer, QVBoxLayout, QWidget, Signal

log = logging.getLogger(__name__)


class GuardNotice:
    """The `kind` strings of `LessonPlayer.guard_notice`."""

    SEEK_REFUSED = "seek_refused"  # a requested seek went past the frontier (LEARN-3)
    SEEK_UNDONE = "seek_undone"  # a seek behind the player's back was put back
    RATE_RESET = "rate_reset"  # another speed was asked for or found, and put back to 1x
    WINDOW_PAUSE = "window_pause"  # paused for a minimised/hidden/unfocused window
    CHECK_HOLD = "check_hold"  # paused for a face check; the trainee cannot resume
    RESUME_REFUSED = "resume_refused"  # play asked during a face-check hold
    REWOUND = "rewound"  # back to the frontier: what played past it was not credited


class LessonPlayer(QWidget):
    """One lesson's video with LEARN-2/3/4 enforced and progress events emitted."""

    position_changed = Signal(float)
    state_changed = Signal(str, str)  # PlaybackState value, reason
    error = Signal(str, str)  # ErrorReason value, message
    seek_refused = Signal(str)  # the message 「不能拖动到尚未学习的位置」
    guard_notice = Signal(str, str)  # GuardNotice kind, message for the trainee
    progress_event = Signal(object)  # ProgressEvent

    TICK_MS = 250
    # Past the frontier by more than this (well inside the server's 0.5 s), playing on
    # would start a refused stretch: go back. Rewinds longer than a lag are explained.
    REWIND_SLACK_S = 0.25
    REWIND_NOTICE_S = 2.0

    def __init__(
        self,
        backend: VideoBackend | None = None,
        *,
        vlc_args: Sequence[str] = DEFAULT_VLC_ARGS,
        parent: QWidget | None = None,
        clock: Callable[[], datetime] = utc_now,
        chunk_s: float = 5.0,
        auto_raise_frontier: bool = True,
    ) -> None:
        super().__init__(parent)
        self.backend = backend or create_backend(vlc_args=vlc_args)
        self.backend.setParent(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.backend)
        self.guard = PlaybackGuard()
        self.tracker: ProgressTracker | None = None
        self._clock = clock
        self._chunk_s = chunk_s
        # PROG-5 credits a stretch that starts at or before the frontier, so such an
        # event of ours moves the frontier on; the caller may still raise it further.
        self._auto_raise_frontier = auto_raise_frontier
        self._last_tick: tuple[float, float, bool] | None = None  # (position, at, playing)
        self._window_watch = WindowWatch(self)  # LEARN-4
        self._window_watch.away.connect(self._pause_for_window)
        # Whether the engine ever read the media's duration since it was loaded: if
        # not, nothing of it was parsed, and a failure credits nothing (see below).
        self._duration_known = False

        self.backend.position_changed.connect(self.position_changed)
        self.backend.state_changed.connect(self._on_backend_state)
        self.backend.error.connect(self.error)
        self.backend.duration_changed.connect(self._on_duration)
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(self.TICK_MS)
        self._tick_timer.timeout.connect(self._tick)
        self._tick_timer.start()

    # ------------------------------------------------------------------ reading

    @property
    def backend_kind(self) -> str:
        return self.backend.kind

    @property
    def state(self) -> PlaybackState:
        return self.backend.state

    @property
    def position_s(self) -> float:
        return self.backend.position_s

    @property
    def duration_s(self) -> float:
        return self.backend.duration_s

    @property
    def rate(self) -> float:
        return self.backend.rate

    @property
    def frontier_s(self) -> float:
        return self.guard.frontier_s

    # ------------------------------------------------------------------ opening

    def load(self, source: str | Path, start_at_s: float = 0.0) -> None:
        """Open media without tracking (the device self-check plays this way)."""
        self._stop_tracking()
        self._duration_known = False
        self.backend.load(source, start_at_s)
        self._last_tick = None

    def open_lesson(
        self,
        source: str | Path,
        *,
        session_id: str,
        lesson_id: int,
        duration_s: float,
        resume_s: float = 0.0,
        frontier_s: float = 0.0,
        face_check_id: str | None = None,
    ) -> None:
        """Open a lesson where it stopped (LEARN-3) with its credited frontier."""
        self.load(source, resume_s)
        self.guard = PlaybackGuard(frontier_s)
        self.tracker = ProgressTracker(
            session_id=session_id,
            lesson_id=lesson_id,
            duration_s=duration_s,
            emit=self._on_tracker_event,
            clock=self._clock,
            face_check_id=face_check_id,
            chunk_s=self._chunk_s,
        )

    def reload(self, source: str | Path) -> None:
        """Reopen the same lesson from a fresh source where playback stood.

        For `media_forbidden`: the signed URL expired, the caller fetched a new one. The
        tracker and the guard carry on; the trainee presses play again.
        """
        position = self.position_s
        if self.tracker is not None:
            self.tracker.seeked(position)
        self._duration_known = False
        self.backend.load(source, position)
        self._last_tick = None

    def set_frontier(self, frontier_s: float) -> None:
        self.guard.raise_frontier(frontier_s)

    def set_face_check_id(self, face_check_id: str | None) -> None:
        """The latest passed check; named in every event from now on (PROG-5)."""
        if self.tracker is not None:
            self.tracker.interrupt(CloseReason.CHECK, self.position_s)
            self.tracker.face_check_id = face_check_id

    # ------------------------------------------------------------------ the trainee's controls

    def play(self) -> bool:
        """The trainee asks to play; refused (False) while a face check holds playback."""
        refusal = self.guard.why_not_resume()
        if refusal is not None:
            self.guard_notice.emit(GuardNotice.RESUME_REFUSED, refusal)
            return False
        self._back_to_frontier()
        self.backend.play()
        return True

    def pause(self) -> None:
        self._interrupt(CloseReason.PAUSE)
        self.backend.pause()

    def toggle_play(self) -> None:
        if self.backend.wants_to_play:
            self.pause()
        else:
            self.play()

    def request_seek(self, target_s: float) -> float:
        """LEARN-3: seek back freely, forward only up to the frontier. Returns where it went."""
        current = self.position_s
        decision = self.guard.decide_seek(target_s, current)
        if decision.refused:
            self.seek_refused.emit(SEEK_REFUSED_MESSAGE)
            self.guard_notice.emit(GuardNotice.SEEK_REFUSED, SEEK_REFUSED_MESSAGE)
        if abs(decision.target_s - current) > 1e-3:
            self._move_to(decision.target_s, current)
        return decision.target_s

    set_position = request_seek

    def set_rate(self, rate: float) -> None:
        """LEARN-3: only 1x. Any other speed is refused with the reason."""
        if PlaybackGuard.rate_to_restore(rate) is not None:
            self.guard_notice.emit(GuardNotice.RATE_RESET, RATE_LOCKED_MESSAGE)
        self.backend.set_rate(1.0)

    # ------------------------------------------------------------------ face checks

    def pause_for_check(self, reason: str) -> None:
        """FACE-5: pause, credit nothing more, and refuse `play` until `release_check`."""
        self.guard.hold_for_check(reason)
        self._interrupt(CloseReason.CHECK)
        self.backend.pause()
        message = self.guard.why_not_resume() or ""
        self.guard_notice.emit(GuardNotice.CHECK_HOLD, message)

    def release_check(self) -> None:
        """The check passed: the trainee may play again (playback does not resume alone)."""
        self.guard.release_check()

    @property
    def held_for_check(self) -> bool:
        return self.guard.check_reason is not None

    def set_face_present(self, present: bool, last_seen_at: datetime | None = None) -> None:
        """FACE-5: while no face is in view playback goes on but nothing is credited;
        the credited stretch ends where the face was last seen (`last_seen_at`)."""
        if self.tracker is None:
            return
        if present:
            returning = self.tracker.suspended  # not the first sighting after play
            self.tracker.resume_crediting()
            if returning and self._is_playing():
                self._back_to_frontier()
        else:
            self.tracker.suspend(last_seen_at)

    # ------------------------------------------------------------------ closing

    def release(self) -> None:
        self._tick_timer.stop()
        self._stop_tracking()
        self.backend.release()

    # ------------------------------------------------------------------ internals

    def _move_to(self, target_s: float, from_s: float) -> None:
        if self.tracker is not None:
            self.tracker.seeked(target_s, from_s=from_s)
        self.backend.set_position(target_s)
        self._last_tick = (target_s, time.monotonic(), self._is_playing())

    def _back_to_frontier(self) -> None:
        """What played past the frontier uncredited (no face in view, the lag of a pause
        for a check) must be watched again: a stretch starting beyond the frontier is
        refused whole (PROG-5 `beyond_furthest_point`), so credit would stop for good."""
        position, frontier = self.position_s, self.guard.frontier_s
        if position <= frontier + self.REWIND_SLACK_S:
            return
        self._move_to(frontier, position)
        if position - frontier > self.REWIND_NOTICE_S:
            self.guard_notice.emit(GuardNotice.REWOUND, REWOUND_MESSAGE)

    def _interrupt(self, reason: CloseReason) -> None:
        if self.tracker is not None:
            playing = self._is_playing()
            self.tracker.interrupt(reason, self.position_s if playing else None)

    def _stop_tracking(self) -> None:
        if self.tracker is not None:
            self.tracker.stop()
        self.tracker = None

    def _is_playing(self) -> bool:
        return self.backend.state == PlaybackState.PLAYING

    def _tick(self) -> None:
        backend = self.backend
        if backend.state in (PlaybackState.ERROR, PlaybackState.IDLE) or not backend.source:
            return
        position, now, playing = backend.position_s, time.monotonic(), self._is_playing()
        if playing and self._window_watch.is_away():
            self._pause_for_window("window not visible or not active")
            return
        rate = backend.rate
        if PlaybackGuard.rate_to_restore(rate) is not None:
            # First, before any branch below can return: a tick that rewinds or undoes
            # a jump must not leave another speed running (the tracker still sees the
            # rate found, so this tick credits nothing).
            log.warning("playback rate %.2f found: back to 1x", rate)
            backend.set_rate(1.0)
            self.guard_notice.emit(GuardNotice.RATE_RESET, RATE_LOCKED_MESSAGE)
        if self._last_tick is not None:
            previous, previous_at, was_playing = self._last_tick
            elapsed = now - previous_at if (playing and was_playing) else 0.0
            back_to = self.guard.undo_for_jump(previous, position, elapsed)
            if back_to is not None:
                log.warning(
                    "position jumped %.2f -> %.2f past the frontier %.2f: undone",
                    previous,
                    position,
                    self.guard.frontier_s,
                )
                self._move_to(back_to, previous)
                self.guard_notice.emit(GuardNotice.SEEK_UNDONE, SEEK_REFUSED_MESSAGE)
                return
        tracker = self.tracker
        if (
            tracker is not None and playing and not tracker.is_open and not tracker.suspended
            and tracker.next_start_s(position) > self.guard.frontier_s + self.REWIND_SLACK_S
        ):
            # A stretch would open past the frontier: libvlc may report a paused time
            # behind the frame it really stopped at, so play() saw nothing to rewind.
            self._back_to_frontier()
            return
        if tracker is not None:
            tracker.tick(position, playing=playing, rate=rate)
        self._last_tick = (position, now, playing)

    def _on_tracker_event(self, event: ProgressEvent) -> None:
        if self._auto_raise_frontier and event.from_s <= self.guard.frontier_s + 0.5:
            self.guard.raise_frontier(event.to_s)
        self.progress_event.emit(event)

    def _on_duration(self, duration_s: float) -> None:
        self._duration_known = self._duration_known or duration_s > 0

    def _on_backend_state(self, state: str, reason: str) -> None:
        if self.tracker is not None:
            if state == PlaybackState.ENDED:
                self.tracker.end_of_media(self.position_s)
            elif state == PlaybackState.ERROR and not self._duration_known:
                # The engine never read a duration: nothing of the media was parsed, so
                # whatever position it reported meanwhile was not watching. (A file that
                # breaks half-way had one: what played of it is credited.)
                self.tracker.discard()
            elif state in (PlaybackState.PAUSED, PlaybackState.ERROR):
                self.tracker.interrupt(CloseReason.PAUSE)
        self.state_changed.emit(state, reason)

    # ------------------------------------------------------------------ LEARN-4: the window

    def _pause_for_window(self, why: str) -> None:
        if not self.backend.wants_to_play:
            return
        log.info("pausing: %s (LEARN-4)", why)
        self.pause()
        self.guard_notice.emit(GuardNotice.WINDOW_PAUSE, WINDOW_PAUSE_MESSAGE)


__all__ = ["GuardNotice", "LessonPlayer"]
