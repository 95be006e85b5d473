"""EXAM-7 (ours): presence and identity keep being checked during the exam, and what they
find reaches the server as incidents on the attempt, never ending it: an empty room
(`no_face`), two people (`many_faces`), and someone other than the enrolled trainee
(`identity_failed`), each the camera of a real locked exam window with the real engine.

王五's enrolled photo is Obama's here, so the face video (another man, live, blinking)
is a stranger to the silent identity check."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from sqlalchemy import select

from app.server.models import AttemptIncident, ExamAttempt
from tests.support.exam_client import WANG_WU, signed_in
from tests.support.live_server import LiveServer

PRESENCE_TIMEOUT_MS = 60_000
IDENTITY_TIMEOUT_MS = 120_000


def kinds_on_server(server: LiveServer, attempt_id: str) -> list[str]:
    with server.context.sessions() as db:
        rows = db.scalars(select(AttemptIncident).where(AttemptIncident.attempt_id == attempt_id))
        return [row.kind for row in rows]


@pytest.fixture
def empty_room(tmp_path: Path) -> Path:
    path = tmp_path / "empty_room.png"
    wall = np.full((480, 640, 3), (180, 190, 200), np.uint8)
    cv2.rectangle(wall, (420, 120), (560, 400), (90, 70, 60), -1)  # a door
    assert cv2.imwrite(str(path), wall)
    return path


def test_presence_and_identity_incidents_reach_the_server_during_the_exam(
    qtbot: Any,
    styled_app: Any,
    ui_server: LiveServer,
    client_options: Any,
    client_contexts: list[Any],
    faces_dir: Path,
    face_video: Path,
    empty_room: Path,
    monkeypatch: pytest.MonkeyPatch,
    screenshot: Callable[[str], Path],
) -> None:
    # RULES: EXAM-7, FACE-5
    from app.proctor.whiten import whiten_bytes
    from app.ui.exam.exam_window import ExamWindow
    from app.ui.face.proctoring import ProctorSession
    from tests.support.exam_start import start_exam_supervised

    monkeypatch.setattr(ProctorSession, "no_face_after_s", 3.0)  # 60 s in real use
    monkeypatch.setattr(ProctorSession, "sample_every_s", 0.2)
    obama = whiten_bytes((faces_dir / "obama" / "obama.jpg").read_bytes()).jpeg()
    first = signed_in(client_options, ui_server, WANG_WU, obama)
    client_contexts.append(first)
    enrollment = first.me["enrollments"][0]
    # Started under a supervision: his enrolled photo is Obama's, the camera shows others.
    attempt = start_exam_supervised(ui_server.api, WANG_WU, enrollment["id"])
    attempt_id = attempt["id"]
    first.shutdown()
    client_contexts.remove(first)

    def exam_with_camera(camera: Path, frames: tuple[int, int] | None = None) -> Any:
        """The same attempt resumed (EXAM-4) in a new client whose camera shows `camera`."""
        from app.ui.kit.context import AppContext

        options = dataclasses.replace(client_options, camera=str(camera), camera_frames=frames)
        ctx = AppContext(options, options.server_url)
        client_contexts.append(ctx)
        ctx.begin_session(ctx.api.login(WANG_WU, "Anquan2026!"))
        window = ExamWindow(ctx, enrollment, ctx.api.attempt(attempt_id))
        qtbot.addWidget(window)
        window.show_locked()
        qtbot.waitExposed(window)
        return window

    # Nobody in front of the camera.
    window = exam_with_camera(empty_room)
    qtbot.waitUntil(lambda: "no_face" in kinds_on_server(ui_server, attempt_id),
                    timeout=PRESENCE_TIMEOUT_MS)
    qtbot.waitUntil(lambda: "摄像头没有看到您" in window.banner.text(), timeout=5_000)
    window.discard()

    # Two people.
    window = exam_with_camera(faces_dir / "_multi" / "two_people.jpg")
    qtbot.waitUntil(lambda: "many_faces" in kinds_on_server(ui_server, attempt_id),
                    timeout=PRESENCE_TIMEOUT_MS)
    qtbot.waitUntil(lambda: "不止一个人" in window.banner.text(), timeout=5_000)
    screenshot("exam-window-many-faces")
    window.discard()

    # Someone else: the silent identity check fails (1-2 s apart here, 5-15 min in use).
    monkeypatch.setenv("CEDU_FACE_CHECK_MIN_S", "1")
    monkeypatch.setenv("CEDU_FACE_CHECK_MAX_S", "2")
    window = exam_with_camera(face_video, (82, 210))
    qtbot.waitUntil(lambda: "identity_failed" in kinds_on_server(ui_server, attempt_id),
                    timeout=IDENTITY_TIMEOUT_MS)
    qtbot.waitUntil(lambda: "人脸核对与本人照片不一致" in window.banner.text(), timeout=5_000)
    window.discard()

    # None of it ended the attempt.
    with ui_server.context.sessions() as db:
        assert db.get(ExamAttempt, attempt_id).state == "open"
