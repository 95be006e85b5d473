"""The video part of the device self-check (设备检测; API.md `--self-check`).

Plays a short video for real in a small window and answers
`{"backend": "vlc"|"qt", "played": bool, "reason": ErrorReason value or None}`.
It needs a QApplication; it runs its own event loop until it knows, or the timeout.
"""

import time
from collections.abc import Sequence
from pathlib import Path

from app.player.factory import DEFAULT_VLC_ARGS, create_backend
from app.player.state import PlaybackState
from app.qt import QEventLoop, QTimer

# Played means the position moved this far: a frame decoded is not yet a video playing.
PLAYED_AFTER_S = 0.5


def check_playback(
    video: str | Path,
    *,
    vlc_args: Sequence[str] = DEFAULT_VLC_ARGS,
    prefer: str | None = None,
    timeout_s: float = 10.0,
) -> dict[str, object]:
    backend = create_backend(vlc_args=vlc_args, prefer=prefer)
    backend.setWindowTitle("设备检测")
    backend.resize(240, 180)
    backend.show()
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(100)
    deadline = time.monotonic() + timeout_s

    def settle() -> None:
        done = (
            backend.position_s >= PLAYED_AFTER_S
            or backend.state in (PlaybackState.ERROR, PlaybackState.ENDED)
            or time.monotonic() > deadline
        )
        if done:
            loop.quit()

    poll.timeout.connect(settle)
    try:
        backend.load(video)
        backend.play()
        poll.start()
        loop.exec()
        played = backend.position_s >= PLAYED_AFTER_S
        reason = backend.error_reason
        return {
            "backend": backend.kind,
            "played": played,
            "reason": reason.value if reason is not None else None,
        }
    finally:
        poll.stop()
        backend.release()
        backend.close()
        backend.deleteLater()
