"""The end-to-end tests use the client tests' fixtures (options, photo, shots), with two
changes that make the run as the field sees it: the camera is the WHOLE face video, looped
as a webcam file plays (scene cuts, two faces, the face half in view; its one blink opens
its shot), and the server asks for the periodic identity checks every 4-6 s, so a lesson's
checks happen while it plays (FACE-5). The gesture is a blink (tests/conftest.py): the
server's pick once it gives challenges, else the client's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live_server import LiveServer, start_server
from tests.support.ui_fixtures import (  # noqa: F401  (fixtures)
    enrolled_photo,
    face_video,
    screenshot,
    shots_dir,
    styled_app,
    ui_media_dir,
)

CHECK_MIN_S, CHECK_MAX_S = 4, 6


@pytest.fixture
def ui_server(tmp_path: Path, ui_media_dir: Path) -> Iterator[LiveServer]:  # noqa: F811
    live = start_server(
        tmp_path / "server", None, ui_media_dir, demo_lesson_seconds=8,
        face_check_min_s=CHECK_MIN_S, face_check_max_s=CHECK_MAX_S,
        # The looped 9-s clip has one blink: the journey's many checks catch the same
        # frames, a replay by FACE-3's rule (a full run's journey timed out at its lesson's
        # check with it on). A live camera never repeats; the rule's own test is in
        # tests/server/test_face_liveness.py (crops sent again as a new check).
        face_replay_check=False,
    )  # fmt: skip
    yield live
    live.stop()


@pytest.fixture
def client_options(
    tmp_path: Path, ui_server: LiveServer, face_video: Path  # noqa: F811
) -> object:
    from app.ui.kit.options import ClientOptions

    return ClientOptions(
        server_url=ui_server.url, camera=str(face_video), camera_frames=None,
        data_dir=tmp_path / "client",
    )  # fmt: skip
