"""Above the exam's question: the trade, the attempt and its length, how many questions
are answered and the server's time left (exam_countdown.ExamCountdown's caption and
clock)."""

from __future__ import annotations

from app.qt import QHBoxLayout, QVBoxLayout, QWidget
from app.sync import wire
from app.ui.exam.exam_countdown import ExamCountdown
from app.ui.exam.exam_question import attempt_minutes
from app.ui.kit.context import enrollment_title
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import label


class ExamHeader(QWidget):
    def __init__(
        self, enrollment: wire.Enrollment, attempt: wire.Attempt, countdown: ExamCountdown
    ) -> None:
        super().__init__()
        self.title = label(enrollment_title(enrollment), "heading", wrap=False)
        self.length_line = label(
            translate("ExamWindow", "第 %1 次考试　时长 %2 分钟")
            .replace("%1", str(enrollment["exam"]["attempts_used"] + 1))
            .replace("%2", str(attempt_minutes(attempt))),
            "hint",
        )
        self.count_label = label("", "heading", wrap=False)
        self.count_label.setObjectName("answered_count")
        names = QVBoxLayout()
        names.addWidget(self.title)
        names.addWidget(self.length_line)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(names, 1)
        row.addWidget(self.count_label)
        row.addSpacing(32)
        row.addWidget(countdown.caption)
        row.addWidget(countdown.clock)

    def show_count(self, answered: int, total: int) -> None:
        self.count_label.setText(
            translate("ExamWindow", "已答 %1 / %2 题")
            .replace("%1", str(answered))
            .replace("%2", str(total))
        )
