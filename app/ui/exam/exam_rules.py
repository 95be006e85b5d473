"""考试须知: what the trainee agrees to before an attempt starts (EXAM-1, EXAM-2, EXAM-3,
EXAM-5, EXAM-7). 开始考试 is the main action; with more than one display, or while a
forbidden program runs (remote help, screen recording or sharing, a virtual camera, an AI
assistant), it is disabled and the reason stands beside it, the programs named, with
重新检查 (EXAM-7). Programs are looked for when the dialog opens and again at 开始考试.

The exam's length is the server's (`exam.minutes` in /me), the rule's 120 minutes when a
server does not say it; the exam window then counts down the attempt's own deadline.
"""

from __future__ import annotations

import logging

from app.core import rules
from app.proctor.programs import Found
from app.qt import QDialog, QGuiApplication, QHBoxLayout, QScreen, Qt, QVBoxLayout, QWidget, Slot
from app.sync import wire
from app.ui.exam import exam_lock
from app.ui.exam.exam_programs import find_running, refusal_text
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext, enrollment_title
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import Card, button, label, primary_button

log = logging.getLogger(__name__)
DIALOG_WIDTH = 860


def rule_lines(enrollment: wire.Enrollment) -> list[str]:
    exam = enrollment["exam"]
    used, allowed = exam["attempts_used"], exam["attempts_allowed"]
    return [
        translate(
            "ExamRules", "考试时长 %1 分钟，由服务器计时；时间到时自动交卷，"
            "按已保存的答案评分。"
        ).replace("%1", str(exam.get("minutes", rules.EXAM_MINUTES))),
        translate("ExamRules", "共有 %1 次考试机会，已用 %2 次，本次是第 %3 次。")
        .replace("%1", str(allowed)).replace("%2", str(used)).replace("%3", str(used + 1)),
        translate("ExamRules", "满分 %1 分，%2 分及以上为合格；以各次考试的最高分为准。")
        .replace("%1", str(rules.FULL_SCORE)).replace("%2", str(rules.PASS_SCORE)),
        translate(
            "ExamRules",
            "考试开始后中途离开（关闭考试窗口、点“退出考试”、退出登录）按 0 分计，"
            "并用掉这次考试机会。",
        ),
        translate(
            "ExamRules",
            "考试窗口会占满整个屏幕。切换到其他窗口会被记录；复制、粘贴和截屏不可用。"
            "考试中摄像头会继续核对本人。",
        ),
        translate(
            "ExamRules",
            "每道题的答案在选择时即保存。如遇断电、断网或程序意外关闭，"
            "重新打开本程序即可继续作答，剩余时间以服务器为准。",
        ),
        translate("ExamRules", "开始前需要进行人脸识别，请坐在摄像头前，光线充足。"),
    ]


class ExamRulesDialog(QDialog):
    """Accepted = the trainee chose 开始考试 (with one display)."""

    def __init__(
        self, ctx: AppContext, enrollment: wire.Enrollment, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enrollment = enrollment
        self.setObjectName("exam_rules_dialog")
        self.setWindowTitle(translate("ExamRules", "考试须知"))
        self.setFixedWidth(DIALOG_WIDTH)

        column = QVBoxLayout(self)
        column.setContentsMargins(28, 24, 28, 24)
        column.setSpacing(12)
        column.addWidget(label(translate("ExamRules", "考试须知"), "title"))
        column.addWidget(label(enrollment_title(enrollment), "heading"))
        card = Card()
        for number, line in enumerate(rule_lines(enrollment), start=1):
            card.body.addWidget(label(f"{number}. {line}"))
        column.addWidget(card)

        self.display_reason = label("", "reason")
        self.display_reason.setObjectName("exam_display_reason")
        self.start_button = primary_button(translate("ExamRules", "开始考试"))
        self.start_button.setObjectName("start_exam_button")
        self.start_button.clicked.connect(self.accept)
        self.cancel_button = button(translate("ExamRules", "暂不考试"))
        self.cancel_button.setObjectName("cancel_exam_button")
        self.cancel_button.clicked.connect(self.reject)
        column.addWidget(self.display_reason)
        self.program_reason = label("", "reason")
        self.program_reason.setObjectName("exam_program_reason")
        self.program_reason.setVisible(False)
        self.recheck_button = button(translate("ExamRules", "重新检查"))
        self.recheck_button.setObjectName("recheck_programs_button")
        self.recheck_button.setVisible(False)
        self.recheck_button.clicked.connect(lambda: self.check_programs())
        column.addWidget(self.program_reason)
        column.addWidget(self.recheck_button)
        actions = QHBoxLayout()
        actions.addWidget(self.start_button, 2)
        actions.addWidget(self.cancel_button, 1)
        column.addLayout(actions)

        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screens_changed)
        self.found: list[Found] = []
        self.checking = False
        self.accept_when_clear = False
        self.check_displays()
        self.check_programs()
        self._fit()

    def _fit(self) -> None:
        # Wrapped labels need the height for the dialog's width, which a dialog's first
        # size does not ask for: the rules would be cut off at one line each.
        layout = self.layout()
        assert layout is not None
        self.resize(DIALOG_WIDTH, layout.totalHeightForWidth(DIALOG_WIDTH))

    def check_displays(self) -> bool:
        """EXAM-7: one display only. Says why beside the disabled button otherwise."""
        count = exam_lock.count_displays()
        allowed = count <= 1
        self.start_button.setEnabled(allowed and not self.found)
        self.display_reason.setVisible(not allowed)
        self.display_reason.setText(
            ""
            if allowed
            else translate(
                "ExamRules",
                "检测到 %1 个显示器。考试只能在一个显示器上进行，请断开其他显示器后再开始。",
            ).replace("%1", str(count))
        )
        if self.layout() is not None and self.isVisible():
            self._fit()
        (self.start_button if allowed else self.cancel_button).setFocus(
            Qt.FocusReason.OtherFocusReason
        )
        return allowed

    @Slot(QScreen)
    def _screens_changed(self, _screen: QScreen) -> None:
        self.check_displays()

    def check_programs(self, *, then_accept: bool = False) -> None:
        """EXAM-7: the forbidden programs running now, on a worker thread."""
        self.accept_when_clear = self.accept_when_clear or then_accept
        if self.checking:
            return
        self.checking = True
        self.recheck_button.setEnabled(False)
        run_in_background(
            self,
            lambda: find_running(self.ctx),
            on_success=self._programs_found,
            on_failure=self._check_failed,
        )

    def _programs_found(self, found: list[Found]) -> None:
        self.checking = False
        self.found = found
        self.recheck_button.setEnabled(True)
        self.program_reason.setText(refusal_text(found) if found else "")
        self.program_reason.setVisible(bool(found))
        self.recheck_button.setVisible(bool(found))
        # Not when 暂不考试 was chosen while the check ran: the dialog is closed then.
        accept = self.accept_when_clear and not found and self.isVisible()
        self.accept_when_clear = False
        if self.check_displays() and accept:
            super().accept()

    def _check_failed(self, exc: Exception) -> None:
        # The system would not list its processes: the exam is not refused for that;
        # the watch during the exam tries again.
        log.warning("processes could not be listed: %s", exc)
        self._programs_found([])

    def accept(self) -> None:
        # Looked at again: a second screen plugged in, or a program started, while reading.
        if self.check_displays():
            self.check_programs(then_accept=True)
