"""The forced first password change (ACC-2): the initial password must be changed
before anything else. Made on first use (most logins never need it)."""

from __future__ import annotations

from app.core.errors import DomainError
from app.core.ids import check_new_password
from app.qt import QFormLayout, QLineEdit, QVBoxLayout, QWidget, Signal
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext
from app.ui.kit.errors import describe, finer_text, problem_text
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import at_left, button, centre, label, primary_button, set_role


class PasswordPage(QWidget):
    """ACC-2: the new password, twice, checked as it is typed."""

    changed = Signal()
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._old_password = ""
        self.new_edit = QLineEdit()
        self.new_edit.setObjectName("new_password_edit")
        self.new_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_edit.setAccessibleName(translate("Password", "新密码"))
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("repeat_password_edit")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit.setAccessibleName(translate("Password", "再次输入新密码"))
        self.hint = label("", "reason")
        self.error = label("", "error")
        self.error.hide()
        self.save_button = primary_button(translate("Password", "确认修改"))
        self.save_button.setObjectName("change_password_button")
        back = button(translate("Password", "返回登录"))
        back.clicked.connect(self.cancelled)

        form = QFormLayout()
        form.addRow(label(translate("Password", "新密码"), wrap=False), self.new_edit)
        form.addRow(label(translate("Password", "再次输入"), wrap=False), self.repeat_edit)
        column = QVBoxLayout()
        column.addWidget(label(translate("Password", "请修改初始密码"), "title"))
        column.addWidget(label(translate(
            "Password",
            "为保护您的学习记录，首次登录需要设置新密码：8到64个字符，不能全是同一个字符，"
            "不能是 12345678，也不能是身份证号的后8位。",
        )))
        column.addLayout(form)
        column.addWidget(self.hint)
        column.addWidget(self.save_button)
        column.addWidget(self.error)
        column.addLayout(at_left(back))
        column.addStretch(1)
        centre(self, column, 760)
        self.new_edit.textChanged.connect(self._update)
        self.repeat_edit.textChanged.connect(self._update)
        self.save_button.clicked.connect(self.submit)
        self.repeat_edit.returnPressed.connect(self.submit)

    def start(self, old_password: str) -> None:
        self._old_password = old_password
        self.new_edit.clear()
        self.repeat_edit.clear()
        self.error.hide()
        self.new_edit.setFocus()
        self._update()

    def _problem(self) -> str | None:
        new = self.new_edit.text()
        if not new:
            return translate("Password", "请输入新密码。")
        try:
            check_new_password(new, id_number=self.ctx.id_number or "")
        except DomainError as problem:
            return finer_text(problem.code, problem.reason) or problem.message
        if self.repeat_edit.text() != new:
            return translate("Password", "两次输入的新密码不一致。")
        return None

    def _update(self) -> None:
        problem = self._problem()
        self.hint.setText(problem or translate("Password", "新密码符合要求。"))
        set_role(self.hint, "reason" if problem else "ok")
        self.save_button.setEnabled(problem is None)

    def submit(self) -> None:
        if self._problem() is not None:
            return
        new = self.new_edit.text()
        self.save_button.setEnabled(False)

        def done(_: object) -> None:
            self._old_password = ""
            self.changed.emit()

        def failed(exc: Exception) -> None:
            self._update()
            self.error.setText(problem_text(describe(exc)))
            self.error.show()

        run_in_background(
            self,
            lambda: self.ctx.api.change_password(self._old_password, new),
            on_success=done,
            on_failure=failed,
        )
