"""考试须知: what the trainee agrees to before an attempt starts (EXAM-1, EXAM-2, EXAM-3,
EXAM-5, EXAM-7). 开始考试 is the main action; with more than one display it is disabled
and the reason stands beside it (EXAM-7).

The exam's length is the server's (`exam.minutes` in /me), the rule's 120 minutes when a
server does not say it; the exam window then counts down the attempt's own deadline.
"""

from __future__ import annotations

from app.core import rules
from app.qt import QDialog, QGuiApplication, QHBoxLayout, QScreen, Qt, QVBoxLayout, QWidget, Slot
from app.sync import wire
from app.ui.exam import exam_lock
from app.ui.kit.context import AppContext, enrollment_title
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import Card, button, label, primary_button

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
        actions = QHBoxLayout()
        actions.addWidget(self.start_button, 2)
        actions.addWidget(self.cancel_button, 1)
        column.addLayout(actions)

        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenAdded.connect(self._screens_changed)
        app.screenRemoved.connect(self._screens_changed)
        self.check_displays()
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
        self.start_button.setEnabled(allowed)
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

    def accept(self) -> None:
        if self.check_displays():  # a second screen plugged in while reading
            super().accept()
