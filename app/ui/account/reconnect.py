"""Back from an offline sign-in (issue 16): the server is asked now and then; once it
answers, the client logs in for real (AppContext.reconnect: the kept token, or a fresh
login with the password typed offline), the journal goes and the home page is online.

A 401 while offline (the lessons list asking with no live login) means the same: the
server is back; `try_now` is called then too.
"""

from __future__ import annotations

import logging

from app.qt import QObject, QTimer, Signal
from app.sync.errors import OfflineError, ServerError
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext, Reconnected
from app.ui.kit.errors import describe
from app.ui.kit.i18n import translate

log = logging.getLogger(__name__)


class Reconnect(QObject):
    # The server refused the offline session's login (password changed or reset
    # elsewhere): the message for the login page; the journal stays for the next login.
    refused = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setInterval(int(ctx.options.reconnect_s * 1000))
        self.timer.timeout.connect(self.try_now)
        self._asking = False

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def try_now(self) -> None:
        ctx = self.ctx
        if ctx.offline_since is None or ctx.id_number is None:
            self.timer.stop()
            return
        if self._asking:
            return
        self._asking = True
        trainee = ctx.id_number

        def online(answer: Reconnected) -> None:
            self._asking = False
            if ctx.id_number == trainee and ctx.offline_since is not None:
                self.timer.stop()
                ctx.back_online(answer)

        def failed(exc: Exception) -> None:
            self._asking = False
            if isinstance(exc, OfflineError | ServerError) or ctx.id_number != trainee:
                return  # still away: the next tick asks again
            self.timer.stop()
            log.info("offline session refused by the server: %s", exc)
            message = describe(exc).message
            if getattr(exc, "code", None) == "bad_credentials":
                message = translate("Reconnect", "已连接服务器，但您的密码已经修改过，"
                                    "请用新密码登录。学习记录保存在本机，登录后自动上传。")
            self.refused.emit(message)

        run_in_background(self, ctx.reconnect, on_success=online, on_failure=failed)
