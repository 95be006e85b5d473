"""ProctorSession while a lesson plays (FACE-5): presence from the real detector on what
the camera shows, the no-face alarm, and a silent identity check judged by the real
server on loopback."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from tests.support.face_screens import enrolled_context
from tests.support.live_server import LiveServer


@pytest.fixture
def empty_room(tmp_path: Path) -> Path:
    """What the webcam sees when the trainee has left: a plain wall, no face."""
    path = tmp_path / "empty_room.png"
    wall = np.full((480, 640, 3), (180, 190, 200), np.uint8)
    cv2.rectangle(wall, (420, 120), (560, 400), (90, 70, 60), -1)  # a door
    assert cv2.imwrite(str(path), wall)
    return path


# RULES: FACE-5
def test_no_face_reports_absence_then_asks_for_a_check(
    qapp: Any, qtbot: Any, tmp_path: Path, empty_room: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.face.proctoring import ProctorSession
    from app.ui.kit.context import AppContext
    from app.ui.kit.options import ClientOptions

    monkeypatch.setattr(ProctorSession, "no_face_after_s", 3.0)  # 60 s in real use
    monkeypatch.setattr(ProctorSession, "sample_every_s", 0.2)
    ctx = AppContext(ClientOptions(camera=str(empty_room), data_dir=tmp_path / "client"))
    session = ProctorSession(ctx, "periodic", lesson_id=1)
    seen: list[tuple[str, object]] = []
    session.presence_changed.connect(lambda present, at: seen.append(("presence", present)))
    session.check_needed.connect(lambda reason: seen.append(("check_needed", reason)))
    session.incident.connect(lambda kind, detail: seen.append(("incident", kind)))
    try:
        with qtbot.waitSignal(session.check_needed, timeout=30_000) as needed:
            session.start()
        assert needed.args == ["no_face_60s"]
        assert seen[0] == ("presence", False)
        assert ("incident", "no_face") in seen
        assert seen.index(("presence", False)) < seen.index(("check_needed", "no_face_60s"))
    finally:
        session.stop()
        ctx.shutdown()


# RULES: FACE-5
def test_the_silent_identity_check_passes_for_the_trainee(
    qapp: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    enrolled_photo: bytes, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from app.ui.face.proctoring import ProctorSession

    monkeypatch.setenv("CEDU_FACE_CHECK_MIN_S", "1")  # 5-15 min in real use
    monkeypatch.setenv("CEDU_FACE_CHECK_MAX_S", "2")
    ctx = enrolled_context(client_options, ui_server, enrolled_photo, keep=True)
    session = ProctorSession(ctx, "periodic", lesson_id=1)
    presence: list[tuple[bool, object]] = []
    needed: list[str] = []
    session.presence_changed.connect(lambda present, at: presence.append((present, at)))
    session.check_needed.connect(needed.append)
    try:
        with qtbot.waitSignal(session.identity_checked, timeout=90_000) as checked:
            session.start()
        outcome = checked.args[0]
        assert outcome.passed and outcome.decided_by == "server", outcome
        assert presence and presence[0][0] is True and isinstance(presence[0][1], datetime)
        assert needed == []
        # The server knows the check: progress may name it (PROG-5).
        assert ctx.journal.pending_count() == 0
    finally:
        session.stop()
        ctx.shutdown()
