"""The exam against the real server on loopback (EXAM-1..7): the rules, the real face
check with the face video, the locked window, answers saved as given, submit with the
unanswered list, the result from the server; leaving scores 0; focus loss is recorded;
two displays refuse; a crash resumes the same paper with the server's remaining time.

Helpers here are shared by the other test_exam_* modules."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.support.live_server import LiveServer

WANG_WU = "532501198811200037"  # every lesson credited, no attempt yet
NEW_PASSWORD = "Anquan2026!"
FLOW_TIMEOUT_MS = 60_000  # the face check with the real engine included


def signed_in(options: Any, server: LiveServer, id_number: str, photo: bytes | None) -> Any:
    """An AppContext logged in as the trainee (password changed), /me loaded."""
    from app.ui.context import AppContext

    server.ready_trainee(id_number, NEW_PASSWORD)
    ctx = AppContext(options, options.server_url)
    ctx.begin_session(ctx.api.login(id_number, NEW_PASSWORD))
    if photo is not None and ctx.api.me()["photo"]["status"] == "missing":
        ctx.api.upload_photo(photo)
    ctx.refresh_me()
    return ctx


@pytest.fixture
def contexts() -> Iterator[list[Any]]:
    made: list[Any] = []
    yield made
    for ctx in made:
        ctx.shutdown()


@pytest.fixture
def host(qtbot: Any) -> Any:
    """The parent the home screen would pass."""
    from app.qt import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def wait_stage(qtbot: Any, flow: Any, stage: str, timeout: int = FLOW_TIMEOUT_MS) -> None:
    qtbot.waitUntil(lambda: flow.current == stage, timeout=timeout)


def begin_exam(qtbot: Any, ctx: Any, host: Any, *, shot: Callable[[Any], None] | None = None
               ) -> Any:
    """start_exam through the rules dialog and the real face check up to the window."""
    from app.ui import exam_flow

    exam_flow.start_exam(ctx, ctx.me["enrollments"][0], host)
    flow = exam_flow.last_flow()
    assert flow is not None and flow.current == "rules"
    dialog = flow.rules_dialog
    qtbot.waitExposed(dialog)
    if shot is not None:
        shot(dialog)
    assert dialog.start_button.isEnabled()
    dialog.start_button.click()
    wait_stage(qtbot, flow, "exam")
    assert flow.window is not None
    qtbot.waitExposed(flow.window)
    return flow


def wait_saved(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: not window.channel.busy, timeout=15000)


def answer(qtbot: Any, window: Any, index: int) -> list[str]:
    """Go to question `index` with the navigator and answer it (the first option, or the
    first two for multiple choice), as clicks do."""
    window.navigator.buttons[index].click()
    question = window.questions[index]
    keys = [o["key"] for o in question["options"]][: 2 if question["kind"] == "multiple" else 1]
    window.question_view.choose(keys)
    return keys


def confirm(qtbot: Any, window: Any, button_name: str) -> None:
    from app.qt import QPushButton

    qtbot.waitUntil(lambda: window.confirm_box is not None and window.confirm_box.isVisible())
    window.confirm_box.findChild(QPushButton, button_name).click()


def attempt_row(server: LiveServer, attempt_id: str) -> Any:
    from app.server.models import ExamAttempt

    with server.context.sessions() as db:
        row = db.get(ExamAttempt, attempt_id)
        db.expunge(row)
        return row


def incidents(server: LiveServer, attempt_id: str) -> list[tuple[str, str]]:
    from app.server.models import AttemptIncident

    with server.context.sessions() as db:
        rows = db.scalars(select(AttemptIncident).where(AttemptIncident.attempt_id == attempt_id))
        return [(row.kind, row.detail) for row in rows]


# ---------------------------------------------------------------------------- tests


def test_wang_wu_takes_the_exam_in_the_locked_window_and_sees_the_result(
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    enrolled_photo: bytes, contexts: list[Any], host: Any, shots_dir: Path,
    screenshot: Callable[[str], Path],
) -> None:
    # RULES: EXAM-1, EXAM-5, EXAM-6, EXAM-7
    from app.qt import Qt

    ctx = signed_in(client_options, ui_server, WANG_WU, enrolled_photo)
    contexts.append(ctx)

    def shot_rules(dialog: Any) -> None:
        dialog.grab().save(str(shots_dir / "exam_rules.png"))

    flow = begin_exam(qtbot, ctx, host, shot=shot_rules)
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
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    enrolled_photo: bytes, contexts: list[Any], host: Any,
) -> None:
    # RULES: EXAM-3
    ctx = signed_in(client_options, ui_server, WANG_WU, enrolled_photo)
    contexts.append(ctx)
    flow = begin_exam(qtbot, ctx, host)
    window = flow.window
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
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    enrolled_photo: bytes, contexts: list[Any], host: Any,
) -> None:
    # RULES: EXAM-7
    from app.qt import QGuiApplication, QKeyEvent, QWidget

    QGuiApplication.clipboard().setText("答案抄在这里")
    ctx = signed_in(client_options, ui_server, WANG_WU, enrolled_photo)
    contexts.append(ctx)
    flow = begin_exam(qtbot, ctx, host)
    window = flow.window
    assert QGuiApplication.clipboard().text() == ""  # cleared at the start
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)

    other = QWidget()  # another program's window takes the focus
    other.setWindowTitle("other")
    qtbot.addWidget(other)
    other.show()
    QGuiApplication.clipboard().setText("copied elsewhere")
    with qtbot.waitSignal(window.channel.incident_recorded, timeout=10000) as recorded:
        other.activateWindow()
    assert recorded.args == ["focus_lost", "server"]
    assert window.banner.isVisible() and "离开了考试窗口" in window.banner.text()
    kinds = [kind for kind, _ in incidents(ui_server, window.channel.attempt_id)]
    assert kinds == ["focus_lost"]
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
    from app.ui import exam_flow, exam_lock

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
