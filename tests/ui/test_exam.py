"""The exam against the real server on loopback (EXAM-1..7): the rules, the real face
check with the face video, the locked window, answers saved as given, submit with the
unanswered list, the result from the server; leaving scores 0; focus loss is recorded;
two displays refuse; a crash resumes the same paper with the server's remaining time.

Helpers shared with the other test_exam_* modules are in tests/support/exam_screens.py
(signing in and beginning the exam in tests/support/exam_client.py, the fixtures in
tests/support/ui_fixtures.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.support.exam_client import (  # noqa: F401  (re-exported for other modules)
    FLOW_TIMEOUT_MS,
    NEW_PASSWORD,
    WANG_WU,
    ExamUnderWay,
    begin_exam,
    signed_in,
    wait_stage,
)
from tests.support.exam_screens import (
    answer,
    attempt_row,
    confirm,
    contexts,
    wait_saved,
)
from tests.support.exam_start import start_exam_as
from tests.support.live_server import LiveServer

__all__ = ["contexts"]  # fixtures used below

MACHINE_KINDS = ("virtual_machine", "remote_session")


def incidents(server: LiveServer, attempt_id: str) -> list[tuple[str, str]]:
    from app.server.models import AttemptIncident

    with server.context.sessions() as db:
        rows = db.scalars(select(AttemptIncident).where(AttemptIncident.attempt_id == attempt_id))
        return [(row.kind, row.detail) for row in rows]


# ---------------------------------------------------------------------------- tests


def test_wang_wu_takes_the_exam_in_the_locked_window_and_sees_the_result(
    styled_app: Any, qtbot: Any, ui_server: LiveServer,
    begin_wang_wus_exam: Callable[..., ExamUnderWay], shots_dir: Path,
    screenshot: Callable[[str], Path],
) -> None:
    # RULES: EXAM-1, EXAM-5, EXAM-6, EXAM-7
    from app.qt import Qt

    def shot_rules(dialog: Any) -> None:
        dialog.grab().save(str(shots_dir / "exam_rules.png"))

    exam = begin_wang_wus_exam(shot=shot_rules)
    ctx, flow = exam.ctx, exam.flow
    assert flow.face_dialog is not None and flow.face_dialog.outcome.passed  # real check
    window = flow.window
    flags = window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert window.isFullScreen()
    assert window.geometry() == window.screen().geometry()
    total = len(window.questions)
    assert total >= 20 and window.unanswered() == list(range(1, total + 1))
    assert "answer" not in str(window.questions[0]).lower()  # no key reaches the client

    given = {}
    for index in range(total):
        given[window.questions[index]["id"]] = answer(qtbot, window, index)
    wait_saved(qtbot, window)
    assert window.save_state.text() == "已保存"
    assert window.count_label.text() == f"已答 {total} / {total} 题"
    window.navigator.buttons[2].click()
    qtbot.waitUntil(lambda: window.index == 2)
    qtbot.wait(300)  # let the window repaint before grabbing the screen
    screenshot("exam_window")
    saved = ctx.api.attempt(window.channel.attempt_id)["answers"]
    assert saved == given  # every answer reached the server as given

    window.submit_button.click()
    assert "全部题目已作答" in window.confirm_box.text()
    confirm(qtbot, window, "confirm_submit_button")
    wait_stage(qtbot, flow, "result", 20000)
    result = flow.result_dialog.exam_result
    server_side = attempt_row(ui_server, window.channel.attempt_id)
    assert server_side.state == "submitted"
    assert result["score"] == server_side.score
    assert flow.result_dialog.findChild(type(window.count_label), "exam_score").text() == (
        f"{server_side.score} 分"
    )
    assert result["attempts_used"] == 1 and result["attempts_allowed"] == 5
    qtbot.waitExposed(flow.result_dialog)
    flow.result_dialog.grab().save(str(shots_dir / "exam_result.png"))
    assert not window.isVisible()
    flow.result_dialog.close_button.click()
    wait_stage(qtbot, flow, "done")
    assert ctx.me["enrollments"][0]["exam"]["attempts_used"] == 1


def test_submitting_lists_the_unanswered_questions_and_leaving_scores_zero(
    styled_app: Any, qtbot: Any, ui_server: LiveServer,
    begin_wang_wus_exam: Callable[..., ExamUnderWay],
) -> None:
    # RULES: EXAM-3
    exam = begin_wang_wus_exam()
    ctx, flow, window = exam.ctx, exam.flow, exam.window
    answer(qtbot, window, 0)
    answer(qtbot, window, 2)
    wait_saved(qtbot, window)
    window.submit_button.click()
    text = window.confirm_box.text()
    total = len(window.questions)
    assert f"还有 {total - 2} 道题没有作答" in text and "第 2、4、5" in text
    confirm(qtbot, window, "continue_exam_button")  # changed their mind: still in the exam
    qtbot.waitUntil(lambda: window.confirm_box is None)
    assert window.isVisible() and flow.current == "exam"

    window.close()  # closing the window is leaving: it asks first
    assert window.isVisible()
    assert "0 分" in window.confirm_box.text()
    confirm(qtbot, window, "confirm_leave_button")
    wait_stage(qtbot, flow, "result", 20000)
    assert flow.result_dialog.exam_result["score"] == 0
    assert not flow.result_dialog.exam_result["passed"]
    row = attempt_row(ui_server, window.channel.attempt_id)
    assert row.state == "abandoned" and row.score == 0
    flow.result_dialog.close_button.click()
    wait_stage(qtbot, flow, "done")
    exam = ctx.me["enrollments"][0]["exam"]
    assert exam["attempts_used"] == 1 and exam["open_attempt_id"] is None


def test_focus_loss_is_recorded_on_the_attempt_and_warned_about(
    styled_app: Any, qtbot: Any, ui_server: LiveServer,
    begin_wang_wus_exam: Callable[..., ExamUnderWay],
) -> None:
    # RULES: EXAM-7
    from app.qt import QGuiApplication, QKeyEvent, QWidget

    QGuiApplication.clipboard().setText("答案抄在这里")
    window = begin_wang_wus_exam().window
    assert QGuiApplication.clipboard().text() == ""  # cleared at the start
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)

    other = QWidget()  # another program's window takes the focus
    other.setWindowTitle("other")
    qtbot.addWidget(other)
    other.show()
    QGuiApplication.clipboard().setText("copied elsewhere")
    # What the PC is (a virtual machine, as this one may be) is recorded beside it: see
    # tests/ui/test_exam_programs.py.
    with qtbot.waitSignal(
        window.channel.incident_recorded,
        timeout=10000,
        check_params_cb=lambda kind, _where: kind not in MACHINE_KINDS,
    ) as recorded:
        other.activateWindow()
    assert recorded.args == ["focus_lost", "server"]
    assert window.banner.isVisible() and "离开了考试窗口" in window.banner.text()
    kinds = [kind for kind, _ in incidents(ui_server, window.channel.attempt_id)]
    assert [kind for kind in kinds if kind not in MACHINE_KINDS] == ["focus_lost"]
    # The window takes the focus back; the clipboard from elsewhere is cleared.
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=5000)
    assert attempt_row(ui_server, window.channel.attempt_id).state == "open"  # not ended

    # Copy shortcuts never reach the question.
    from app.qt import QEvent, QKeySequence, Qt

    copy = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert copy.matches(QKeySequence.StandardKey.Copy)
    assert window.lock.eventFilter(window.question_view.text, copy)
    window.discard()


def test_two_displays_refuse_to_start_with_the_reason(
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    contexts: list[Any], host: Any, monkeypatch: pytest.MonkeyPatch, shots_dir: Path,
) -> None:
    # RULES: EXAM-7
    from app.ui.exam import exam_flow, exam_lock

    ctx = signed_in(client_options, ui_server, WANG_WU, None)
    contexts.append(ctx)
    monkeypatch.setattr(exam_lock, "count_displays", lambda: 2)
    exam_flow.start_exam(ctx, ctx.me["enrollments"][0], host)
    flow = exam_flow.last_flow()
    dialog = flow.rules_dialog
    qtbot.waitExposed(dialog)
    assert not dialog.start_button.isEnabled()
    assert dialog.display_reason.isVisible()
    assert "检测到 2 个显示器" in dialog.display_reason.text()
    dialog.grab().save(str(shots_dir / "exam_rules_two_displays.png"))
    dialog.accept()  # even a forced accept does not start
    assert dialog.isVisible()
    monkeypatch.setattr(exam_lock, "count_displays", lambda: 1)
    assert dialog.check_displays() and dialog.start_button.isEnabled()
    dialog.cancel_button.click()
    wait_stage(qtbot, flow, "done")
    assert ctx.api.me()["enrollments"][0]["exam"]["attempts_used"] == 0


def test_the_focus_warning_does_not_move_the_question(
    styled_app: Any, qtbot: Any, sign_in_wang_wu: Callable[..., Any], shots_dir: Path,
) -> None:
    # Issue 15: room is kept for the banner, so nothing moves under the mouse when it shows.
    from app.qt import QRect, QWidget
    from app.ui.exam import exam_banner
    from app.ui.exam.exam_window import ExamWindow

    ctx = sign_in_wang_wu()
    enrollment = ctx.me["enrollments"][0]
    window = ExamWindow(ctx, enrollment, start_exam_as(ctx.api, enrollment["id"]))
    qtbot.addWidget(window)
    window.show_locked()
    qtbot.waitExposed(window)
    qtbot.wait(200)

    def places() -> list[QRect]:
        widgets = [window.question_view, *window.question_view.findChildren(QWidget),
                   *window.navigator.buttons, window.submit_button, window.next_button]
        return [QRect(w.mapTo(window, w.rect().topLeft()), w.size()) for w in widgets]

    before = places()
    assert not window.banner.isVisible()
    window.grab().save(str(shots_dir / "exam_no_warning.png"))
    for text in (exam_banner.left_window_warning(),
                 exam_banner.programs_running_warning(["微信", "QQ", "TeamViewer"]),
                 exam_banner.cannot_leave_offline_text()):
        window.show_banner(text)
        qtbot.waitUntil(window.banner.isVisible)
        qtbot.wait(100)
        assert places() == before, text
        assert window.banner.height() >= window.banner.heightForWidth(window.banner.width())
    window.grab().save(str(shots_dir / "exam_with_warning.png"))
    window.discard()


def test_the_offline_leave_notice_goes_when_an_answer_reaches_the_server(
    styled_app: Any, qtbot: Any, sign_in_wang_wu: Callable[..., Any],
) -> None:
    # Issue 15: stale notices cleared when their cause is gone.
    from app.sync.errors import OfflineError
    from app.ui.exam.exam_window import ExamWindow

    ctx = sign_in_wang_wu()
    enrollment = ctx.me["enrollments"][0]
    window = ExamWindow(ctx, enrollment, start_exam_as(ctx.api, enrollment["id"]))
    qtbot.addWidget(window)
    window.show_locked()
    qtbot.waitExposed(window)
    window._end_failed("abandon", OfflineError("offline", "connection refused"))
    assert window.banner.isVisible() and "现在不能退出考试" in window.banner.text()
    answer(qtbot, window, 0)  # the server is there again: the answer is saved on it
    qtbot.waitUntil(lambda: window.save_state.text() == "已保存", timeout=15000)
    assert not window.banner.isVisible()
    window.discard()
