"""The client without a mouse (issue 15): exam options by Tab/arrows and by 1-4 / A-D, and
every focusable control named for a screen reader."""

from __future__ import annotations

from typing import Any

import pytest

from app.ui.exam.exam_question import option_for_key

pytestmark = pytest.mark.display

SINGLE: Any = {"id": "q1", "kind": "single", "text": "安全帽的作用是？", "points": 2,
               "options": [{"key": k, "text": t} for k, t in
                           zip("ABCD", ["防晒", "防止头部受伤", "装饰", "防雨"], strict=True)]}
MULTIPLE: Any = {**SINGLE, "id": "q2", "kind": "multiple"}


def test_keys_name_options_by_place() -> None:
    assert [option_for_key(k, 4) for k in "1234"] == [0, 1, 2, 3]
    assert [option_for_key(k, 4) for k in "abcdABCD"] == [0, 1, 2, 3, 0, 1, 2, 3]
    assert option_for_key("5", 4) is None and option_for_key("e", 4) is None
    assert option_for_key("0", 4) is None and option_for_key("", 4) is None
    assert option_for_key("B", 2) == 1 and option_for_key("C", 2) is None  # true/false


def test_exam_options_answer_from_the_keyboard(styled_app: Any, qtbot: Any) -> None:
    from app.qt import Qt
    from app.ui.exam.exam_question import QuestionView

    view = QuestionView()
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    answers: list[list[str]] = []
    view.answered.connect(lambda _qid, keys: answers.append(keys))
    view.show_question(1, 2, SINGLE, [])
    focused = view.option_buttons[0]
    qtbot.keyClick(focused, "3")
    assert view.chosen() == ["C"] and answers[-1] == ["C"]
    qtbot.keyClick(view.option_buttons[2], "b")
    assert view.chosen() == ["B"]
    view.show_question(2, 2, MULTIPLE, [])
    for key in ("a", "4", "a", "2"):
        qtbot.keyClick(view.option_buttons[0], key)
    assert view.chosen() == ["B", "D"]
    for choice in view.option_buttons:  # every option has a name a screen reader says
        assert choice.accessibleName() and choice.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_a_keyboard_alone_signs_in_opens_a_lesson_and_answers_in_the_exam(
    styled_app: Any, client_options: Any, ui_server: Any, enrolled_photo: bytes, qtbot: Any,
    shots_dir: Any,
) -> None:
    """王五 (photo set, every lesson credited) with no mouse: the ID number, Tab, the
    password, Tab, Space ticks the agreement, Tab, Enter; on the home page focus is on 参加考试;
    Tab to 查看课程, Enter, Enter opens the first lesson again with its main button focused; back
    home, Shift+Tab, Enter, Enter through the rules into the locked exam; "2" answers."""
    from app.qt import QApplication, Qt
    from app.ui.launch import create_main_window
    from tests.support.exam_client import NEW_PASSWORD, WANG_WU, wait_stage

    token = ui_server.ready_trainee(WANG_WU, NEW_PASSWORD)
    ui_server.consent(token)  # FACE-8
    stored = ui_server.call("PUT", "/me/photo", token, data=enrolled_photo,
                            headers={"Content-Type": "image/jpeg"})
    assert stored.status_code == 201, stored.text
    window, _server = create_main_window(client_options)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10000)

    def focused() -> Any:
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def press(key: Any, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
        qtbot.keyClick(focused(), key, modifier)

    try:
        page = window.login_page
        qtbot.waitUntil(lambda: focused() is page.id_edit, timeout=5000)
        qtbot.keyClicks(focused(), WANG_WU)
        press(Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), NEW_PASSWORD)
        press(Qt.Key.Key_Tab)
        assert focused() is page.agree_box
        press(Qt.Key.Key_Space)
        press(Qt.Key.Key_Tab)
        assert focused() is page.login_button
        press(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(window.home_page.cards), timeout=15000)

        def card() -> Any:
            """The card as now: /me is read again after the home page shows, and each
            reading makes the cards anew (keeping the focus on the same button)."""
            return window.home_page.cards[0]

        qtbot.waitUntil(lambda: focused() is card().main_button, timeout=5000)
        assert card().main_button.objectName() == "exam_button"

        press(Qt.Key.Key_Tab)
        assert focused() is card().buttons["lessons_button"]
        window.ctx.publish_me(window.ctx.me)  # a reading of /me now keeps the focus there
        assert focused() is card().buttons["lessons_button"]
        press(Qt.Key.Key_Return)
        lessons = window.windows[f"lessons:{card().enrollment['id']}"]
        qtbot.waitUntil(lambda: bool(getattr(lessons, "lessons", None)), timeout=15000)
        first_row = lessons.rows[lessons.lessons[0]["id"]]
        qtbot.waitUntil(lambda: focused() is first_row.open_button, timeout=5000)  # all watched
        press(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: lessons.lesson_window is not None, timeout=5000)
        lesson = lessons.lesson_window
        qtbot.waitUntil(lambda: focused() is lesson.start_button, timeout=5000)
        lesson.close()  # the window's own close (Alt+F4 is the system's)
        lessons.close()

        window.activateWindow()
        qtbot.waitUntil(lambda: focused() is card().buttons["lessons_button"], timeout=5000)
        press(Qt.Key.Key_Backtab)
        assert focused() is card().main_button
        press(Qt.Key.Key_Return)
        from app.ui.exam import exam_flow

        flow = exam_flow.last_flow()
        assert flow is not None
        qtbot.waitUntil(lambda: flow.rules_dialog is not None
                        and focused() is flow.rules_dialog.start_button, timeout=10000)
        press(Qt.Key.Key_Return)
        wait_stage(qtbot, flow, "exam")
        exam = flow.window
        qtbot.waitUntil(lambda: focused() in exam.question_view.option_buttons, timeout=10000)
        press(Qt.Key.Key_2)
        assert exam.question_view.chosen() == ["B"]
        question_id = exam.question_view.question["id"]
        attempt = exam.channel.attempt_id

        def saved() -> bool:
            answer = ui_server.call("GET", f"/attempts/{attempt}", window.ctx.api.token).json()
            return bool(answer["answers"].get(question_id) == ["B"])

        qtbot.waitUntil(saved, timeout=20000)

        # The locked window at each screen size: 交卷, 下一题 and every option in view (an
        # option wraps to the question's column: no sideways scrolling, whatever was drawn).
        from app.qt import QScrollArea
        from tests.support.screens import SIZES, fully_shown, set_screen, shoot

        scroll = exam.findChild(QScrollArea, "question_scroll")
        for size in SIZES:
            set_screen(qtbot, exam, size)
            for widget in (exam.submit_button, exam.next_button):
                assert fully_shown(widget), (size, widget.objectName())
            assert scroll.horizontalScrollBar().maximum() == 0, size
            # The navigator scrolls, so the question has the room: more than half the
            # screen's width (~380 px at 1024 with ten columns before), and the window's
            # least height within the screen whatever the number of questions.
            assert scroll.width() > size[0] // 2, (size, scroll.width())
            assert exam.minimumSizeHint().height() <= size[1] - 40, size
            for option in exam.question_view.option_buttons:
                scroll.ensureWidgetVisible(option)  # a long question may scroll down
                assert fully_shown(option), (size, option.text(), option.geometry())
            shoot(shots_dir, exam, "exam", size)
            last = exam.navigator.buttons[-1]
            exam.show_question(len(exam.navigator.buttons) - 1)  # its button scrolled to
            qtbot.waitUntil(lambda last=last: fully_shown(last), timeout=5000)
            exam.show_question(0)
    finally:
        flow = exam_flow.last_flow() if "exam_flow" in locals() else None
        if flow is not None and flow.window is not None:
            flow.window.proctor.stop()
            flow.window.watch.stop()
            flow.window.lock.release()
            flow.window.hide()
        window.close_windows()
        window.ctx.shutdown()



def test_the_banks_longest_options_wrap_inside_the_question_column(
    styled_app: Any, qtbot: Any
) -> None:
    """The question's column at 1024x768 is ~370 px: a radio button's one-line text (the
    bank's longest option is ~1,200 px at 18 pt) made the question scroll sideways, off
    the screen; every option now wraps inside the column and still answers to a click."""
    import json
    from pathlib import Path

    from app.qt import QApplication, QFrame, QPoint, QScrollArea, Qt
    from app.ui.exam.exam_question import QUESTION_STYLE, QuestionView
    from tests.support.screens import fully_shown

    texts = sorted(
        (option["text"] for path in Path("resources/demo").glob("questions_*.json")
         for question in json.loads(path.read_text(encoding="utf-8"))["questions"]
         for option in question["options"]), key=len)[-4:]  # fmt: skip
    scroll = QScrollArea()
    qtbot.addWidget(scroll)
    scroll.setObjectName("question_scroll")
    scroll.setStyleSheet(QUESTION_STYLE)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    view = QuestionView()
    scroll.setWidget(view)
    scroll.resize(370, 640)
    scroll.show()
    qtbot.waitExposed(scroll)
    for kind in ("single", "multiple"):
        question = {**SINGLE, "kind": kind, "options": [
            {"key": key, "text": text} for key, text in zip("ABCD", texts, strict=True)]}
        view.show_question(55, 55, question, [])  # the widest heading, a scroll bar beside
        assert all(option.isVisible() for option in view.option_buttons)  # at once
        qtbot.waitUntil(lambda: all(  # laid out: each option as wide as the question
            option.width() == view.width() for option in view.option_buttons), timeout=5000)
        QApplication.sendPostedEvents()  # the scroll area's own relayout after the question's
        QApplication.processEvents()
        assert scroll.horizontalScrollBar().maximum() == 0, (kind, view.minimumSizeHint())
        for option in view.option_buttons:
            scroll.ensureWidgetVisible(option)
            assert fully_shown(option) and option.height() > 100, (kind, option.geometry())
        last = view.option_buttons[-1]
        qtbot.mouseClick(last, Qt.MouseButton.LeftButton,
                         pos=last.rect().bottomRight() - QPoint(20, 10))  # its last line
        assert view.chosen() == ["D"], kind
