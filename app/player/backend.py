"""One playback interface, two engines (libvlc, Qt Multimedia): the shared part.

`VideoBackend` is the video surface and the API both engines expose: `load`, `play`,
`pause`, `position_s`, `duration_s`, `set_position`, `rate` / `set_rate`, `state`, and
the signals `position_changed`, `state_changed(state, reason)` and `error(reason,
message)`. What both engines need the same way lives here: polling the position, the
stall watchdog (a stream that stops delivering ends in an error, never a hang), telling
a premature end of a stream from a real one, and finding out why a source failed.

It knows nothing of frontiers or credit; that is the guard's and the tracker's job.
"""

import logging
import threading
import time
from pathlib import Path
from typing import ClassVar

from app.player.media_probe import classify_failure, is_remote
from app.player.state import ERROR_MESSAGES, ErrorReason, PlaybackState
from app.qt import QPalette, Qt, QTimer, QWidget, Signal

log = logging.getLogger(__name__)


class BackendUnavailableError(RuntimeError):
    """This engine cannot run here (libvlc missing or refusing to start)."""


class VideoBackend(QWidget):
    """The video surface plus the playback API; subclasses drive one engine."""

    kind: ClassVar[str] = ""

    position_changed = Signal(float)
    state_changed = Signal(str, str)  # PlaybackState value, reason ("" unless error)
    error = Signal(str, str)  # ErrorReason value, message for the trainee
    duration_changed = Signal(float)
    # From the failure-probe thread to the GUI thread; always queued.
    _failure_classified = Signal(str, str)

    POLL_MS = 250
    # A stream that reports its end this far before its duration did not really end.
    PREMATURE_END_S = 1.5

    def __init__(self, parent: QWidget | None = None, *, stall_timeout_s: float = 20.0) -> None:
        super().__init__(parent)
        self.stall_timeout_s = stall_timeout_s
        self._state = PlaybackState.IDLE
        self._error_reason: ErrorReason | None = None
        self._source = ""
        self._want_playing = False
        self._had_played = False
        self._failing = False
        self._frozen_position: float | None = None
        self._progress_at = (0.0, time.monotonic())  # (position, when it last advanced)
        self._last_emitted_position = -1.0
        self._make_black()
        self._failure_classified.connect(self._enter_error, Qt.ConnectionType.QueuedConnection)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(self.POLL_MS)
        self._poll_timer.timeout.connect(self._poll)
        self._poll_timer.start()

    # ------------------------------------------------------------------ public API

    @property
    def state(self) -> PlaybackState:
        return self._state

    @property
    def error_reason(self) -> ErrorReason | None:
        return self._error_reason

    @property
    def source(self) -> str:
        return self._source

    @property
    def position_s(self) -> float:
        """Seconds into the media; after an error, where playback stood when it failed."""
        if self._frozen_position is not None:
            return self._frozen_position
        return max(self._engine_position_s(), 0.0)

    def load(self, source: str | Path, start_at_s: float = 0.0) -> None:
        """Open a local file or an http(s) URL; playback starts at `start_at_s` on `play`."""
        self._source = str(source)
        self._want_playing = False
        self._had_played = False
        self._failing = False
        self._frozen_position = None
        self._error_reason = None
        self._progress_at = (start_at_s, time.monotonic())
        self._engine_open(self._source, max(float(start_at_s), 0.0))
        self._set_state(PlaybackState.IDLE)

    def play(self) -> None:
        if not self._source or self._failing:
            return
        if self._state == PlaybackState.ERROR:
            return  # the caller reloads (e.g. with a fresh signed URL) and plays again
        self._want_playing = True
        self._progress_at = (self.position_s, time.monotonic())
        if self._state in (PlaybackState.IDLE, PlaybackState.ENDED):
            self._set_state(PlaybackState.LOADING)
        self._engine_play()

    def pause(self) -> None:
        self._want_playing = False
        if self._state in (PlaybackState.PLAYING, PlaybackState.LOADING):
            self._engine_pause()

    @property
    def wants_to_play(self) -> bool:
        return self._want_playing

    def release(self) -> None:
        """Stop and let go of the engine (the lesson window closes)."""
        self._poll_timer.stop()
        self._want_playing = False
        self._engine_stop()

    # ------------------------------------------------------------------ engine hooks

    @property
    def duration_s(self) -> float:
        raise NotImplementedError

    @property
    def rate(self) -> float:
        raise NotImplementedError

    def set_rate(self, rate: float) -> None:
        raise NotImplementedError

    def set_position(self, position_s: float) -> None:
        raise NotImplementedError

    def _engine_position_s(self) -> float:
        raise NotImplementedError

    def _engine_open(self, source: str, start_at_s: float) -> None:
        raise NotImplementedError

    def _engine_play(self) -> None:
        raise NotImplementedError

    def _engine_pause(self) -> None:
        raise NotImplementedError

    def _engine_stop(self) -> None:
        raise NotImplementedError

    def _engine_halt(self) -> None:
        """Stop work on a failed source without blocking the GUI thread."""
        self._engine_stop()

    # ------------------------------------------------------------------ for engines

    def _has_failed(self) -> bool:
        # A failed engine may still report (paused after the halt, an end, an error):
        # the error state stands until the next load.
        return self._failing or self._state == PlaybackState.ERROR

    def _engine_playing(self) -> None:
        if self._has_failed():
            return
        if not self._want_playing:
            # A pause asked while the source was still opening: honour it now.
            self._engine_pause()
            return
        self._set_state(PlaybackState.PLAYING)

    def _engine_paused(self) -> None:
        if not self._has_failed() and self._state != PlaybackState.ENDED:
            self._set_state(PlaybackState.PAUSED)

    def _engine_ended(self) -> None:
        if self._has_failed():
            return
        position, duration = self.position_s, self.duration_s
        if duration <= 0:
            # Nothing could be read (libvlc "ends" a file it cannot demux, or a 403).
            self._report_failure("ended without a duration: nothing could be played")
            return
        if is_remote(self._source) and position < duration - self.PREMATURE_END_S:
            # libvlc and FFmpeg both treat a broken connection as the end of the stream.
            self._report_failure(f"stream ended at {position:.1f} s of {duration:.1f} s")
            return
        self._want_playing = False
        self._set_state(PlaybackState.ENDED)

    def _report_failure(self, detail: str) -> None:
        """The engine failed; find out why off the GUI thread, then enter `error`."""
        if self._has_failed():
            return
        log.warning("%s playback of %s failed: %s", self.kind, self._source, detail)
        self._failing = True
        self._frozen_position = max(self._engine_position_s(), self._progress_at[0], 0.0)
        self._want_playing = False
        self._engine_halt()
        source, had_played = self._source, self._had_played

        def classify() -> None:
            reason = classify_failure(source, had_played=had_played)
            try:
                self._failure_classified.emit(reason.value, detail)
            except RuntimeError:  # the widget went away while we asked the server
                log.debug("player gone before its failure was classified")

        threading.Thread(target=classify, name="media-probe", daemon=True).start()

    # ------------------------------------------------------------------ internals

    def _enter_error(self, reason: str, detail: str) -> None:
        self._failing = False
        self._error_reason = ErrorReason(reason)
        log.warning("playback error %s (%s)", reason, detail)
        self._set_state(PlaybackState.ERROR, reason)
        self.error.emit(reason, ERROR_MESSAGES[self._error_reason])

    def _set_state(self, state: PlaybackState, reason: str = "") -> None:
        if state == self._state and state != PlaybackState.ERROR:
            return
        if state != PlaybackState.ERROR:
            self._error_reason = None
        self._state = state
        self.state_changed.emit(state.value, reason)

    def _poll(self) -> None:
        if self._failing or self._state == PlaybackState.ERROR or not self._source:
            return
        position = self.position_s
        if abs(position - self._last_emitted_position) > 1e-3:
            self._last_emitted_position = position
            self.position_changed.emit(position)
        if not self._want_playing or self._state == PlaybackState.ENDED:
            return
        now = time.monotonic()
        last_position, last_at = self._progress_at
        if abs(position - last_position) > 0.05:
            self._progress_at = (position, now)
            if self._state == PlaybackState.PLAYING:
                self._had_played = True
        elif now - last_at > self.stall_timeout_s:
            self._report_failure(f"no progress for {now - last_at:.1f} s")

    def _make_black(self) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
