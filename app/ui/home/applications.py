"""Applications (延期 / 补考, APPLY-1..3): the form for an extension or a retake (a mobile
number checked as typed, a reason), the applications made so far with their status and
the staff's reason, and why an application is not possible yet — said before the form
is filled when the enrollment's state already tells (mirroring
app.core.rules.application_refusal; the server stays the judge).

Tests follow `applications_loaded` (the list arrived) and `submitted` (wire.Application);
object names: extension_kind_button, retake_kind_button, phone_input, reason_input,
submit_application_button, close_applications_button, application_refusal, phone_problem.
"""

from __future__ import annotations

from datetime import date

from app.core import rules
from app.core.beijing import beijing_date, beijing_today
from app.core.errors import DomainError
from app.core.ids import normalize_mobile
from app.qt import (
    QButtonGroup,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from app.sync import wire
from app.sync.errors import ApiError
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext, enrollment_title
from app.ui.kit.errors import show_error
from app.ui.kit.i18n import translate
from app.ui.kit.screen import fit_to_screen
from app.ui.kit.widgets import (
    Card,
    action_row,
    button,
    discard,
    format_date,
    label,
    primary_button,
)
from app.ui.kit.words import error_text, reason_text

KINDS: tuple[rules.ApplicationKind, ...] = ("extension", "retake", "supervised_study")
KIND_BUTTONS = ("extension_kind_button", "retake_kind_button", "supervised_study_kind_button")


def kind_text(kind: str) -> str:
    if kind == "retake":
        return translate("Applications", "补考申请")
    if kind == "supervised_study":
        return translate("Applications", "人工核验申请")
    return translate("Applications", "延期申请")


def status_text(status: str) -> str:
    if status == "approved":
        return translate("Applications", "已通过")
    if status == "rejected":
        return translate("Applications", "未通过")
    return translate("Applications", "审核中")


def study_ended(enrollment: wire.Enrollment, today: date) -> bool:
    closes_on = enrollment["study"]["closes_on"]
    return (
        enrollment["payment"]["status"] == "paid"
        and bool(closes_on)
        and today > beijing_date(str(closes_on))
    )


def refusal_for(
    kind: rules.ApplicationKind,
    enrollment: wire.Enrollment,
    applications: list[wire.Application],
    today: date,
) -> str | None:
    """APPLY-1..3 as the client can tell from /me: the reason code, or None."""
    exam = enrollment["exam"]
    return rules.application_refusal(
        kind,
        study_ended=study_ended(enrollment, today),
        passed=bool(exam["passed"]),
        attempts_used=exam["attempts_used"],
        attempts_allowed=exam["attempts_allowed"],
        pending_exists=any(a["kind"] == kind and a["status"] == "pending" for a in applications),
        # FACE-8: whether face checks are closed to the trainee (three failed in a row) is
        # the server's to know; it answers face_check_possible when they are not.
        face_checks_closed=True,
    )


class ApplicationsDialog(QDialog):
    applications_loaded = Signal(list)
    submitted = Signal(object)

    def __init__(
        self, ctx: AppContext, enrollment: wire.Enrollment, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enrollment = enrollment
        self.applications: list[wire.Application] = list(enrollment.get("applications", []))
        self.today = beijing_today()
        self.server_refusals: dict[str, str] = {}
        self.setObjectName("applications_dialog")
        self.setWindowTitle(translate("Applications", "延期和补考申请"))
        fit_to_screen(self, 1140, 660)
        self._build()
        self._choose_first_allowed()
        self._show_list()
        self.load()

    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(28, 24, 28, 24)
        column.setSpacing(10)
        column.addWidget(label(translate("Applications", "延期和补考申请"), "title"))
        column.addWidget(label(enrollment_title(self.enrollment), "heading"))
        column.addWidget(label(translate(
            "Applications",
            "申请免费，提交后由工作人员审核。"
            "学习期限结束仍未合格，可申请延期（通过后重新给 30 天）；"
            "5 次考试机会用完仍未合格，可申请补考（通过后再给 5 次机会）。",
        ), "hint"))

        left = QVBoxLayout()
        left.setSpacing(10)
        kinds = QHBoxLayout()
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        labels = {
            "extension": translate("Applications", "申请延期"),
            "retake": translate("Applications", "申请补考"),
            "supervised_study": translate("Applications", "申请人工核验"),
        }
        for kind, name in zip(KINDS, KIND_BUTTONS, strict=True):
            choice = QRadioButton(labels[kind])
            choice.setObjectName(name)
            choice.setAccessibleName(choice.text())
            self.kind_group.addButton(choice)
            self.kind_buttons[kind] = choice
            kinds.addWidget(choice)
            choice.toggled.connect(self._kind_changed)
        kinds.addStretch(1)
        left.addLayout(kinds)
        self.refusal = label("", "reason")
        self.refusal.setObjectName("application_refusal")
        left.addWidget(self.refusal)

        self.form = Card()
        self.form.body.addWidget(
            label(translate("Applications", "手机号码（审核结果会通知到此号码）"))
        )
        self.phone = QLineEdit()
        self.phone.setObjectName("phone_input")
        self.phone.setAccessibleName(translate("Applications", "手机号码"))
        self.phone.setPlaceholderText(translate("Applications", "11 位手机号码"))
        self.phone.setMaxLength(20)
        self.phone.textChanged.connect(self._check_form)
        self.form.body.addWidget(self.phone)
        self.phone_problem = label("", "error")
        self.phone_problem.setObjectName("phone_problem")
        self.form.body.addWidget(self.phone_problem)
        self.form.body.addWidget(label(translate("Applications", "申请理由")))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason_input")
        self.reason.setAccessibleName(translate("Applications", "申请理由"))
        self.reason.setPlaceholderText(
            translate("Applications", "例如：工作繁忙，未能在期限内完成学习。")
        )
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(90)
        self.reason.textChanged.connect(self._check_form)
        self.form.body.addWidget(self.reason)
        left.addWidget(self.form)

        self.submit_button = primary_button(
            translate("Applications", "提交申请"), name="submit_application_button",
            on_click=self.submit)
        self.why_disabled = label("", "hint")
        self.close_button = button(
            translate("Applications", "关闭"), name="close_applications_button",
            on_click=self.reject)
        left.addLayout(action_row([self.submit_button], self.why_disabled, self.close_button))
        self.outcome = label("", "ok")
        self.outcome.setObjectName("application_outcome")
        self.outcome.setVisible(False)
        left.addWidget(self.outcome)
        left.addStretch(1)

        right = QVBoxLayout()
        right.addWidget(label(translate("Applications", "我的申请"), "heading"))
        self.list_card = Card()
        self.list_card.setObjectName("applications_list")
        self.list_card.body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.list_card)
        right.addWidget(scroll, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(20)
        columns.addLayout(right, 2)
        column.addLayout(columns, 1)

    # ------------------------------------------------------------------ state
    def kind(self) -> rules.ApplicationKind:
        return next((k for k in KINDS if self.kind_buttons[k].isChecked()), "extension")

    def _choose_first_allowed(self) -> None:
        # 人工核验 is chosen on purpose (the face data card), never picked for the trainee.
        allowed = [k for k in KINDS[:2] if refusal_for(k, self.enrollment, self.applications,
                                                        self.today) is None]
        self.kind_buttons[allowed[0] if allowed else "extension"].setChecked(True)

    @Slot(bool)
    def _kind_changed(self, checked: bool) -> None:
        if checked:
            self._check_form()

    def phone_number(self) -> str | None:
        try:
            return normalize_mobile(self.phone.text())
        except DomainError:
            return None

    @Slot()
    def _check_form(self) -> None:
        """Says what stands in the way, as the trainee types (UX.md: beside the button)."""
        kind = self.kind()
        refusal = refusal_for(kind, self.enrollment, self.applications, self.today)
        refusal = refusal or self.server_refusals.get(kind)
        self.refusal.setText((reason_text(refusal) or refusal) if refusal else "")
        self.refusal.setVisible(refusal is not None)
        self.form.setEnabled(refusal is None)
        typed = self.phone.text().strip()
        phone = self.phone_number()
        self.phone_problem.setText(
            (error_text("invalid_phone") or "") if typed and phone is None else ""
        )
        self.phone_problem.setVisible(bool(typed) and phone is None)
        why = ""
        if refusal is not None:
            why = translate("Applications", "暂时不能提交此申请")
        elif phone is None:
            why = translate("Applications", "请先填写正确的手机号码")
        elif not self.reason.toPlainText().strip():
            why = translate("Applications", "请填写申请理由")
        self.submit_button.setEnabled(not why)
        self.why_disabled.setText(why)

    # ------------------------------------------------------------------ the list
    def load(self) -> None:
        enrollment_id = self.enrollment["id"]
        run_in_background(
            self,
            lambda: self.ctx.api.applications(enrollment_id),
            on_success=self._loaded,
        )

    def _loaded(self, applications: list[wire.Application]) -> None:
        self.applications = list(applications)
        self._show_list()
        self._check_form()
        self.applications_loaded.emit(self.applications)

    def _show_list(self) -> None:
        body = self.list_card.body
        while body.count() > 1:  # everything but the closing stretch
            item = body.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                discard(widget)
        self.rows: list[str] = []
        if not self.applications:
            body.insertWidget(0, label(translate("Applications", "还没有提交过申请。"), "hint"))
        for application in sorted(self.applications, key=lambda a: a["created_at"], reverse=True):
            text = translate("Applications", "%1　%2提交　%3").replace(
                "%1", kind_text(application["kind"])
            ).replace("%2", format_date(application["created_at"])).replace(
                "%3", status_text(application["status"])
            )
            if application["status"] == "rejected" and application.get("decision_reason"):
                text += "\n" + translate("Applications", "原因：%1").replace(
                    "%1", str(application["decision_reason"])
                )
            role = {"approved": "ok", "rejected": "error"}.get(application["status"], "")
            row = label(text, role or None)
            row.setObjectName(f"application_{application['id']}")
            body.insertWidget(len(self.rows), row)
            self.rows.append(text)

    # ------------------------------------------------------------------ submit
    @Slot()
    def submit(self) -> None:
        phone = self.phone_number()
        if phone is None or not self.submit_button.isEnabled():
            return
        kind, reason = self.kind(), self.reason.toPlainText().strip()
        enrollment_id = self.enrollment["id"]
        self.submit_button.setEnabled(False)
        run_in_background(
            self,
            lambda: self.ctx.api.apply(enrollment_id, kind, phone, reason),
            on_success=self._submitted,
            on_failure=self._refused,
        )

    def _submitted(self, application: wire.Application) -> None:
        self.outcome.setText(translate(
            "Applications", "%1已提交，请等待工作人员审核。"
        ).replace("%1", kind_text(application["kind"])))
        self.outcome.setVisible(True)
        self.applications.append(application)
        self.reason.clear()
        self._show_list()
        self._check_form()
        self.submitted.emit(application)
        run_in_background(self, self.ctx.refresh_me, on_success=self.ctx.publish_me,
                          on_failure=lambda _exc: None)

    def _refused(self, exc: Exception) -> None:
        self._check_form()
        if isinstance(exc, ApiError) and exc.code == "not_eligible" and exc.reason:
            self.server_refusals[self.kind()] = exc.reason  # the server knows better
            self._check_form()
            self.load()  # a pending application from elsewhere, a state that changed
            return
        if isinstance(exc, ApiError) and exc.code == "invalid_phone":
            self.phone_problem.setText(error_text("invalid_phone") or exc.message)
            self.phone_problem.setVisible(True)
            return
        show_error(self, exc)
