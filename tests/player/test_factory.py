"""Choosing the engine: libvlc when it loads, Qt Multimedia when it does not."""

import logging
import sys

import pytest

from app.player.factory import create_backend
from app.player.lesson_player import LessonPlayer
from tests.support.player_media import VLC_TEST_ARGS

pytestmark = pytest.mark.display


def test_libvlc_is_the_first_choice(qtbot, caplog):
    caplog.set_level(logging.INFO, logger="app.player")
    backend = create_backend(vlc_args=VLC_TEST_ARGS)
    qtbot.addWidget(backend)
    assert backend.kind == "vlc"
    assert "video backend: vlc" in caplog.text
    backend.release()


def test_qt_multimedia_when_python_vlc_cannot_be_imported(qtbot, caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="app.player")
    # What importing python-vlc does on a PC without libvlc: it fails.
    monkeypatch.setitem(sys.modules, "vlc", None)
    monkeypatch.delitem(sys.modules, "app.player.vlc_backend", raising=False)
    backend = create_backend(vlc_args=VLC_TEST_ARGS)
    qtbot.addWidget(backend)
    assert backend.kind == "qt"
    assert "libvlc unavailable (ModuleNotFoundError" in caplog.text
    assert "video backend: qt" in caplog.text


def test_qt_multimedia_when_libvlc_refuses_to_start(qtbot, caplog):
    caplog.set_level(logging.INFO, logger="app.player")
    backend = create_backend(vlc_args=["--aout=dummy", "--no-such-libvlc-option"])
    qtbot.addWidget(backend)
    assert backend.kind == "qt"
    assert "BackendUnavailableError" in caplog.text


def test_the_fallback_can_be_forced_for_support(qtbot, monkeypatch):
    monkeypatch.setenv("CEDU_PLAYER_BACKEND", "qt")
    player = LessonPlayer(vlc_args=VLC_TEST_ARGS)
    qtbot.addWidget(player)
    assert player.backend_kind == "qt"
    player.release()


def test_without_a_gpu_linux_draws_with_x11_not_software_opengl(tmp_path):
    # No DRM render node (a PC without a GPU driver, Xvfb): VLC's OpenGL output would run
    # on llvmpipe (+85 MB for a 720p lesson, bench/bench_client.py); no OpenGL provider is
    # allowed, so libvlc falls back to its X11 output. The frame test grabs its picture.
    from app.player.factory import software_video_args

    assert software_video_args(tmp_path) == (
        ("--gl=none", "--gles2=none") if sys.platform.startswith("linux") else ()
    )
    (tmp_path / "renderD128").touch()  # a GPU: the accelerated output stays
    assert software_video_args(tmp_path) == ()


def test_libvlc_decodes_with_two_threads_whatever_the_cores(qtbot, clock_video, tmp_path):
    # libavcodec's default is a thread per core plus one, each with its own frames
    # (~4 MB each at 720p): the lesson's memory would grow with the PC's cores. The app
    # fixes two. libvlc's own debug log says how many threads its decoder was allowed;
    # counting the process's threads (as until 2026-12) varied by one or two between
    # identical runs (libvlc's other threads start and end when they will).
    import re

    import vlc

    from app.qt import QWidget

    def decoder_threads(args, name):
        window = QWidget()
        qtbot.addWidget(window)
        window.resize(320, 240)
        window.show()
        log = tmp_path / f"{name}.log"
        instance = vlc.Instance(
            [*args, "--file-logging", f"--logfile={log}", "--log-verbose=2"]
        )
        player = instance.media_player_new()
        player.set_xwindow(int(window.winId()))
        player.set_media(instance.media_new(str(clock_video)))
        player.play()
        qtbot.waitUntil(lambda: player.get_time() > 500, timeout=10_000)
        player.stop()
        player.release()
        instance.release()
        allowed = re.findall(r"allowing (\d+) thread\(s\) for decoding", log.read_text())
        assert allowed, "libvlc's log names no decoder thread count"
        return int(allowed[-1])

    assert decoder_threads(VLC_TEST_ARGS, "ours") == 2
    # Without the option (0: libvlc's default) it is never 2: one core gives 1, more give
    # a thread per core plus one; so the 2 above is the option's doing.
    assert decoder_threads((*VLC_TEST_ARGS, "--avcodec-threads=0"), "default") != 2
