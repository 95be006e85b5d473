"""Start the client: QApplication, language, style, the main window, the server.

The login window shows at once; the bundled server (when no `--server` is given) starts
in the background once the window has painted, and the login button says so until it
answers. What the login form does not need (the version, the server's module, the API
client, keyring, the journal) is imported after that first paint.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.qt import (
    QApplication,
    QEvent,
    QObject,
    QTimer,
    import_deferred,
)
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext
from app.ui.kit.i18n import MissingTranslationsError, install_translators, translate
from app.ui.kit.options import ClientOptions
from app.ui.kit.resources import resource_path
from app.ui.kit.style import apply_style
from app.ui.shell import MainWindow

if TYPE_CHECKING:
    from app.ui.kit.bundled_server import BundledServer

log = logging.getLogger(__name__)


def create_application(options: ClientOptions) -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("cedu")
    app.setOrganizationName("cedu")
    try:
        app.setProperty("cedu_translators", install_translators(app, options.lang))
    except MissingTranslationsError as exc:
        # Better a Chinese client than none: say so where a technician will look.
        log.error("%s; showing Chinese", exc)
    apply_style(app)
    return app


class _AfterFirstPaint(QObject):
    """Runs `then` on the event-loop turn after the watched window first paints."""

    def __init__(self, parent: QObject, then: Callable[[], None]) -> None:
        super().__init__(parent)
        self._then: Callable[[], None] | None = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and self._then is not None:
            QTimer.singleShot(0, self._then)
            self._then = None
        return False


def create_main_window(options: ClientOptions) -> tuple[MainWindow, BundledServer | None]:
    """The window, connected to `--server` or to a bundled server starting in the background.

    What the login form does not need to be drawn (the API client, keyring, the journal)
    is made on the first turn of the event loop, after the window is on screen.
    """
    ctx = AppContext(options, options.server_url)
    window = MainWindow(ctx)
    server: BundledServer | None = None
    if not options.server_url:
        from app.ui.kit.bundled_server import BundledServer

        server = BundledServer(options.server_data_dir)

    def warm_up() -> None:
        import app as cedu

        import_deferred()  # Qt Multimedia, on this (the GUI) thread, before any camera thread

        qt_app = QApplication.instance()
        assert isinstance(qt_app, QApplication)
        qt_app.setApplicationVersion(cedu.__version__)
        # The icon (title bar, task bar) and the shortcuts a frame later: their classes and
        # the PNG's decoding cost ~6 ms before the first paint, and nobody presses F1 sooner.
        from app.qt import QIcon

        qt_app.setWindowIcon(QIcon(str(resource_path("icons", "cedu.png"))))
        add_shortcuts(window)
        from app.ui.kit.single_instance import RaiseListener

        RaiseListener(options.data_dir, window.come_forward, window)
        if server is not None:
            start_bundled_server(window, server)
        _ = window.home_page  # made now, as before the window showed, not at login
        ctx.warm_up()
        window.login_page.prefill()

    window.installEventFilter(_AfterFirstPaint(window, warm_up))
    if server is None:
        window.login_page.set_server_ready(True)
    elif not any(options.server_data_dir.glob("*.sqlite3")):
        window.login_page.set_server_ready(False, translate(
            "Application", "第一次启动需要准备演示课程视频，大约需要两三分钟，请稍候…"))
    return window, server


def add_shortcuts(window: MainWindow) -> None:
    """F1: about and help; in kiosk mode Ctrl+Alt+Q: the staff exit (with the PIN)."""
    from app.qt import QKeySequence, QShortcut

    about = QShortcut(QKeySequence("F1"), window)
    about.activated.connect(window.open_about)
    if window.ctx.options.kiosk:
        staff = QShortcut(QKeySequence("Ctrl+Alt+Q"), window)
        staff.activated.connect(window.ask_staff_exit)


def start_bundled_server(window: MainWindow, server: BundledServer) -> None:
    """Start the bundled server on a pool thread; the login button waits for it."""
    from app.ui.kit.bundled_server import BundledServerError

    def ready(url: str) -> None:
        window.ctx.set_server(url)
        window.login_page.set_server_ready(True)

    def failed(exc: Exception) -> None:
        message = str(exc) if isinstance(exc, BundledServerError) else repr(exc)
        window.login_page.set_server_ready(False, message)

    run_in_background(window, server.start, on_success=ready, on_failure=failed)


def run_app(options: ClientOptions) -> int:
    from app.ui.kit.single_instance import ask_running_client_to_show, claim

    client_lock = claim(options.data_dir)
    app = create_application(options)
    if client_lock is None:
        # Started twice (a double click): the running one comes forward, this one goes.
        shown = ask_running_client_to_show(options.data_dir)
        log.info("cedu is already running here; %s", "brought it forward" if shown
                 else "it did not answer")
        return 0
    window, server = create_main_window(options)
    window.show_initial()
    try:
        return app.exec()
    finally:
        window.ctx.shutdown()
        if server is not None:
            server.stop()
        client_lock.unlock()
