"""One card per enrollment on the home screen: everything a trainee needs to know about
one trade, and the one thing to do next as the card's main button.

Shown (issue 7): trade, payment (PAY-1, with where and how to pay), the study period and
days left, progress, the exam's state and the reason when closed, attempts and best
score, the renewal state (CERT-2), applications and their status.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.core import support
from app.qt import QHBoxLayout, QProgressBar, QPushButton, QWidget, Signal
from app.sync import wire
from app.ui.kit.context import days_left, enrollment_title
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import Card, button, format_date, label, primary_button
from app.ui.kit.words import reason_text, support_sentence

# What the card's buttons ask the home screen to do.
ACTION_LESSONS = "lessons"
ACTION_EXAM = "exam"
ACTION_RESUME_EXAM = "resume_exam"
ACTION_APPLICATIONS = "applications"
ACTION_RECEIPT = "receipt"


def application_status_text(application: wire.Application) -> str:
    kind = {
        "extension": translate("HomeCard", "延期申请"),
        "retake": translate("HomeCard", "补考申请"),
    }[application["kind"]]
    status = {
        "pending": translate("HomeCard", "审核中"),
        "approved": translate("HomeCard", "已通过"),
        "rejected": translate("HomeCard", "未通过"),
    }[application["status"]]
    text = f"{kind}（{format_date(application['created_at'])}）：{status}"
    if application.get("decision_reason"):
        note = translate("HomeCard", "，说明：%1")
        text += note.replace("%1", application["decision_reason"] or "")
    return text


def renewal_text(enrollment: wire.Enrollment) -> tuple[str, str]:
    """(text, style role) for CERT-2."""
    renewal = enrollment["renewal"]
    state = renewal["state"]
    if state == "void":
        return translate("HomeCard", "证书已过期作废，需重新取证。"), "error"
    if state == "open":
        return translate(
            "HomeCard", "现在可以办理到期换证：请在 %1 前到省建设行业监管平台办理。"
        ).replace("%1", format_date(renewal["closes_on"])), "ok"
    if state == "closed":
        return translate("HomeCard", "到期换证办理时间已过。"), "reason"
    if renewal.get("opens_on"):
        return translate("HomeCard", "可于 %1 起办理到期换证。").replace(
            "%1", format_date(renewal["opens_on"])
        ), "hint"
    return translate("HomeCard", "继续教育合格后才能办理到期换证。"), "hint"


class EnrollmentCard(Card):
    action = Signal(str, object)  # (ACTION_*, the enrollment)

    def __init__(self, enrollment: wire.Enrollment, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.enrollment = enrollment
        e = enrollment
        self.body.addWidget(label(enrollment_title(e), "heading"))
        certificate = e["certificate"]
        cert_line = translate("HomeCard", "证书编号 %1，有效期至 %2").replace(
            "%1", certificate["number"]).replace("%2", format_date(certificate["expires_on"]))
        self.body.addWidget(label(cert_line, "hint"))

        self._add_payment(e)
        if e["payment"]["status"] == "paid":
            self._add_study(e, today)
            self._add_progress(e)
            self._add_exam(e)
        text, role = renewal_text(e)
        self.body.addWidget(label(text, role))
        for application in e["applications"]:
            self.body.addWidget(label(application_status_text(application), "hint"))
        self._add_buttons(e)

    # ------------------------------------------------------------------ sections
    def _add_payment(self, e: wire.Enrollment) -> None:
        if e["payment"]["status"] == "paid":
            self.body.addWidget(label(translate("HomeCard", "已缴费（%1）").replace(
                "%1", format_date(e["payment"]["paid_at"])), "ok"))
            return
        self.body.addWidget(label(translate("HomeCard", "未缴费"), "error"))
        self.body.addWidget(label(translate(
            "HomeCard",
            "请登录缴费系统 %1 缴费：账号是身份证号（企业为纳税人识别号），初始密码是账号的后6位。"
            "缴费成功后即可开始学习。",
        ).replace("%1", support.PAYMENT_SITE)))
        self.body.addWidget(label(support_sentence(support.SUPPORT_PAYMENT), "hint"))

    def _add_study(self, e: wire.Enrollment, today: date) -> None:
        study = e["study"]
        period = translate("HomeCard", "学习期限：%1 至 %2").replace(
            "%1", format_date(study["opens_on"])).replace("%2", format_date(study["closes_on"]))
        row = QHBoxLayout()
        row.addWidget(label(period), 1)
        left = days_left(study["closes_on"], today)
        if study["open"] and left is not None:
            days = label(translate("HomeCard", "剩余 %1 天").replace("%1", str(left)), "big")
            row.addWidget(days)
        self.body.addLayout(row)
        if not study["open"] and not e["exam"]["passed"]:
            self.body.addWidget(label(translate(
                "HomeCard",
                "学习期限已结束，学习和考试已关闭。可在线申请延期，审核通过后重新计算30天。",
            ), "reason"))

    def _add_progress(self, e: wire.Enrollment) -> None:
        progress = e["progress"]
        percent = int(progress["percent"])
        bar = QProgressBar()
        bar.setObjectName("total_progress_bar")
        bar.setRange(0, 100)
        bar.setValue(percent)
        bar.setFormat(translate("HomeCard", "学习进度 %p%"))
        bar.setAccessibleName(translate("HomeCard", "学习进度"))
        self.body.addWidget(bar)

    def _add_exam(self, e: wire.Enrollment) -> None:
        exam = e["exam"]
        used = translate("HomeCard", "考试机会已用 %1 / %2 次").replace(
            "%1", str(exam["attempts_used"])).replace("%2", str(exam["attempts_allowed"]))
        if exam["best_score"] is not None:
            used += translate("HomeCard", "，最高分 %1 分").replace("%1", str(exam["best_score"]))
        self.body.addWidget(label(used))
        if exam["passed"]:
            self.body.addWidget(label(translate("HomeCard", "考试合格（%1）").replace(
                "%1", format_date(exam["passed_at"])), "ok"))
        elif exam["open_attempt_id"]:
            self.body.addWidget(label(translate(
                "HomeCard", "有一场考试尚未结束，请尽快继续作答（时间按服务器计算）。"), "reason"))
        elif not exam["open"] and exam["reason"]:
            why = reason_text(exam["reason"]) or exam["reason"]
            if exam["reason"] == "progress_incomplete":
                why = translate("HomeCard", "完成全部课时后可参加考试（当前 %1%）").replace(
                    "%1", str(int(e["progress"]["percent"])))
            self.exam_reason = label(why, "reason")
            self.exam_reason.setObjectName("exam_reason_label")
            self.body.addWidget(self.exam_reason)

    def _add_buttons(self, e: wire.Enrollment) -> None:
        row = QHBoxLayout()
        main = self._main_action(e)
        buttons: list[QPushButton] = []
        if main is not None:
            kind, text = main
            first = primary_button(text)
            first.setObjectName(f"{kind}_button")
            first.clicked.connect(lambda _=False, k=kind: self.action.emit(k, self.enrollment))
            buttons.append(first)
        secondary: list[tuple[str, str]] = []
        paid = e["payment"]["status"] == "paid"
        if paid and main and main[0] != ACTION_LESSONS:
            secondary.append((ACTION_LESSONS, translate("HomeCard", "查看课程")))
        if paid and not e["exam"]["passed"]:
            secondary.append((ACTION_APPLICATIONS, translate("HomeCard", "延期 / 补考申请")))
        if e["exam"]["passed"] and main and main[0] != ACTION_RECEIPT:
            secondary.append((ACTION_RECEIPT, translate("HomeCard", "学时证明")))
        for kind, text in secondary:
            other = button(text)
            other.setObjectName(f"{kind}_button")
            other.clicked.connect(lambda _=False, k=kind: self.action.emit(k, self.enrollment))
            buttons.append(other)
        for widget in buttons:
            row.addWidget(widget)
        row.addStretch(1)
        self.body.addLayout(row)
        self.buttons = {widget.objectName(): widget for widget in buttons}

    @staticmethod
    def _main_action(e: wire.Enrollment) -> tuple[str, str] | None:
        """The one thing to do next for this enrollment."""
        exam: Any = e["exam"]
        if e["payment"]["status"] != "paid":
            return None
        if exam["open_attempt_id"]:
            return ACTION_RESUME_EXAM, translate("HomeCard", "继续考试")
        if exam["passed"]:
            return ACTION_RECEIPT, translate("HomeCard", "打印学时证明")
        if exam["open"]:
            return ACTION_EXAM, translate("HomeCard", "参加考试")
        if e["study"]["open"]:
            return ACTION_LESSONS, translate("HomeCard", "进入学习")
        return ACTION_APPLICATIONS, translate("HomeCard", "申请延期 / 补考")
