"""The lesson window: a signed-in trainee, opening a lesson, starting it with a face
check, the face panel's text (tests/ui/test_lesson_*.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.lesson_screens import (
    ZHANG_SAN,
    signed_in,
)
from tests.support.live_server import LiveServer


@pytest.fixture(autouse=True)
def quiet_vlc(monkeypatch: pytest.MonkeyPatch) -> None:
    """libvlc with no sound device (tests run headless)."""
    from app.player import factory

    monkeypatch.setattr(factory, "DEFAULT_VLC_ARGS", (*factory.DEFAULT_VLC_ARGS, "--aout=dummy"))


@pytest.fixture
def trainee(
    client_options: Any, ui_server: LiveServer, enrolled_photo: bytes
) -> Iterator[Any]:
    """张三 signed in, with the enrolled photo set (the server locks it)."""
    ctx = signed_in(client_options, ui_server, ZHANG_SAN)
    ctx.api.decide_consent(True, "test")  # FACE-8
    ctx.api.upload_photo(enrolled_photo, "image/jpeg")
    yield ctx
    from app.qt import QApplication, QThreadPool

    for window in QApplication.topLevelWidgets():
        window.close()
    QThreadPool.globalInstance().waitForDone(15000)  # reads of the journal still running
    ctx.shutdown()


def server_lessons(server: LiveServer, ctx: Any, enrollment_id: int) -> list[dict[str, Any]]:
    """What the server says now (with the client's own token: a new login would end the
    client's session, ACC-4)."""
    response = server.call("GET", f"/enrollments/{enrollment_id}/lessons", ctx.api.token)
    assert response.status_code == 200, response.text
    lessons: list[dict[str, Any]] = response.json()
    return lessons


def open_lesson(qtbot: Any, lessons_window: Any, index: int = 0) -> Any:
    lesson = lessons_window.lessons[index]
    lessons_window.open_lesson(lesson)
    window = lessons_window.lesson_window
    assert window is not None and window.lesson["id"] == lesson["id"]
    window.resize(1240, 760)
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    return window


def start_with_face_check(qtbot: Any, window: Any) -> None:
    """Press the one main action: the real face check runs, then the video plays."""
    assert window.start_button.objectName() == "start_lesson_button"
    with qtbot.waitSignal(window.playback_started, timeout=60000):
        window.start_button.click()
        qtbot.waitUntil(lambda: window.check_dialog is not None, timeout=5000)
    assert window.face_check_id
    qtbot.waitUntil(lambda: window.player.position_s > 0.3, timeout=15000)


PAUSED_FACE_TEXT = "人脸识别通过。视频已暂停，暂停时不计入学时。"


def face_panel_with_face_in_view(window: Any) -> str:
    """The face panel once the presence watch says the face is in view (its signal, as
    the watch sends it on a change): what the panel says of the video's state now."""
    from datetime import UTC, datetime

    window.proctor.presence_changed.emit(True, datetime.now(UTC))
    text: str = window.panel.face_state.text()
    return text
