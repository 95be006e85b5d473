"""The exam, applications and receipt screens speak English with the English catalogues:
no Chinese left but data from the server (question texts, trade names)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.exam_client import signed_in
from tests.support.exam_start import start_exam_as
from tests.support.live_server import LiveServer

CHINESE = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
SUN_BA = "530102198505050061"


def visible_texts(root: Any) -> list[str]:
    from app.qt import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit

    texts = [root.windowTitle()]
    for widget in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if widget.isVisible() and widget.text():
            texts.append(widget.text())
    for widget in root.findChildren(QLineEdit) + root.findChildren(QPlainTextEdit):
        if widget.isVisible():
            texts.append(widget.placeholderText())
    if hasattr(root, "text") and callable(root.text):  # message boxes
        texts.append(root.text())
    return texts


def assert_english(root: Any, data: set[str]) -> None:
    for text in visible_texts(root):
        for item in sorted(data, key=len, reverse=True):
            text = text.replace(item, "")
        assert not CHINESE.search(text), text


@pytest.fixture
def english(styled_app: Any) -> Iterator[None]:
    from app.qt import QLocale
    from app.ui.kit.i18n import install_translators

    translators = install_translators(styled_app, "en")
    yield
    for translator in translators:
        styled_app.removeTranslator(translator)
    QLocale.setDefault(QLocale("zh_CN"))


def data_of(enrollment: Any, attempt: Any = None) -> set[str]:
    from app.ui.kit.context import enrollment_title
    from app.ui.kit.widgets import format_date

    data = {enrollment_title(enrollment), enrollment["trade"]["name"], format_date(
        enrollment["study"]["closes_on"]) if enrollment["study"]["closes_on"] else "x"}
    for question in (attempt or {}).get("questions", []):
        data.add(question["text"])
        data |= {f"{o['key']}. {o['text']}" for o in question["options"]}
    return data


def test_the_exam_screens_speak_english(
    english: None, qtbot: Any, sign_in_wang_wu: Callable[..., Any], shots_dir: Path,
) -> None:
    from app.ui.exam import exam_lock
    from app.ui.exam.exam_result import ExamResultDialog
    from app.ui.exam.exam_rules import ExamRulesDialog
    from app.ui.exam.exam_window import ExamWindow

    ctx = sign_in_wang_wu()
    enrollment = ctx.me["enrollments"][0]
    rules = ExamRulesDialog(ctx, enrollment)
    qtbot.addWidget(rules)
    rules.show()
    qtbot.waitExposed(rules)
    assert rules.start_button.text() == "Start exam"
    assert_english(rules, data_of(enrollment))
    rules.grab().save(str(shots_dir / "exam_rules_en.png"))
    original = exam_lock.count_displays
    exam_lock.count_displays = lambda: 2
    try:
        rules.check_displays()
        assert_english(rules, data_of(enrollment))
    finally:
        exam_lock.count_displays = original

    rules.close()
    attempt = start_exam_as(ctx.api, enrollment["id"])
    window = ExamWindow(ctx, enrollment, attempt)
    qtbot.addWidget(window)
    window.show_locked()
    qtbot.waitExposed(window)
    data = data_of(enrollment, attempt)
    for index, question in enumerate(window.questions[:4]):
        window.navigator.buttons[index].click()
        window.question_view.choose([question["options"][0]["key"]])
        assert_english(window, data)
    qtbot.waitUntil(lambda: not window.channel.busy, timeout=10000)
    assert not window.banner.isVisible()  # no focus loss was made up
    assert window.save_state.text() == "Saved"
    qtbot.wait(300)
    shot = window.screen().grabWindow(0)
    shot.save(str(shots_dir / "exam_window_en.png"))
    window.submit_button.click()
    assert_english(window.confirm_box, data)
    assert "questions are not answered: 5, 6, 7" in window.confirm_box.text()
    window.confirm_box.reject()
    qtbot.waitUntil(lambda: window.confirm_box is None)
    window.leave_button.click()
    assert_english(window.confirm_box, data)
    from app.qt import QPushButton

    with qtbot.waitSignal(window.finished, timeout=10000) as ended:
        window.confirm_box.findChild(QPushButton, "confirm_leave_button").click()
    result = ExamResultDialog(ended.args[0])
    qtbot.addWidget(result)
    result.show()
    qtbot.waitExposed(result)
    assert_english(result, data)
    assert result.findChild(type(result.best_line), "exam_verdict").text() == "Not passed"
    result.grab().save(str(shots_dir / "exam_result_en.png"))


def test_applications_and_receipt_speak_english(
    english: None, qtbot: Any, client_options: Any, ui_server: LiveServer,
    sign_in_wang_wu: Callable[..., Any], client_contexts: list[Any], shots_dir: Path,
) -> None:
    from app.ui.home.applications import ApplicationsDialog
    from app.ui.home.receipt import ReceiptDialog

    ctx = sign_in_wang_wu(with_photo=False)
    enrollment = ctx.me["enrollments"][0]
    dialog = ApplicationsDialog(ctx, enrollment)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.applications_loaded, timeout=10000):
        dialog.show()
    qtbot.waitExposed(dialog)
    dialog.phone.setText("123")
    assert dialog.refusal.isVisible()
    qtbot.wait(200)
    assert_english(dialog, data_of(enrollment))
    dialog.grab().save(str(shots_dir / "applications_en.png"))

    receipt = ReceiptDialog(ctx, enrollment)
    qtbot.addWidget(receipt)
    with qtbot.waitSignal(receipt.problem_shown, timeout=10000):
        receipt.show()
    assert_english(receipt, data_of(enrollment))

    passed = signed_in(client_options, ui_server, SUN_BA, None)
    client_contexts.append(passed)
    enrollment = passed.me["enrollments"][0]
    receipt = ReceiptDialog(passed, enrollment)
    qtbot.addWidget(receipt)
    with qtbot.waitSignal(receipt.loaded, timeout=10000):
        receipt.show()
    qtbot.waitExposed(receipt)
    assert_english(receipt, data_of(enrollment))
    receipt.grab().save(str(shots_dir / "receipt_en.png"))
