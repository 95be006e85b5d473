"""The password change: forced at the first login (ACC-2: the initial password must be
changed before anything else), or asked for from the home page (修改密码), where the
current password is typed too. Made on first use (most logins never need it)."""

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
        self.voluntary = False  # from the home page (修改密码), not the forced first change
        self.old_edit = QLineEdit()
        self.old_edit.setObjectName("old_password_edit")
        self.old_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.old_edit.setAccessibleName(translate("Password", "原密码"))
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
        self.back_button = button(translate("Password", "返回登录"))
        self.back_button.setObjectName("password_back_button")
        self.back_button.clicked.connect(self.cancelled)

        form = QFormLayout()
        self.old_label = label(translate("Password", "原密码"), wrap=False)
        form.addRow(self.old_label, self.old_edit)
        form.addRow(label(translate("Password", "新密码"), wrap=False), self.new_edit)
        form.addRow(label(translate("Password", "再次输入"), wrap=False), self.repeat_edit)
        column = QVBoxLayout()
        self.title = label("", "title")
        self.intro = label("")
        column.addWidget(self.title)
        column.addWidget(self.intro)
        column.addLayout(form)
        column.addWidget(self.hint)
        column.addWidget(self.save_button)
        column.addWidget(self.error)
        column.addLayout(at_left(self.back_button))
        column.addStretch(1)
        centre(self, column, 760)
        self.old_edit.textChanged.connect(self._update)
        self.new_edit.textChanged.connect(self._update)
        self.repeat_edit.textChanged.connect(self._update)
        self.save_button.clicked.connect(self.submit)
        self.repeat_edit.returnPressed.connect(self.submit)

    def start(self, old_password: str | None) -> None:
        """`old_password`: the one just typed at a forced first change; None from the
        home page, where the trainee types the current one."""
        self.voluntary = old_password is None
        self._old_password = old_password or ""
        rules = translate(
            "Password",
            "新密码：8到64个字符，不能全是同一个字符，不能是 12345678，也不能是身份证号的后8位。",
        )
        if self.voluntary:
            self.title.setText(translate("Password", "修改密码"))
            self.intro.setText(translate("Password", "请输入原密码和新密码。") + rules)
            self.back_button.setText(translate("Password", "返回"))
        else:
            self.title.setText(translate("Password", "请修改初始密码"))
            self.intro.setText(
                translate("Password", "为保护您的学习记录，首次登录需要设置新密码。") + rules
            )
            self.back_button.setText(translate("Password", "返回登录"))
        self.old_label.setVisible(self.voluntary)
        self.old_edit.setVisible(self.voluntary)
        self.old_edit.clear()
        self.new_edit.clear()
        self.repeat_edit.clear()
        self.error.hide()
        (self.old_edit if self.voluntary else self.new_edit).setFocus()
        self._update()

    def _problem(self) -> str | None:
        if self.voluntary and not self.old_edit.text():
            return translate("Password", "请输入原密码。")
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
        old = self.old_edit.text() if self.voluntary else self._old_password
        self.save_button.setEnabled(False)

        def done(_: object) -> None:
            self._old_password = ""
            self.ctx.password_changed(new)  # the offline sign-in's verifier follows
            self.old_edit.clear()
            self.changed.emit()

        def failed(exc: Exception) -> None:
            self._update()
            if getattr(exc, "code", None) == "bad_credentials":
                # The server's words for a wrong old password, not the login's 「身份证号或密码」.
                self.error.setText(translate("Password", "原密码不正确，请重新输入。"))
                self.error.show()
                return
            self.error.setText(problem_text(describe(exc)))
            self.error.show()

        run_in_background(
            self,
            lambda: self.ctx.api.change_password(old, new),
            on_success=done,
            on_failure=failed,
        )
