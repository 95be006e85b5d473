"""The result (EXAM-5, EXAM-6): the score in big type, 合格 / 不合格, the best score and the
attempts used of allowed, and what comes next. Never the key."""

from __future__ import annotations

from app.core import rules
from app.qt import QDialog, QHBoxLayout, QVBoxLayout, QWidget
from app.sync import wire
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import Card, label, primary_button


def next_step_text(result: wire.ExamResult) -> str:
    best = result["best_score"]
    if result["passed"] or (best is not None and rules.is_pass(best)):
        return translate("ExamResult", "恭喜您考试合格！可在首页打印学时证明。")
    left = result["attempts_allowed"] - result["attempts_used"]
    if left > 0:
        text = translate("ExamResult", "还有 %1 次考试机会，可复习后再考。")
        return text.replace("%1", str(left))
    text = translate(
        "ExamResult", "考试机会已用完。可在首页“申请补考”，审核通过后再给 %1 次机会。"
    )
    return text.replace("%1", str(rules.EXAM_ATTEMPTS))


class ExamResultDialog(QDialog):
    def __init__(self, result: wire.ExamResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exam_result = result
        self.setObjectName("exam_result_dialog")
        self.setWindowTitle(translate("ExamResult", "考试结果"))
        self.setMinimumWidth(560)
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 24, 32, 24)
        column.setSpacing(12)
        column.addWidget(label(translate("ExamResult", "本次考试成绩"), "heading"))
        score = label(translate("ExamResult", "%1 分").replace("%1", str(result["score"])), "big")
        score.setObjectName("exam_score")
        score.setStyleSheet("font-size: 48pt;")
        passed_text = translate("ExamResult", "合格")
        failed_text = translate("ExamResult", "不合格")
        verdict = label(
            passed_text if result["passed"] else failed_text,
            "ok" if result["passed"] else "error",
        )
        verdict.setObjectName("exam_verdict")
        verdict.setStyleSheet("font-size: 28pt; font-weight: bold;")
        row = QHBoxLayout()
        row.addWidget(score)
        row.addSpacing(24)
        row.addWidget(verdict)
        row.addStretch(1)
        column.addLayout(row)

        card = Card()
        best = result["best_score"]
        self.best_line = label(
            translate("ExamResult", "最高分：%1 分").replace("%1", str(best))
            if best is not None
            else translate("ExamResult", "最高分：暂无"),
        )
        self.best_line.setObjectName("exam_best_score")
        self.attempts_line = label(
            translate("ExamResult", "考试机会：已用 %1 次，共 %2 次")
            .replace("%1", str(result["attempts_used"]))
            .replace("%2", str(result["attempts_allowed"]))
        )
        self.attempts_line.setObjectName("exam_attempts")
        card.body.addWidget(self.best_line)
        card.body.addWidget(self.attempts_line)
        card.body.addWidget(
            label(
                translate("ExamResult", "满分 %1 分，%2 分及以上合格，以最高分为准。")
                .replace("%1", str(rules.FULL_SCORE)).replace("%2", str(rules.PASS_SCORE)),
                "hint",
            )
        )
        column.addWidget(card)
        self.next_step = label(next_step_text(result))
        self.next_step.setObjectName("exam_next_step")
        column.addWidget(self.next_step)
        self.close_button = primary_button(translate("ExamResult", "返回首页"))
        self.close_button.setObjectName("exam_result_close_button")
        self.close_button.clicked.connect(self.accept)
        column.addWidget(self.close_button)
