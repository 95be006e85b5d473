"""Login (ACC-1 to ACC-5); the forced first password change (ACC-2) is app.ui.account.password.

The ID number is checked as it is typed (the reason shows under the field), the
agreement box starts unticked (ACC-3), and the login button says why it is disabled.
The form is the client's first window: what it sets before it shows names no `Qt.*`
enum (set_by_name, app.qt).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from app.core import support
from app.core.clock import set_server_offset
from app.core.ids import id_number_problem, normalize_id_number
from app.qt import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.sync.errors import ApiError, OfflineError, ServerError
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext
from app.ui.kit.errors import describe, finer_text, problem_text
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import (
    at_left,
    button,
    centre,
    format_time,
    label,
    primary_button,
    set_by_name,
)

if TYPE_CHECKING:
    from app.sync import wire
    from app.sync.offline_login import OfflineProfile

log = logging.getLogger(__name__)


def _id_reason(raw: str) -> str | None:
    problem = id_number_problem(raw)
    if problem is None:
        return None
    return finer_text(problem.code, problem.reason) or problem.message


class LoginPage(QWidget):
    # The login worked: (result, the password typed, for the forced change).
    logged_in = Signal(object, str)
    # The server cannot be reached and this PC's verifier took the password (issue 16):
    # (OfflineProfile, the password, for the real login once the server is back).
    signed_in_offline = Signal(object, str)
    # 设备检测 before login: a trainee whose camera or network fails first needs it most.
    self_check = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._server_ready = False
        self._busy = False

        self.banner = label("", "error")
        self.banner.hide()
        self.server_state = label(translate("Login", "正在启动学习服务，请稍候…"), "hint")

        self.id_edit = QLineEdit()
        self.id_edit.setObjectName("id_number_edit")
        self.id_edit.setMaxLength(20)
        self.id_edit.setPlaceholderText(translate("Login", "18位身份证号"))
        self.id_edit.setAccessibleName(translate("Login", "身份证号"))
        self.id_hint = label("", "reason")
        self.id_hint.setMinimumHeight(56)  # two lines of 15 pt: room kept for the hint
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(translate("Login", "密码"))
        self.password_edit.setPlaceholderText(translate("Login", "首次登录密码为 12345678"))

        self.agree_box = QCheckBox(translate("Login", "我已阅读并同意《用户协议》和《隐私政策》"))
        self.agree_box.setObjectName("agree_box")
        self.agree_box.setChecked(False)  # ACC-3: never pre-ticked
        self.agree_box.setAccessibleName(translate("Login", "同意用户协议和隐私政策"))
        read_terms = button(translate("Login", "阅读协议"))
        read_terms.clicked.connect(self._show_terms)

        self.login_button = primary_button(translate("Login", "登录"))
        self.login_button.setObjectName("login_button")
        self.login_why = label("", "reason")
        self.error = label("", "error")
        self.error.hide()
        forgot = button(translate("Login", "忘记密码"))
        forgot.setObjectName("forgot_password_button")
        forgot.clicked.connect(self._explain_forgotten_password)
        check_device = button(translate("Login", "设备检测"))
        check_device.setObjectName("self_check_button")
        check_device.setToolTip(translate("Login", "检查摄像头、视频播放和网络是否正常"))
        check_device.clicked.connect(self.self_check)

        form = QFormLayout()
        set_by_name(form, "labelAlignment", "AlignRight")
        form.addRow(label(translate("Login", "身份证号"), wrap=False), self.id_edit)
        form.addRow("", self.id_hint)
        form.addRow(label(translate("Login", "密码"), wrap=False), self.password_edit)
        terms = QHBoxLayout()
        terms.addWidget(self.agree_box, 1)
        terms.addWidget(read_terms)

        column = QVBoxLayout()
        column.addWidget(label(translate("Login", "云南省建设行业继续教育"), "title"))
        column.addWidget(label(translate("Login", "学员登录"), "heading"))
        column.addWidget(self.banner)
        column.addLayout(form)
        column.addLayout(terms)
        column.addWidget(self.login_button)
        column.addWidget(self.login_why)
        column.addWidget(self.error)
        secondary = at_left(forgot)
        secondary.insertWidget(1, check_device)
        if ctx.options.kiosk:
            # FACE-8: at a training centre, a clerk signs in for a trainee the camera
            # cannot verify (人工核验), after checking the ID card in person.
            supervised = button(
                translate("Login", "工作人员代为登录（人工核验）"), name="supervised_login_button"
            )
            supervised.clicked.connect(self.open_supervision)
            secondary.insertWidget(2, supervised)
        column.addLayout(secondary)
        column.addStretch(1)
        column.addWidget(self.server_state)
        centre(self, column, 720)

        self.id_edit.textChanged.connect(self._update)
        self.password_edit.textChanged.connect(self._update)
        self.agree_box.toggled.connect(self._update)
        self.login_button.clicked.connect(self.submit)
        self.id_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self.submit)
        self.setTabOrder(self.id_edit, self.password_edit)
        self.setTabOrder(self.password_edit, self.agree_box)
        self.setTabOrder(self.agree_box, self.login_button)
        self.id_edit.setFocus()
        self._update()

    def prefill(self) -> None:
        """The remembered ID number (never in kiosk mode), once the credentials are made."""
        if self.ctx.options.kiosk or self.id_edit.text():
            return
        remembered = self.ctx.credentials.remembered_id_number()
        if remembered:
            self.id_edit.setText(remembered)
            self.password_edit.setFocus()

    # ------------------------------------------------------------------ state
    def reset(self, message: str | None = None) -> None:
        """Back to an empty form (after logout); `message` says why, when there is one."""
        remembered = None if self.ctx.options.kiosk else self.ctx.credentials.remembered_id_number()
        self.id_edit.setText(remembered or "")
        self.password_edit.clear()
        self.agree_box.setChecked(False)
        self.error.hide()
        self.banner.setText(message or "")
        self.banner.setVisible(bool(message))
        (self.password_edit if remembered else self.id_edit).setFocus()
        self._update()

    def set_server_ready(self, ready: bool, problem: str | None = None) -> None:
        self._server_ready = ready
        if ready:
            # No address here: it means nothing to a trainee (关于 shows it to staff).
            self.server_state.setText(translate("Login", "学习服务已连接"))
        else:
            self.server_state.setText(
                problem or translate("Login", "正在启动学习服务，请稍候…")
            )
        self._update()

    def _why_disabled(self) -> str | None:
        raw = self.id_edit.text()
        if not self._server_ready:
            return translate("Login", "学习服务尚未就绪，请稍候。")
        if not raw.strip():
            return translate("Login", "请输入身份证号。")
        if _id_reason(raw):
            return translate("Login", "请先改正身份证号。")
        if not self.password_edit.text():
            return translate("Login", "请输入密码。")
        if not self.agree_box.isChecked():
            return translate("Login", "请先勾选同意《用户协议》和《隐私政策》。")
        if self._busy:
            return translate("Login", "正在登录…")
        return None

    def _update(self) -> None:
        raw = self.id_edit.text()
        compact = "".join(raw.split())
        reason = None
        # Complain about the length only once they stop typing short of 18 characters
        # would be kinder, but a count as they type tells them the same thing gently.
        if compact and len(compact) < 18:
            reason = translate("Login", "已输入 %1 位，共 18 位").replace("%1", str(len(compact)))
        elif compact:
            reason = _id_reason(raw)
        # Always there (empty when the number is fine): the room is kept, so the password
        # box never moves under the mouse as the ID number is typed.
        self.id_hint.setText(reason or "")
        why = self._why_disabled()
        self.login_button.setEnabled(why is None)
        self.login_why.setText(why or "")
        self.login_why.setVisible(bool(why) and bool(raw.strip()))

    # ------------------------------------------------------------------ actions
    def submit(self) -> None:
        if self._why_disabled() is not None:
            return
        id_number = normalize_id_number(self.id_edit.text())
        password = self.password_edit.text()
        self._busy = True
        self.error.hide()
        self._update()

        def work() -> wire.LoginResult | OfflineProfile:
            try:
                result = self.ctx.api.login(id_number, password, agree=True)
            except (OfflineError, ServerError):
                # No server (or only a proxy's 502): this PC's offline sign-in, if the
                # trainee logged in here before (Argon2id: on this thread).
                if not self.ctx.offline_logins.has(id_number):
                    raise
                return self.ctx.offline_logins.sign_in(id_number, password)
            try:
                # Records are stamped with the server's time (app.core.clock): a PC clock
                # that is off must neither lose honest study nor gain any.
                set_server_offset(self.ctx.api.measure_clock_offset())
            except ApiError as exc:
                log.info("clock offset not measured (%s); the PC's clock is used", exc.code)
            return result

        def done(result: wire.LoginResult | OfflineProfile) -> None:
            self._busy = False
            self._update()
            if isinstance(result, dict):
                self.logged_in.emit(result, password)
            else:
                self.signed_in_offline.emit(result, password)

        def failed(exc: Exception) -> None:
            self._busy = False
            self._update()
            self.show_problem(exc)

        run_in_background(self, work, on_success=done, on_failure=failed)

    def show_problem(self, exc: BaseException) -> None:
        problem = describe(exc)
        text = problem_text(problem)
        unlock_at = getattr(exc, "details", {}).get("unlock_at")
        retry_after = getattr(exc, "details", {}).get("retry_after")
        if problem.code == "account_locked" and unlock_at:
            when = format_time(datetime.fromisoformat(str(unlock_at)))
            text += "\n" + translate("Login", "请于 %1 后再试。").replace("%1", when)
        elif problem.code == "too_many_attempts" and retry_after:
            text += "\n" + translate("Login", "请 %1 秒后再试。").replace("%1", str(retry_after))
        self.error.setText(text)
        self.error.show()

    def open_supervision(self) -> QWidget:
        from app.qt import Qt  # after the first paint (set_by_name)
        from app.ui.account.supervision import SupervisionDialog

        dialog = SupervisionDialog(self.ctx, self)
        dialog.started.connect(self.logged_in)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        self.supervision_dialog = dialog
        return dialog

    def _show_terms(self) -> None:
        QMessageBox.information(
            self,
            translate("Login", "用户协议和隐私政策"),
            translate(
                "Login",
                "本软件用于建设行业从业人员继续教育学习与考试。学习和考试过程中会使用摄像头"
                "进行人脸识别，以确认是本人学习。摄像头画面只在本机处理，不会保存；只有识别"
                "所需的人脸小图会上传到服务器核验，未通过的核验记录保存30天后删除。"
                "学习记录和考试答案会上传到服务器，作为学时和成绩的依据。",
            ),
        )

    def _explain_forgotten_password(self) -> None:
        QMessageBox.information(
            self,
            translate("Login", "忘记密码"),
            translate(
                "Login",
                "首次登录的初始密码是 12345678。\n\n"
                "如果修改过密码又忘记了：请致电 %1，或带身份证到培训点，工作人员核实身份后"
                "会把密码重置为初始密码 12345678。重置后用初始密码登录，系统会请您设置新密码。",
            ).replace("%1", support.SUPPORT_CLIENT),
        )
