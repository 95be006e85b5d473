"""Choosing the engine: libvlc first, Qt Multimedia when libvlc cannot be loaded.

The choice is logged and readable as `backend.kind` ("vlc" or "qt"), which the device
self-check reports (API.md, `--self-check`). `CEDU_PLAYER_BACKEND=qt` forces the
fallback, for support staff checking a PC where libvlc misbehaves.
"""

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app.player.backend import BackendUnavailableError, VideoBackend
from app.player.qt_backend import QtMultimediaBackend
from app.qt import QWidget

log = logging.getLogger(__name__)


def software_video_args(dri: Path = Path("/dev/dri")) -> tuple[str, ...]:
    """libvlc options for a Linux PC without a GPU: draw with plain X11, not OpenGL.

    There VLC's default OpenGL output runs on Mesa's llvmpipe (LLVM, libplacebo and
    render threads): +165 MB resident for a 720p lesson, against +80 MB for the xcb_x11
    output, which shows the same picture (bench/bench_client.py; the frame test in
    tests/player/test_playback.py grabs it from the screen). `--vout=xcb_x11` would be
    ignored (libvlc 3 resets the player's "vout" when given a window), so no OpenGL
    provider is allowed instead, and VLC falls back to its X11 outputs. A PC with a GPU
    (a DRM render node) keeps the accelerated output; Windows (Direct3D) and macOS are
    left alone.
    """
    if not sys.platform.startswith("linux") or any(dri.glob("renderD*")):
        return ()
    return ("--gl=none", "--gles2=none")


# Decoding threads, fixed: libavcodec's default is one per core plus one, each holding
# its own frames, ~4 MB a thread for a 720p lesson (bench: a 2-core PC's default 3
# threads 158 MB, 2 threads 153 MB, 9 threads, an 8-core PC's default, 190 MB). Two
# keep the decoder parallel, and the lesson's memory the same on every PC.
DECODER_THREADS = 2

# What the app passes to libvlc: no file name drawn over the lesson video, no software
# OpenGL, and a fixed number of decoding threads.
DEFAULT_VLC_ARGS: tuple[str, ...] = (
    "--no-video-title-show",
    f"--avcodec-threads={DECODER_THREADS}",
    *software_video_args(),
)
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
