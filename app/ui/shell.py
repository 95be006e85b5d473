"""The main window: login → password change → home, the one registry of open windows
(one of each kind; all closed at logout, after Anki's dialog registry), and kiosk mode.

Kiosk mode (training-centre PCs): full screen, no way out but logout or the staff PIN,
nothing of a trainee kept after logout, and logout after `kiosk_idle_s` without input
(never while a lesson plays or an exam runs: watching is not input).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.qt import (
    QCloseEvent,
    QEvent,
    QMainWindow,
    QObject,
    QStackedWidget,
    Qt,
    QTimer,
    QWidget,
    Slot,
)
from app.ui.account.login import LoginPage
from app.ui.account.reconnect import Reconnect
from app.ui.account.supervision_limit import SupervisionLimit
from app.ui.kit import errors
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext
from app.ui.kit.i18n import translate
from app.ui.kit.registry import WindowRegistry
from app.ui.kit.screen import fit_to_screen

if TYPE_CHECKING:
    from app.sync import wire
    from app.sync.offline_login import OfflineProfile
    from app.ui.account.password import PasswordPage
    from app.ui.home.home import HomePage

log = logging.getLogger(__name__)
# Input that proves someone is at the kiosk.
_INPUT_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
}
# Windows during which the trainee may rightly give no input for a long time.
_BUSY_PREFIXES = ("lesson", "exam")


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.registry = WindowRegistry(self.refresh)  # a dialog closed: /me read again
        self.windows: dict[str, QWidget] = self.registry.windows
        self._staff_exit = False
        self.setWindowTitle(translate("Shell", "建设行业继续教育"))
        fit_to_screen(self, 1180, 800)

        self.login_page = LoginPage(ctx)
        self._password_page: PasswordPage | None = None
        self._home_page: HomePage | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self.login_page)
        self.setCentralWidget(self.stack)

        self.login_page.logged_in.connect(self._logged_in)
        self.login_page.signed_in_offline.connect(self._signed_in_offline)
        self.login_page.self_check.connect(self.open_self_check)
        ctx.signals.session_lost.connect(self.session_lost)
        errors.set_session_lost_handler(self.session_lost)

        self.reconnect = Reconnect(ctx, self)  # after an offline sign-in (issue 16)
        self.reconnect.refused.connect(self._lose_session)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._idle_timeout)
        self.supervision_limit = SupervisionLimit(ctx, self.exam_running, self)
        self.supervision_limit.reached.connect(self._leave_kiosk)
        if ctx.options.kiosk:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.idle_timer.setInterval(int(ctx.options.kiosk_idle_s * 1000))
            from app.qt import QApplication

            QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        self.stack.setCurrentWidget(self.login_page)

    @property
    def home_page(self) -> HomePage:
        """Made on first use; the application makes it right after the login window's
        first paint: its module brings the journal and the sender (~20 ms of imports)
        that the login form does not need."""
        if self._home_page is None:
            from app.ui.home.home import HomePage

            page = HomePage(self.ctx)
            self.stack.addWidget(page)
            page.action.connect(self.open_action)
            page.set_photo.connect(self.open_photo)
            page.self_check.connect(self.open_self_check)
            page.change_password.connect(self.change_password)
            page.show_help.connect(self.open_help)
            page.log_out.connect(self.log_out)
            page.end_supervision.connect(self.end_supervision)
            self._home_page = page
        return self._home_page

    @property
    def password_page(self) -> PasswordPage:
        """Made on first use: only a first login (ACC-2) needs it."""
        if self._password_page is None:
            from app.ui.account.password import PasswordPage

            page = PasswordPage(self.ctx)
            self.stack.addWidget(page)
            page.changed.connect(self._password_changed)
            page.cancelled.connect(
                lambda: self.show_home() if page.voluntary else self.log_out(confirm=False)
            )
            self._password_page = page
        return self._password_page

    def show_initial(self) -> None:
        if self.ctx.options.kiosk:
            self.showFullScreen()
        else:
            self.show()

    # ------------------------------------------------------------------ pages
    @Slot(object, str)
    def _logged_in(self, result: wire.LoginResult, password: str) -> None:
        self.ctx.begin_session(result, password)
        if result["must_change_password"]:
            self.password_page.start(password)
            self.stack.setCurrentWidget(self.password_page)
        else:
            self.show_home()

    @Slot(object, str)
    def _signed_in_offline(self, profile: OfflineProfile, password: str) -> None:
        self.ctx.begin_offline(profile, password)
        self.show_home()
        self.reconnect.start()

    def change_password(self) -> None:
        """修改密码 from the home page."""
        self.password_page.start(None)
        self.stack.setCurrentWidget(self.password_page)

    def _password_changed(self) -> None:
        voluntary = self.password_page.voluntary
        self.show_home()
        if voluntary:
            from app.qt import QMessageBox

            QMessageBox.information(
                self, translate("Shell", "修改密码"),
                translate("Shell", "密码已修改，下次登录请使用新密码。"),
            )

    def show_home(self) -> None:
        self.stack.setCurrentWidget(self.home_page)
        self.refresh()
        if self.ctx.options.kiosk:
            self.idle_timer.start()

    def refresh(self) -> None:
        """Read /me again (after a dialog closes, a page shows); quiet once logged out."""
        if self.ctx.id_number is None:
            return
        if self.ctx.offline_since is not None and self.ctx.me is not None:
            self.ctx.publish_me(self.ctx.me)  # offline: the last /me, no error box
            return
        session = self.ctx.session_id

        def published(me: Any) -> None:
            if self.ctx.session_id == session:
                self.ctx.publish_me(me)

        def failed(exc: Exception) -> None:
            if self.ctx.session_id == session and self.ctx.id_number is not None:
                errors.show_error(self, exc)

        run_in_background(self, self.ctx.refresh_me, on_success=published, on_failure=failed)

    @Slot(str)
    def session_lost(self, message: str) -> None:
        """401 anywhere: close everything and return to login with the reason (ACC-4).
        Signed in offline, a 401 means the server is back and has no login of ours yet:
        the client logs in for real instead."""
        if self.ctx.offline_since is not None:
            self.reconnect.try_now()
            return
        self._lose_session(message)

    def _lose_session(self, message: str) -> None:
        if self.ctx.id_number is None:
            return  # already logged out (the sender halts on our own logout too)
        self.reconnect.stop()
        self.close_windows()
        self.ctx.end_session(tell_server=False)
        self.login_page.reset(message)
        self.stack.setCurrentWidget(self.login_page)

    def exam_running(self) -> bool:
        """An exam flow between its rules and its result: leaving is its own business."""
        if "app.ui.exam.exam_flow" not in sys.modules:
            return False  # no exam was started: do not import it to find that out
        from app.ui.exam.exam_flow import last_flow

        flow = last_flow()
        return flow is not None and flow.ctx is self.ctx and flow.current not in ("", "done")

    def log_out(self, confirm: bool = True) -> None:
        if confirm and self.exam_running():
            # Leaving mid-exam is the exam window's own confirm (EXAM-3), never a side door.
            return
        self.close_windows()
        if self._send_before_leaving(lambda: self._leave()):
            return
        self._leave()

    def end_supervision(self) -> None:
        """FACE-8 at a kiosk: the trainee's unsent records go first, while the supervision
        still covers them; then a clerk, with their password, ends it, and the kiosk goes
        back to the login."""
        from app.ui.account.supervision import EndSupervisionDialog

        self.close_windows()

        def ask() -> None:
            dialog = EndSupervisionDialog(self.ctx, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            dialog.ended.connect(lambda: self._lose_session(
                translate("Shell", "监督学习已结束，学员已退出登录。")))
            self.windows["end_supervision"] = dialog
            dialog.open()

        if not self._send_before_leaving(ask):
            ask()

    def _leave(self, message: str | None = None) -> None:
        self.reconnect.stop()
        self.ctx.end_session()
        self.login_page.reset(message)
        self.stack.setCurrentWidget(self.login_page)

    def _send_before_leaving(self, then: Callable[[], None]) -> bool:
        """Kiosk: the trainee's unsent records go first (issue 16); True when that dialog
        now runs and calls `then` when it closes."""
        from app.ui.account.kiosk_logout import send_before_leaving

        return send_before_leaving(self.ctx, self, self.windows, then)

    # ------------------------------------------------------------------ registry
    def come_forward(self) -> None:
        """A second start of cedu (single_instance): this window, and the one the trainee
        was working in on top of it, come to the front."""
        from app.ui.kit.attention import bring_forward

        bring_forward(self)
        for window in list(self.windows.values()):
            if window.isVisible():
                bring_forward(window)

    def close_windows(self) -> None:
        self.registry.close_all()

    # ------------------------------------------------------------------ actions
    @Slot(str, object)
    def open_action(self, action: str, enrollment: wire.Enrollment) -> None:
        # The home card that asks is made by now; its module is not needed before that.
        from app.ui.home.home_card import (
            ACTION_APPLICATIONS,
            ACTION_EXAM,
            ACTION_LESSONS,
            ACTION_RECEIPT,
            ACTION_RESUME_EXAM,
        )

        key = f"{action}:{enrollment['id']}"
        # Each screen's module loads when first asked for (not before the login shows);
        # plain imports, so mypy checks every call that makes a screen.
        if action == ACTION_LESSONS:
            from app.ui.lessons.lesson_list import LessonsWindow

            self.registry.open_window(key, lambda: LessonsWindow(self.ctx, enrollment))
        elif action == ACTION_EXAM:
            from app.ui.exam.exam_flow import start_exam

            start_exam(self.ctx, enrollment, self)
        elif action == ACTION_RESUME_EXAM:
            from app.ui.exam.exam_flow import resume_exam

            attempt_id = enrollment["exam"]["open_attempt_id"]
            if attempt_id is not None:  # the card offers "resume" only for an open attempt
                resume_exam(self.ctx, enrollment, attempt_id, self)
        elif action == ACTION_APPLICATIONS:
            from app.ui.home.applications import ApplicationsDialog

            self.registry.open_dialog(key, lambda: ApplicationsDialog(self.ctx, enrollment, self))
        elif action == ACTION_RECEIPT:
            from app.ui.home.receipt import ReceiptDialog

            self.registry.open_dialog(key, lambda: ReceiptDialog(self.ctx, enrollment, self))

    def open_photo(self) -> None:
        """The photo, after the trainee's consent to face data (FACE-8): the consent
        screen comes first until the server has recorded a 同意."""
        consent = self.ctx.me.get("face_consent") if self.ctx.me else None
        if consent is not None and consent["state"] != "granted":
            from app.ui.face.consent import ConsentDialog

            fresh = "consent" not in self.windows
            dialog = self.registry.open_dialog("consent", lambda: ConsentDialog(self.ctx, self))
            if fresh:
                dialog.accepted.connect(self._photo_after_consent)
            return
        from app.ui.face.photo import PhotoDialog

        self.registry.open_dialog("photo", lambda: PhotoDialog(self.ctx, self))

    def _photo_after_consent(self) -> None:
        def published(me: Any) -> None:
            self.ctx.publish_me(me)
            self.open_photo()

        def failed(exc: Exception) -> None:
            errors.show_error(self, exc)

        run_in_background(self, self.ctx.refresh_me, on_success=published, on_failure=failed)

    def open_self_check(self) -> None:
        from app.ui.selfcheck.selfcheck_dialog import SelfCheckDialog

        self.registry.open_dialog(
            "self_check", lambda: SelfCheckDialog(self.ctx.options, self.ctx.server_url, self)
        )

    def open_help(self) -> None:
        from app.ui.home.help import (
            HelpDialog,  # imported when asked for: not before the login shows
        )

        self.registry.open_dialog("help", lambda: HelpDialog(self))

    def open_about(self) -> None:
        from app.ui.home.help import AboutDialog

        self.registry.open_dialog("about", lambda: AboutDialog(self.ctx.server_url, self))

    # ------------------------------------------------------------------ kiosk
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _INPUT_EVENTS and self.ctx.id_number:
            self.idle_timer.start()
        return False

    def _idle_timeout(self) -> None:
        if not self.ctx.id_number:
            return
        if self.exam_running() or any(key.startswith(_BUSY_PREFIXES) for key in self.windows):
            self.idle_timer.start()  # a lesson or an exam is on: not idle
            return
        log.info("kiosk: logging out after %.0f s without input", self.ctx.options.kiosk_idle_s)
        self._leave_kiosk(translate("Shell", "长时间无操作，已自动退出登录。"))

    def _leave_kiosk(self, message: str) -> None:
        """Signed out by the kiosk itself (idle, the centre's limit): unsent records first."""
        self.close_windows()
        if not self._send_before_leaving(lambda: self._leave(message)):
            self._leave(message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.ctx.options.kiosk and not self._staff_exit and not self._staff_allows_exit():
            event.ignore()
            return
        if self.exam_running():
            event.ignore()  # the exam window owns leaving (EXAM-3)
            return
        self.close_windows()
        event.accept()

    def ask_staff_exit(self) -> None:
        """Ctrl+Alt+Q in kiosk mode: staff leave the shell with the training centre's PIN."""
        if self._staff_allows_exit():
            self.close()

    def _staff_allows_exit(self) -> bool:
        from app.ui.account.staff_exit import staff_allows_exit

        if not staff_allows_exit(self, self.ctx.options.kiosk_pin):
            return False
        self._staff_exit = True
        self.close_windows()
        if self.ctx.id_number:
            self.ctx.end_session()
        return True
