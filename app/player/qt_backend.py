"""The Qt Multimedia engine (QMediaPlayer + QVideoWidget), used when libvlc is missing.

Everything here runs on the GUI thread: QMediaPlayer delivers its signals there.
"""

import logging

from app.player.backend import VideoBackend
from app.player.media_probe import is_remote, local_path
from app.qt import (
    QAudioOutput,
    QMediaDevices,
    QMediaPlayer,
    QUrl,
    QVBoxLayout,
    QVideoWidget,
    QWidget,
)

log = logging.getLogger(__name__)


class QtMultimediaBackend(VideoBackend):
    kind = "qt"

    def __init__(self, parent: QWidget | None = None, *, stall_timeout_s: float = 20.0) -> None:
        super().__init__(parent, stall_timeout_s=stall_timeout_s)
        self._player = QMediaPlayer(self)
        self._video = QVideoWidget(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._video)
        self._player.setVideoOutput(self._video)
        # Without any audio device (a kiosk PC, a test machine) play the picture alone.
        self._audio: QAudioOutput | None = None
        if QMediaDevices.audioOutputs():
            self._audio = QAudioOutput(self)
            self._player.setAudioOutput(self._audio)
        self._start_at_ms: int | None = None
        self._player.playbackStateChanged.connect(self._on_playback_state)
        self._player.mediaStatusChanged.connect(self._on_media_status)
        self._player.errorOccurred.connect(self._on_error)
        self._player.durationChanged.connect(lambda ms: self.duration_changed.emit(ms / 1000.0))
        log.info("Qt Multimedia player ready (audio output: %s)", self._audio is not None)

    # ------------------------------------------------------------------ API

    @property
    def duration_s(self) -> float:
        return max(self._player.duration(), 0) / 1000.0

    @property
    def rate(self) -> float:
        return float(self._player.playbackRate())

    def set_rate(self, rate: float) -> None:
        self._player.setPlaybackRate(float(rate))

    def set_position(self, position_s: float) -> None:
        position_ms = int(max(float(position_s), 0.0) * 1000)
        if self._player.mediaStatus() in (
            QMediaPlayer.MediaStatus.NoMedia,
            QMediaPlayer.MediaStatus.LoadingMedia,
        ):
            self._start_at_ms = position_ms  # applied once the media is loaded
            return
        self._player.setPosition(position_ms)

    def release(self) -> None:
        super().release()
        self._player.setSource(QUrl())

    # ------------------------------------------------------------------ engine hooks

    def _engine_open(self, source: str, start_at_s: float) -> None:
        url = QUrl(source) if is_remote(source) else QUrl.fromLocalFile(str(local_path(source)))
        self._start_at_ms = int(start_at_s * 1000) if start_at_s > 0 else None
        self._player.setSource(url)

    def _engine_play(self) -> None:
        if self._player.mediaStatus() == QMediaPlayer.MediaStatus.LoadedMedia:
            self._apply_start()
        self._player.play()

    def _engine_pause(self) -> None:
        self._player.pause()

    def _engine_stop(self) -> None:
        self._player.stop()

    def _engine_halt(self) -> None:
        # Stopping while FFmpeg's read hangs on a dead link blocks the GUI thread until
        # the read times out (measured: 10-15 s); pausing does not. The next load or
        # release tears the source down.
        self._player.pause()

    def _engine_position_s(self) -> float:
        if self._start_at_ms is not None:
            return self._start_at_ms / 1000.0
        return self._player.position() / 1000.0

    # ------------------------------------------------------------------ signals

    def _apply_start(self) -> None:
        if self._start_at_ms is not None:
            start, self._start_at_ms = self._start_at_ms, None
            self._player.setPosition(start)

    def _on_playback_state(self, state: QMediaPlayer.PlaybackState) -> None:
        if state == QMediaPlayer.PlaybackState.PlayingState:
            self._engine_playing()
        elif state == QMediaPlayer.PlaybackState.PausedState:
            self._engine_paused()

    def _on_media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status in (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia):
            self._apply_start()
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._engine_ended()
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._report_failure(f"invalid media: {self._player.errorString()}")

    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error != QMediaPlayer.Error.NoError:
            self._report_failure(f"{error.name}: {message}")
