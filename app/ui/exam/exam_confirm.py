"""The exam's two confirmations: 交卷 with the unanswered questions listed, and 退出考试
with the EXAM-3 warning (leaving scores 0 and uses the attempt). Enter and Esc both keep
the trainee in the exam; only the named button goes on.

Tests press the boxes' buttons by name: confirm_submit_button, confirm_leave_button,
continue_exam_button.
"""

from __future__ import annotations

from collections.abc import Callable

from app.qt import QMessageBox, QWidget
from app.sync import wire
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import set_role

LISTED_AT_MOST = 30  # unanswered question numbers named in the box


def submit_question(unanswered: list[int]) -> str:
    """The 交卷 question, naming the questions (numbers from 1) still unanswered."""
    if not unanswered:
        return translate("ExamConfirm", "全部题目已作答。交卷后不能再修改答案。确定交卷吗？")
    separator = translate("ExamConfirm", "、")  # between question numbers
    numbers = separator.join(str(n) for n in unanswered[:LISTED_AT_MOST])
    numbers += "…" if len(unanswered) > LISTED_AT_MOST else ""
    text = translate(
        "ExamConfirm", "还有 %1 道题没有作答：第 %2 题。\n交卷后不能再修改答案。确定交卷吗？"
    )
    return text.replace("%1", str(len(unanswered))).replace("%2", numbers)


def leave_question(exam: wire.ExamState) -> str:
    """EXAM-3: leaving is a 0 and uses this attempt; say how many are left."""
    text = translate(
        "ExamConfirm",
        "现在退出考试，本次考试按 0 分计，并用掉这次考试机会"
        "（共 %1 次，含本次已用 %2 次）。\n确定退出吗？",
    )
    return text.replace("%1", str(exam["attempts_allowed"])).replace(
        "%2", str(exam["attempts_used"] + 1)
    )


def submit_button_text() -> str:
    return translate("ExamConfirm", "确定交卷")


def leave_button_text() -> str:
    return translate("ExamConfirm", "退出并计 0 分")


def open_confirm_box(
    parent: QWidget,
    text: str,
    yes_text: str,
    yes_name: str,
    on_decided: Callable[[bool], None],
    *,
    danger: bool = False,
) -> QMessageBox:
    """Open (window-modal) a box whose default and escape button is 继续答题;
    `on_decided(True)` only when `yes_text` was pressed."""
    box = QMessageBox(parent)
    box.setObjectName("exam_confirm_box")
    box.setIcon(QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question)
    box.setWindowTitle(translate("ExamConfirm", "请确认"))
    box.setText(text)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    yes.setObjectName(yes_name)
    if danger:
        set_role(yes, "danger")
    stay = box.addButton(translate("ExamConfirm", "继续答题"), QMessageBox.ButtonRole.RejectRole)
    stay.setObjectName("continue_exam_button")
    box.setDefaultButton(stay)  # Enter and Esc keep the trainee in the exam
    box.setEscapeButton(stay)
    box.finished.connect(lambda _code: on_decided(box.clickedButton() is yes))
    box.open()
    return box
