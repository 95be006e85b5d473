"""Supervised study at a training centre's kiosk (FACE-8, 人工核验): the clerk signs in
with their staff account on the trainee's behalf after checking the trainee's ID card in
person, and the trainee's login opens under the clerk's supervision: the lessons play
without face checks, and the server credits the time under the clerk's record."""

from __future__ import annotations

import logging

from app.core.clock import set_server_offset
from app.core.ids import id_number_problem, normalize_id_number
from app.qt import QCheckBox, QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget, Signal
from app.sync import wire
from app.sync.errors import ApiError
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext
from app.ui.kit.errors import describe, problem_text
from app.ui.kit.i18n import translate
from app.ui.kit.screen import fit_dialog
from app.ui.kit.widgets import button, label, primary_button

log = logging.getLogger(__name__)
# Wide enough that the explanation and a refusal naming four trainees take a few lines each
# (fit_dialog keeps it inside a 1024x768 screen).
WIDTH = 720


def clerk_problem(exc: Exception) -> str:
    """A refusal in words for the clerk: a wrong password is the staff account's, not the
    trainee's (whose words 'bad_credentials' has everywhere else)."""
    if isinstance(exc, ApiError) and exc.code == "bad_credentials":
        return translate("Supervision", "工作人员账号或密码不正确。")
    return problem_text(describe(exc))


class SupervisionDialog(QDialog):
    # The trainee's supervised login: (result, the password a forced change starts from).
    started = Signal(object, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("supervision_dialog")
        self.setWindowTitle(translate("Supervision", "工作人员代为登录（人工核验）"))
        self.clerk_edit = QLineEdit()
        self.clerk_edit.setObjectName("clerk_username_edit")
        self.clerk_password_edit = QLineEdit()
        self.clerk_password_edit.setObjectName("clerk_password_edit")
        self.clerk_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("trainee_id_number_edit")
        self.id_edit.setMaxLength(20)
        self.id_card_box = QCheckBox(translate(
            "Supervision", "我已当面核验学员本人的身份证，人证一致"
        ))
        self.id_card_box.setObjectName("id_card_checked_box")
        self.id_card_box.setChecked(False)
        self.start_button = primary_button(
            translate("Supervision", "开始监督学习"), name="start_supervision_button"
        )
        self.why = label("", "reason")
        self.error = label("", "error")
        self.error.hide()
        cancel = button(translate("Supervision", "取消"), name="cancel_supervision_button")
        cancel.clicked.connect(self.reject)

        form = QFormLayout()
        form.addRow(label(translate("Supervision", "工作人员账号"), wrap=False), self.clerk_edit)
        form.addRow(label(translate("Supervision", "工作人员密码"), wrap=False),
                    self.clerk_password_edit)
        form.addRow(label(translate("Supervision", "学员身份证号"), wrap=False), self.id_edit)
        column = QVBoxLayout(self)
        column.addWidget(label(translate("Supervision", "人工核验：工作人员监督学习"), "heading"))
        column.addWidget(label(translate(
            "Supervision",
            "适用于不能或不愿使用人脸识别的学员。请核对身份证原件与本人一致，再由工作人员登录。"
            "监督期间学习不需要人脸识别，学时记在您的账号名下；学员退出登录或工作人员结束后即停止。",
        )))
        column.addLayout(form)
        column.addWidget(self.id_card_box)
        column.addWidget(self.start_button)
        column.addWidget(self.why)
        column.addWidget(self.error)
        column.addWidget(cancel)
        for widget in (self.clerk_edit, self.clerk_password_edit, self.id_edit):
            widget.textChanged.connect(self._update)
        self.id_card_box.toggled.connect(self._update)
        self.start_button.clicked.connect(self.submit)
        self._busy = False
        self._update()
        fit_dialog(self, WIDTH)

    def show_problem(self, text: str) -> None:
        """A refusal under the button, the dialog grown to show all of it."""
        self.error.setText(text)
        self.error.show()
        fit_dialog(self, WIDTH)

    def _why_disabled(self) -> str | None:
        if not self.clerk_edit.text().strip() or not self.clerk_password_edit.text():
            return translate("Supervision", "请工作人员输入账号和密码。")
        problem = id_number_problem(self.id_edit.text())
        if problem is not None:
            return translate("Supervision", "请输入正确的学员身份证号。")
        if not self.id_card_box.isChecked():
            return translate("Supervision", "请先当面核验学员本人的身份证。")
        if self._busy:
            return translate("Supervision", "正在登录…")
        return None

    def _update(self) -> None:
        why = self._why_disabled()
        self.start_button.setEnabled(why is None)
        self.why.setText(why or "")

    def submit(self) -> None:
        if self._why_disabled() is not None:
            return
        username, password = self.clerk_edit.text().strip(), self.clerk_password_edit.text()
        id_number = normalize_id_number(self.id_edit.text())
        self._busy = True
        self.error.hide()
        self._update()

        def work() -> wire.SupervisionStarted:
            result = self.ctx.api.start_supervision(username, password, id_number)
            try:
                set_server_offset(self.ctx.api.measure_clock_offset())
            except ApiError as exc:
                log.info("clock offset not measured (%s); the PC's clock is used", exc.code)
            return result

        def done(result: wire.SupervisionStarted) -> None:
            self._busy = False
            self.clerk_password_edit.clear()
            # A forced change (ACC-2) starts from the initial password, the one it still has.
            self.started.emit(result, "12345678")
            self.accept()

        def failed(exc: Exception) -> None:
            self._busy = False
            self._update()
            self.show_problem(clerk_problem(exc))

        run_in_background(self, work, on_success=done, on_failure=failed)


def unsent_words(count: int) -> str:
    """For the clerk, before 结束监督: how many records are not on the server yet and
    what becomes of them. They stay in this PC's journal under the trainee's ID number
    and go at the trainee's next sign-in here; the server credits what they recorded
    inside the supervision by their own times (services.progress), even after its end."""
    return translate(
        "Supervision",
        "注意：还有 %1 条学习记录没有上传到服务器（暂时无法连接）。结束监督后，这些记录"
        "保存在这台电脑上，学员下次在这台电脑登录时自动上传，监督期间的学时照常计入；"
        "学员如果以后不在这台电脑登录，这些记录就无法上传。可以先点“取消”，等网络恢复后再结束。",
    ).replace("%1", str(count))


class EndSupervisionDialog(QDialog):
    """FACE-8 at the kiosk: a clerk ends the trainee's supervised session with their own
    password (the trainee is sitting at this PC and must not end it for them). Any clerk
    of the centre may: the one who started it is named, not required."""

    ended = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("end_supervision_dialog")
        self.setWindowTitle(translate("Supervision", "结束监督学习"))
        supervision = ctx.supervision()
        self.supervision_id = supervision["id"] if supervision else ""
        self.clerk_edit = QLineEdit(supervision["clerk"] if supervision else "")
        self.clerk_edit.setObjectName("end_clerk_username_edit")
        self.clerk_password_edit = QLineEdit()
        self.clerk_password_edit.setObjectName("end_clerk_password_edit")
        self.clerk_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.end_button = primary_button(
            translate("Supervision", "结束监督"), name="end_supervision_confirm_button"
        )
        self.error = label("", "error")
        self.error.hide()
        # What the journal still holds for the trainee (the upload before this dialog could
        # not send it): said before the clerk confirms, never lost silently.
        self.unsent_count = ctx.journal.pending_count(ctx.id_number) if ctx.id_number else 0
        self.unsent = label(unsent_words(self.unsent_count), "reason")
        self.unsent.setObjectName("end_supervision_unsent")
        self.unsent.setVisible(self.unsent_count > 0)
        cancel = button(translate("Supervision", "取消"), name="cancel_end_supervision_button")
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(label(translate("Supervision", "工作人员账号"), wrap=False), self.clerk_edit)
        form.addRow(label(translate("Supervision", "工作人员密码"), wrap=False),
                    self.clerk_password_edit)
        column = QVBoxLayout(self)
        column.addWidget(label(translate("Supervision", "结束监督学习"), "heading"))
        column.addWidget(label(translate(
            "Supervision",
            "请工作人员输入自己的密码。结束后学员退出登录，之后的学习不再计入学时。",
        )))
        column.addWidget(self.unsent)
        column.addLayout(form)
        column.addWidget(self.end_button)
        column.addWidget(self.error)
        column.addWidget(cancel)
        self.end_button.clicked.connect(self.submit)
        self.clerk_password_edit.setFocus()
        fit_dialog(self, WIDTH)

    def submit(self) -> None:
        username, password = self.clerk_edit.text().strip(), self.clerk_password_edit.text()
        if not username or not password:
            self._show(translate("Supervision", "请工作人员输入账号和密码。"))
            return
        self.end_button.setEnabled(False)
        self.error.hide()

        def done(_result: object) -> None:
            self.clerk_password_edit.clear()
            self.accept()
            self.ended.emit()

        def failed(exc: Exception) -> None:
            self.end_button.setEnabled(True)
            self._show(clerk_problem(exc))

        run_in_background(
            self,
            lambda: self.ctx.api.end_supervision(username, password, self.supervision_id),
            on_success=done,
            on_failure=failed,
        )

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        fit_dialog(self, WIDTH)
