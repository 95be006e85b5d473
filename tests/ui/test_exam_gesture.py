"""A periodic identity check during the exam shows its gesture (EXAM-7, FACE-3): the exam
window has no face panel and the prompt was only said, so a trainee with the sound off
did not turn when the server asked for a turn. Here the server asks for turn_right, the
real locked exam window shows 请缓慢向右转头 in the banner's room while the check runs
(the question does not move) and clears it when the check ends. Screenshots at 1024x768
and 1366x768 to $CEDU_SHOTS_DIR (on a display of that size: pytest -o xvfb_width=1024
-o xvfb_height=768)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from tests.support.exam_client import WANG_WU
from tests.support.live_server import LiveServer
from tests.support.screens import fully_shown, set_screen, shoot

CHECK_TIMEOUT_MS = 120_000


def test_the_exam_shows_a_periodic_checks_gesture_while_it_runs(
    qtbot: Any, styled_app: Any, ui_server: LiveServer, client_options: Any,
    client_contexts: list[Any], sign_in_wang_wu: Any, face_video: Path,
    monkeypatch: pytest.MonkeyPatch, shots_dir: Path,
) -> None:  # fmt: skip
    # RULES: EXAM-7, FACE-3
    from app.ui.exam.exam_window import ExamWindow
    from app.ui.kit.context import AppContext
    from tests.support.exam_start import start_exam_supervised

    first = sign_in_wang_wu()
    enrollment = first.me["enrollments"][0]
    attempt = start_exam_supervised(ui_server.api, WANG_WU, enrollment["id"])
    first.shutdown()
    client_contexts.remove(first)
    monkeypatch.setattr(ui_server.context.settings, "face_gestures", "turn_right")
    monkeypatch.setenv("CEDU_FACE_CHECK_MIN_S", "1")  # 5-15 min in use
    monkeypatch.setenv("CEDU_FACE_CHECK_MAX_S", "2")

    # The attempt resumed (EXAM-4) by a client whose camera shows the live face video.
    options = dataclasses.replace(client_options, camera=str(face_video), camera_frames=(82, 210))
    ctx = AppContext(options, options.server_url)
    client_contexts.append(ctx)
    ctx.begin_session(ctx.api.login(WANG_WU, "Anquan2026!"))
    window = ExamWindow(ctx, enrollment, ctx.api.attempt(attempt["id"]))
    qtbot.addWidget(window)
    window.show_locked()
    qtbot.waitExposed(window)
    prompt = window.gesture_prompt
    question = window.findChild(type(window.question_view.parentWidget().parentWidget()),
                                "question_scroll")  # fmt: skip
    assert not prompt.isVisible()
    before = question.geometry()

    qtbot.waitUntil(prompt.isVisible, timeout=CHECK_TIMEOUT_MS)
    assert prompt.text() == "人脸核对：请缓慢向右转头"
    assert window.proctor is not None and window.proctor._runner is not None
    assert window.proctor._runner.challenge.gesture == "turn_right"  # the server's pick
    assert question.geometry() == before  # the page did not move
    assert prompt.geometry() == window.banner.geometry()  # in the banner's kept room
    assert fully_shown(prompt)

    # The check ends (judged, whatever its verdict): the prompt goes.
    qtbot.waitUntil(lambda: not prompt.isVisible(), timeout=CHECK_TIMEOUT_MS)
    assert prompt.text() == "" and question.geometry() == before

    # How it looks at the trainees' usual screen sizes (the prompt shown as the check did).
    window.proctor.stop()  # no new check comes to clear it while shooting
    for size in ((1024, 768), (1366, 768)):
        set_screen(qtbot, window, size)
        prompt.show_gesture("turn_right")
        qtbot.waitUntil(lambda: fully_shown(prompt), timeout=5_000)
        assert prompt.geometry() == window.banner.geometry()
        shoot(shots_dir, window, "exam-gesture", size)
    window.discard()
