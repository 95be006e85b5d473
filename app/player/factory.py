"""Choosing the engine: libvlc first, Qt Multimedia when libvlc cannot be loaded.

The choice is logged and readable as `backend.kind` ("vlc" or "qt"), which the device
self-check reports (API.md, `--self-check`). `CEDU_PLAYER_BACKEND=qt` forces the
fallback, for support staff checking a PC where libvlc misbehaves.
"""

import logging
import os
from collections.abc import Sequence

from app.player.backend import BackendUnavailableError, VideoBackend
from app.player.qt_backend import QtMultimediaBackend
from app.qt import QWidget

log = logging.getLogger(__name__)

# What the app passes to libvlc: no file name drawn over the lesson video.
DEFAULT_VLC_ARGS: tuple[str, ...] = ("--no-video-title-show",)
BACKEND_ENV = "CEDU_PLAYER_BACKEND"


def create_backend(
    *,
    vlc_args: Sequence[str] = DEFAULT_VLC_ARGS,
    prefer: str | None = None,
    parent: QWidget | None = None,
    stall_timeout_s: float = 20.0,
) -> VideoBackend:
    """The libvlc backend if libvlc loads and starts, else the Qt Multimedia one."""
    prefer = prefer or os.environ.get(BACKEND_ENV) or "vlc"
    if prefer != "qt":
        try:
            # Imported here: importing python-vlc is what fails when libvlc is missing.
            from app.player.vlc_backend import VlcBackend

            backend: VideoBackend = VlcBackend(vlc_args, parent, stall_timeout_s=stall_timeout_s)
        except (
            ImportError,
            OSError,
            NotImplementedError,
            AttributeError,
            BackendUnavailableError,
        ) as exc:
            log.warning("libvlc unavailable (%s: %s); using Qt Multimedia", type(exc).__name__, exc)
        else:
            log.info("video backend: vlc")
            return backend
    backend = QtMultimediaBackend(parent, stall_timeout_s=stall_timeout_s)
    log.info("video backend: qt")
    return backend
