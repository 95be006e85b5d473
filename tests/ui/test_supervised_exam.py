"""The exam under a clerk's supervision at a kiosk, end to end under Xvfb (FACE-8: "the
exam can be taken the same way"): a clerk signs in after checking the ID card; the
trainee (every lesson credited, no consent, no photo, no camera at all on this PC) takes
the exam with no face check and no camera proctoring; the answers reach the server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.exam_client import WANG_WU, wait_stage
from tests.support.exam_screens import answer, wait_saved
from tests.support.kiosk import Kiosk


def test_a_clerk_supervises_the_exam_without_a_camera(
    styled_app: Any, qtbot: Any, kiosk: Kiosk, screenshot: Callable[[str], Path]
) -> None:
    # RULES: FACE-8, EXAM-7
    from app.ui.exam import exam_flow

    window = kiosk.window
    flow = None
    try:
        ctx = kiosk.supervise(WANG_WU)
        supervision = ctx.me["supervised_study"]["session"]
        assert supervision is not None and supervision["active"]
        assert supervision["clerk"] == "admin"

        exam_flow.start_exam(ctx, ctx.me["enrollments"][0], window)
        flow = exam_flow.last_flow()
        assert flow is not None and flow.current == "rules"
        qtbot.waitExposed(flow.rules_dialog)
        flow.rules_dialog.start_button.click()
        wait_stage(qtbot, flow, "exam")
        assert flow.face_dialog is None  # no face check was opened
        exam = flow.window
        qtbot.waitExposed(exam)
        assert exam.proctor is None  # the clerk watches, not the camera
        given = {exam.questions[i]["id"]: answer(qtbot, exam, i) for i in range(2)}
        wait_saved(qtbot, exam)
        qtbot.wait(300)
        screenshot("supervised-exam")
        saved = ctx.api.attempt(exam.channel.attempt_id)["answers"]
        assert saved == given  # the answers reached the server
        assert ctx._camera is None  # no camera was ever started
    finally:
        if flow is not None and flow.window is not None:
            flow.window.lock.release()
            flow.window.watch.stop()
            flow.window.hide()
