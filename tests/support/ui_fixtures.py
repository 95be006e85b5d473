"""Fixtures for the client's tests: the real server on loopback, client options pointing
at it with the real face video as the camera, the enrolled photo, the app's style, and
screenshots (saved to $CEDU_SHOTS_DIR, default /tmp/cedu-shots, for people to look at);
and 王五 signed in or in the locked exam (sign_in_wang_wu, begin_wang_wus_exam, with
client_contexts and host)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.live_server import LiveServer, start_server

FACE_FRAMES = (82, 210)  # the frames of the clip where the face is well in view


@pytest.fixture(scope="session")
def ui_media_dir(media_dir: Path) -> Path:
    return media_dir


@pytest.fixture
def ui_server(tmp_path: Path, ui_media_dir: Path) -> Iterator[LiveServer]:
    """A fresh demo server (SQLite) per test, with short demo lessons."""
    live = start_server(tmp_path / "server", None, ui_media_dir, demo_lesson_seconds=8)
    yield live
    live.stop()


@pytest.fixture(scope="session")
def face_video(faces_dir: Path) -> Path:
    return faces_dir / "_video" / "short_hamilton_clip.mp4"


@pytest.fixture(scope="session")
def enrolled_photo(faces_dir: Path) -> bytes:
    """The enrolled photo: Lin-Manuel Miranda (the man in the video) on white."""
    from app.proctor.whiten import whiten_bytes

    source = (faces_dir / "lin_manuel_miranda" / "lin-manuel-miranda.png").read_bytes()
    return whiten_bytes(source).jpeg()


@pytest.fixture
def client_options(tmp_path: Path, ui_server: LiveServer, face_video: Path) -> object:
    from app.ui.kit.options import ClientOptions

    return ClientOptions(
        server_url=ui_server.url,
        camera=str(face_video),
        camera_frames=FACE_FRAMES,
        data_dir=tmp_path / "client",
    )


@pytest.fixture
def styled_app(qapp: object) -> object:
    """The QApplication with the client's style sheet and font, Chinese."""
    from app.ui.kit.style import apply_style

    apply_style(qapp)  # type: ignore[arg-type]
    return qapp


@pytest.fixture(scope="session")
def shots_dir() -> Path:
    folder = Path(os.environ.get("CEDU_SHOTS_DIR", "/tmp/cedu-shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def screenshot(shots_dir: Path) -> Callable[[str], Path]:
    """Grab the whole screen (video included) to <shots_dir>/<name>.png."""

    def grab(name: str) -> Path:
        from app.qt import QGuiApplication

        path = shots_dir / f"{name}.png"
        QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
        return path

    return grab



@pytest.fixture
def client_contexts() -> Iterator[list[Any]]:
    """The AppContexts a test made (through the fixtures below): shut down after it."""
    made: list[Any] = []
    yield made
    for ctx in made:
        ctx.shutdown()


@pytest.fixture
def host(qtbot: Any) -> Any:
    """The parent the home screen would pass to the exam flow."""
    from app.qt import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def sign_in_wang_wu(
    client_options: Any, ui_server: LiveServer, enrolled_photo: bytes,
    client_contexts: list[Any],
) -> Callable[..., Any]:
    """Makes 王五's AppContext, signed in (password changed, his photo set unless
    `with_photo=False`, /me loaded), on `server` (this test's ui_server unless named)."""
    from tests.support.exam_client import WANG_WU, signed_in

    def sign_in(server: LiveServer | None = None, *, with_photo: bool = True) -> Any:
        live = server or ui_server
        options = dataclasses.replace(client_options, server_url=live.url)
        ctx = signed_in(options, live, WANG_WU, enrolled_photo if with_photo else None)
        client_contexts.append(ctx)
        return ctx

    return sign_in


@pytest.fixture
def begin_wang_wus_exam(
    qtbot: Any, host: Any, sign_in_wang_wu: Callable[..., Any], client_contexts: list[Any]
) -> Callable[..., Any]:
    """Makes the exam under way (tests.support.exam_client.ExamUnderWay): 王五 signed in,
    through the rules dialog and the real face check into the locked window."""
    from tests.support.exam_client import ExamUnderWay, begin_exam

    def begin(
        server: LiveServer | None = None, *, shot: Callable[[Any], None] | None = None
    ) -> ExamUnderWay:
        ctx = sign_in_wang_wu(server)
        flow = begin_exam(qtbot, ctx, host, shot=shot)
        attempt_id = flow.window.channel.attempt_id
        return ExamUnderWay(qtbot, ctx.options, ctx, flow, host, attempt_id, client_contexts)

    return begin
