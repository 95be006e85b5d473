"""One card per enrollment on the home screen: everything a trainee needs to know about
one trade, and the one thing to do next as the card's main button.

The main action and the line that says why come from the state table (next_step.py),
first on the card, right under the trade, so they stay in view on a 1024x768 screen;
nothing else on the card repeats them. Then: the certificate (and CERT-2's countdown
before it would expire void), payment (PAY-1), the study period and days left while
studying, progress, attempts and best score, the renewal state, the applications.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from app.core import support
from app.qt import QHBoxLayout, QProgressBar, QPushButton, QWidget, Signal
from app.sync import wire
from app.ui.home.next_step import Action, NextStep, Reason, days_until_void, next_step
from app.ui.kit.context import days_left, enrollment_title
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import Card, button, format_date, format_month_day, label, primary_button
from app.ui.kit.words import support_sentence

# What the card's buttons ask the home screen to do.
ACTION_LESSONS = "lessons"
ACTION_EXAM = "exam"
ACTION_RESUME_EXAM = "resume_exam"
ACTION_APPLICATIONS = "applications"
ACTION_RECEIPT = "receipt"
ACTION_SET_PHOTO = "set_photo"

# The home screen's request for each main action of the state table.
_REQUEST = {
    Action.RESUME_EXAM: ACTION_RESUME_EXAM,
    Action.RECEIPT: ACTION_RECEIPT,
    Action.WAIT_REVIEW: ACTION_APPLICATIONS,
    Action.APPLY_EXTENSION: ACTION_APPLICATIONS,
    Action.APPLY_RETAKE: ACTION_APPLICATIONS,
    Action.SET_PHOTO: ACTION_SET_PHOTO,
    Action.EXAM: ACTION_EXAM,
    Action.LESSONS: ACTION_LESSONS,
}


def main_button_text(step: NextStep) -> str | None:
    texts = {
        Action.RESUME_EXAM: translate("HomeCard", "继续考试"),
        Action.RECEIPT: translate("HomeCard", "打印学时证明"),
        Action.APPLY_EXTENSION: translate("HomeCard", "申请延期"),
        Action.APPLY_RETAKE: translate("HomeCard", "申请补考"),
        Action.SET_PHOTO: translate("HomeCard", "设置本人照片"),
        Action.EXAM: translate("HomeCard", "参加考试"),
        Action.LESSONS: translate("HomeCard", "继续学习") if step.started
        else translate("HomeCard", "进入学习"),
    }
    if step.action is Action.WAIT_REVIEW:
        return translate("HomeCard", "已提交，等待审核（%1）").replace(
            "%1", format_month_day(step.applied_on))
    return texts.get(step.action)


def reason_line(step: NextStep) -> tuple[str, str]:
    """(text, style role) of the line under the main action."""
    if step.reason is Reason.NO_ATTEMPTS_LEFT:
        text = translate("HomeCard", "5 次考试机会已用完，请申请补考，审核通过后再给 5 次机会。")
        if step.best_score is not None:
            text = translate("HomeCard", "5 次考试机会已用完（最高分 %1 分），请申请补考，"
                             "审核通过后再给 5 次机会。").replace("%1", str(step.best_score))
        return text, "reason"
    lines = {
        Reason.NOT_PAID: (translate("HomeCard", "未缴费：缴费成功后才能学习和考试。"), "error"),
        Reason.ATTEMPT_OPEN: (translate(
            "HomeCard", "有一场考试尚未结束，请尽快继续作答（时间按服务器计算）。"), "reason"),
        Reason.PASSED: (translate("HomeCard", "考试合格（%1），可以打印学时证明。").replace(
            "%1", format_date(step.passed_on)), "ok"),
        Reason.EXTENSION_PENDING: (translate(
            "HomeCard", "延期申请正在审核，通过后重新计算30天学习期限。"), "hint"),
        Reason.STUDY_CLOSED: (translate(
            "HomeCard", "学习期限已结束，学习和考试已关闭。请申请延期，审核通过后重新计算30天。"),
            "reason"),
        Reason.RETAKE_PENDING: (translate(
            "HomeCard", "补考申请正在审核，通过后再给 5 次考试机会。"), "hint"),
        Reason.NO_PHOTO: (translate(
            "HomeCard", "学习和考试前请先设置本人照片（近期免冠、白色背景），"
            "之后每次学习都用摄像头与它比对。照片设置后不能自行修改。"), "reason"),
        Reason.EXAM_OPEN: (translate(
            "HomeCard", "全部课时已完成，可以参加考试（还有 %1 次机会）。").replace(
            "%1", str(step.attempts_left)), "ok"),
        Reason.PROGRESS_INCOMPLETE: (translate(
            "HomeCard", "完成全部课时后可参加考试（当前 %1%）").replace(
            "%1", str(step.percent)), "hint"),
    }
    return lines[step.reason]


def application_status_text(application: wire.Application) -> str:
    kind = {
        "extension": translate("HomeCard", "延期申请"),
        "retake": translate("HomeCard", "补考申请"),
        "supervised_study": translate("HomeCard", "人工核验申请"),  # FACE-8
    }.get(application["kind"], translate("HomeCard", "申请"))
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

    def __init__(self, enrollment: wire.Enrollment, today: date, *, photo_set: bool = True,
                 offline: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.enrollment = e = enrollment
        self.step = next_step(e, photo_set=photo_set)
        self.body.addWidget(label(enrollment_title(e), "heading"))
        waits = self._add_buttons(e, offline)
        text, role = reason_line(self.step)
        self.reason = label(text, role)
        self.reason.setObjectName("next_step_reason_label")
        self.body.addWidget(self.reason)
        if waits:
            # Offline (issue 16): what needs the server is said, not offered broken.
            self.waits = label(translate("HomeCard", "「%1」需要联网，联网后再办理。").replace(
                "%1", waits), "reason")
            self.waits.setObjectName("needs_network_label")
            self.body.addWidget(self.waits)
        self._add_certificate(e, today)
        self._add_payment(e)
        if e["payment"]["status"] == "paid":
            self._add_study(e, today)
            self._add_progress(e)
            self._add_exam(e)
        text, role = renewal_text(e)
        self.body.addWidget(label(text, role))
        for application in e["applications"]:
            self.body.addWidget(label(application_status_text(application), "hint"))

    # ------------------------------------------------------------------ sections
    def _add_certificate(self, e: wire.Enrollment, today: date) -> None:
        certificate = e["certificate"]
        cert_line = translate("HomeCard", "证书编号 %1，有效期至 %2").replace(
            "%1", certificate["number"]).replace("%2", format_date(certificate["expires_on"]))
        self.body.addWidget(label(cert_line, "hint"))
        void_in = days_until_void(e, today)
        if void_in is not None:  # CERT-2: without a pass the certificate expires void
            warning = label(translate(
                "HomeCard", "还有 %1 天证书到期：到期前未完成继续教育并考试合格，证书将自动作废。"
            ).replace("%1", str(void_in)), "error")
            warning.setObjectName("void_warning_label")
            self.body.addWidget(warning)

    def _add_payment(self, e: wire.Enrollment) -> None:
        if e["payment"]["status"] == "paid":
            self.body.addWidget(label(translate("HomeCard", "已缴费（%1）").replace(
                "%1", format_date(e["payment"]["paid_at"])), "ok"))
            return
        self.body.addWidget(label(translate(
            "HomeCard",
            "请登录缴费系统 %1 缴费：账号是身份证号（企业为纳税人识别号），初始密码是账号的后6位。",
        ).replace("%1", support.PAYMENT_SITE)))
        self.body.addWidget(label(support_sentence(support.SUPPORT_PAYMENT), "hint"))

    def _add_study(self, e: wire.Enrollment, today: date) -> None:
        study = e["study"]
        period = translate("HomeCard", "学习期限：%1 至 %2").replace(
            "%1", format_date(study["opens_on"])).replace("%2", format_date(study["closes_on"]))
        row = QHBoxLayout()
        row.addWidget(label(period), 1)
        left = days_left(study["closes_on"], today)
        if self.step.studying and study["open"] and left is not None:
            days = label(translate("HomeCard", "剩余 %1 天").replace("%1", str(left)), "big")
            days.setObjectName("days_left_label")
            row.addWidget(days)
        self.body.addLayout(row)

    def _add_progress(self, e: wire.Enrollment) -> None:
        bar = QProgressBar()
        bar.setObjectName("total_progress_bar")
        bar.setRange(0, 100)
        bar.setValue(int(e["progress"]["percent"]))
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

    def _add_buttons(self, e: wire.Enrollment, offline: bool) -> str | None:
        """The main action first; 查看课程 beside it where the lessons are open but not
        what comes next (after a pass, or before the exam). Offline only the lessons are
        offered: the main action's words are returned when it waits for the network."""
        row = QHBoxLayout()
        buttons: list[QPushButton] = []
        text = main_button_text(self.step)
        waits = None
        if offline and text is not None and self.step.action is not Action.LESSONS:
            waits, text = text, None
        if text is not None:
            kind = _REQUEST[self.step.action]
            buttons.append(primary_button(text, name=f"{kind}_button",
                                          on_click=partial(self._ask, kind)))
        if self.step.action in (Action.RECEIPT, Action.EXAM):
            lessons = translate("HomeCard", "查看课程")
            make = primary_button if text is None else button
            buttons.append(make(lessons, name="lessons_button",
                                on_click=partial(self._ask, ACTION_LESSONS)))
        for widget in buttons:
            row.addWidget(widget)
        row.addStretch(1)
        self.body.addLayout(row)
        self.buttons = {widget.objectName(): widget for widget in buttons}
        self.main_button = buttons[0] if buttons else None
        return waits

    def _ask(self, kind: str) -> None:
        self.action.emit(kind, self.enrollment)
