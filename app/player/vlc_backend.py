"""The libvlc engine (python-vlc), drawing into this widget's native window.

libvlc calls its event handlers on its own threads, and synchronously from inside
calls such as `set_time()`. A handler here therefore only emits `_vlc_event`, which
reaches the GUI thread through a queued connection; touching Qt or libvlc from inside
a handler deadlocks the GUI thread.
"""

import contextlib
import logging
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import vlc

from app.player.backend import BackendUnavailableError, VideoBackend
from app.player.media_probe import is_remote, local_path
from app.qt import Qt, QWidget, Signal

log = logging.getLogger(__name__)

# libvlc reports time in steps of 250-500 ms; between steps we extrapolate at most this
# far, so a stalled stream still shows as standing still.
_EXTRAPOLATE_MAX_S = 0.6
# After set_time, libvlc goes on reporting the old time for a while; report the target
# until it catches up, or this long at most.
_SEEK_SETTLE_S = 3.0


def libvlc_version() -> str:
    return bytes(vlc.libvlc_get_version()).decode(errors="replace")


class VlcBackend(VideoBackend):
    kind = "vlc"

    _vlc_event = Signal(str)

    def __init__(
        self,
        vlc_args: Sequence[str] = (),
        parent: QWidget | None = None,
        *,
        stall_timeout_s: float = 20.0,
    ) -> None:
        instance = vlc.Instance([str(arg) for arg in vlc_args])
        if instance is None:
            raise BackendUnavailableError(f"libvlc refused to start with {list(vlc_args)}")
        super().__init__(parent, stall_timeout_s=stall_timeout_s)
        self._instance = instance
        self._player = instance.media_player_new()
        # Keys and clicks belong to Qt (and the guard), not to libvlc's own hotkeys.
        self._player.video_set_key_input(False)
        self._player.video_set_mouse_input(False)
        # libvlc draws straight into this widget's own X11 window / HWND / NSView.
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._vlc_event.connect(self._on_vlc_event, Qt.ConnectionType.QueuedConnection)
        self._alive = True
        self._handlers: list[tuple[Any, Callable[..., None]]] = []
        events = vlc.EventType
        for event_type, name in (
            (events.MediaPlayerPlaying, "playing"),
            (events.MediaPlayerPaused, "paused"),
            (events.MediaPlayerEndReached, "ended"),
            (events.MediaPlayerEncounteredError, "error"),
            (events.MediaPlayerLengthChanged, "length"),
        ):
            handler = self._make_handler(name)
            self._player.event_manager().event_attach(event_type, handler)
            self._handlers.append((event_type, handler))
        self._start_at_s = 0.0
        # (target s, asked at, where playback stood then): reported until libvlc is there.
        self._seek_target: tuple[float, float, float] | None = None
        self._raw_s = -1.0
        self._raw_at = time.monotonic()
        # Whether libvlc's own time has stepped since the media opened: until it does,
        # nothing was decoded and there is nothing to extrapolate from (a file of garbage
        # is "playing" at 0 ms for a moment before it "ends").
        self._raw_stepped = False
        self._reported_s = 0.0
        log.info("libvlc %s ready (args %s)", libvlc_version(), list(vlc_args))

    # ------------------------------------------------------------------ API

    @property
    def duration_s(self) -> float:
        length_ms = int(self._player.get_length())
        return max(length_ms, 0) / 1000.0

    @property
    def rate(self) -> float:
        return float(self._player.get_rate() or 0.0)

    def set_rate(self, rate: float) -> None:
        self._player.set_rate(float(rate))

    def set_position(self, position_s: float) -> None:
        position_s = max(float(position_s), 0.0)
        if self._player.get_state() in (vlc.State.NothingSpecial, vlc.State.Stopped):
            self._start_at_s = position_s  # not open yet: start there on play
            self._reported_s = position_s
            return
        if self._player.get_state() == vlc.State.Ended:
            # libvlc cannot seek an ended input: play() restarts it from here.
            self._start_at_s = position_s
            self._reported_s = position_s
            return
        self._seek_target = (position_s, time.monotonic(), self._reported_s)
        self._reported_s = position_s
        self._player.set_time(int(position_s * 1000))

    def release(self) -> None:
        if not self._alive:
            return
        self._alive = False  # first: handlers firing during the stop stay silent
        super().release()  # stops: libvlc joins its input thread
        manager = self._player.event_manager()
        for event_type, _handler in self._handlers:
            manager.event_detach(event_type)
        self._handlers.clear()
        self._player.release()
        self._instance.release()

    # ------------------------------------------------------------------ engine hooks

    def _engine_open(self, source: str, start_at_s: float) -> None:
        self._player.stop()
        self._player.set_media(self._make_media(source, 0.0))
        self._start_at_s = start_at_s
        self._reported_s = start_at_s
        self._raw_s = -1.0
        self._raw_stepped = False
        self._seek_target = None
        self._attach_window()

    def _make_media(self, source: str, start_at_s: float) -> Any:
        media = (
            self._instance.media_new(source)
            if is_remote(source)
            else self._instance.media_new_path(str(local_path(source)))
        )
        if is_remote(source):
            # libvlc 3's own mp4 demuxer, fed over HTTP, reads the whole buffered file at
            # once and then reports a frozen time until the end; libavformat's does not.
            media.add_option(":demux=avformat")
        if start_at_s > 0:
            media.add_option(f":start-time={start_at_s:.3f}")
        return media

    def _engine_play(self) -> None:
        state = self._player.get_state()
        if state in (vlc.State.Ended, vlc.State.Stopped, vlc.State.NothingSpecial):
            # A fresh media each time: options such as start-time only ever add up.
            self._player.set_media(self._make_media(self.source, self._start_at_s))
            if self._start_at_s > 0:
                self._seek_target = (self._start_at_s, time.monotonic(), 0.0)
            self._raw_s, self._raw_stepped = -1.0, False
            self._player.play()
        else:
            self._player.set_pause(0)

    def _engine_pause(self) -> None:
        self._player.set_pause(1)

    def _engine_stop(self) -> None:
        self._player.stop()

    def _engine_position_s(self) -> float:
        now = time.monotonic()
        raw_ms = self._player.get_time()
        if self._seek_target is not None:
            target, asked_at, origin = self._seek_target
            # Landed: near the target and nearer to it than to where it started (a short
            # seek back, e.g. to the frontier, is otherwise "near" before it happened).
            off = abs(raw_ms / 1000.0 - target)
            settled = raw_ms >= 0 and off < 1.0 and off <= abs(raw_ms / 1000.0 - origin)
            if not settled and now - asked_at < _SEEK_SETTLE_S:
                return target
            self._seek_target = None
        if raw_ms < 0:
            return self._reported_s
        raw = raw_ms / 1000.0
        if raw != self._raw_s:
            self._raw_stepped = self._raw_stepped or self._raw_s >= 0
            self._raw_s, self._raw_at = raw, now
        estimate = raw
        if self._raw_stepped and self._player.get_state() == vlc.State.Playing:
            estimate += min(now - self._raw_at, _EXTRAPOLATE_MAX_S) * self.rate
            # A fresh step may land a little behind the extrapolation: hold still
            # rather than report time running backwards.
            if self._reported_s - _EXTRAPOLATE_MAX_S < estimate < self._reported_s:
                estimate = self._reported_s
        self._reported_s = estimate
        return float(estimate)

    # ------------------------------------------------------------------ events

    def _make_handler(self, name: str) -> Callable[..., None]:
        def handler(_event: Any, *_args: Any) -> None:
            # libvlc's thread (or inside set_time): only hand the news to the GUI thread.
            if self._alive:
                with contextlib.suppress(RuntimeError):  # the widget is being destroyed
                    self._vlc_event.emit(name)

        return handler

    def _on_vlc_event(self, name: str) -> None:
        if not self._alive:
            return
        if name == "playing":
            self._engine_playing()
        elif name == "paused":
            self._engine_paused()
        elif name == "ended":
            self._start_at_s = 0.0  # playing again after the end starts from the start
            self._engine_ended()
        elif name == "error":
            self._report_failure("libvlc reported an error")
        elif name == "length":
            self.duration_changed.emit(self.duration_s)

    def _attach_window(self) -> None:
        window_id = int(self.winId())
        if sys.platform.startswith("win"):
            self._player.set_hwnd(window_id)
        elif sys.platform == "darwin":
            self._player.set_nsobject(window_id)
        else:
            self._player.set_xwindow(window_id)
