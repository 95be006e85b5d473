"""Kiosk logout (issue 16): before a trainee leaves a shared PC, what the journal still
holds for them (progress, answers, face checks with their evidence crops) is sent, with a
progress bar. The journal's own sender does the sending (it deletes each face crop as
soon as the server has it, FACE-7); this dialog wakes it and watches the count go down.
When the server cannot be reached it says so plainly: the records stay, under this
trainee's ID number, and go at their next sign-in on this PC (SYNC-1).
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.support import SUPPORT_CLIENT
from app.qt import QDialog, QProgressBar, QTimer, QVBoxLayout, QWidget
from app.ui.kit.context import AppContext
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import action_row, label, primary_button

POLL_MS = 200
GIVE_UP_S = 60.0  # a rural link that moves nothing for a minute is away


class KioskLogoutDialog(QDialog):
    """Accepted when everything was sent; rejected (after 「知道了」) when it was kept."""

    def __init__(self, ctx: AppContext, owner: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.owner = ctx, owner
        self.setWindowTitle(translate("KioskLogout", "退出登录"))
        self.setMinimumWidth(560)
        self.total = max(ctx.journal.pending_count(owner), 1)
        self.message = label(translate("KioskLogout", "正在上传您的学习记录，请稍候……"), "heading")
        self.bar = QProgressBar()
        self.bar.setObjectName("kiosk_upload_bar")
        self.bar.setRange(0, self.total)
        self.bar.setValue(0)
        self.ok_button = primary_button(translate("KioskLogout", "知道了"))
        self.ok_button.setObjectName("kiosk_upload_ok")
        self.ok_button.hide()
        self.ok_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.bar)
        layout.addLayout(action_row([self.ok_button], label(""), QWidget()))
        self._waited_ms = 0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        if self.ctx.sender is not None:
            self.ctx.sender.wake()
        self._timer.start()
        self.open()

    def _poll(self) -> None:
        from app.sync.sender import SenderState

        left = self.ctx.journal.pending_count(self.owner)
        self.bar.setValue(self.total - left)
        if left == 0:
            self._timer.stop()
            self.accept()
            return
        self._waited_ms += POLL_MS
        sender = self.ctx.sender
        state = sender.status.state if sender is not None else SenderState.OFFLINE
        stuck = state in (SenderState.OFFLINE, SenderState.HALTED, SenderState.STOPPED)
        if stuck or self._waited_ms >= GIVE_UP_S * 1000:
            self._timer.stop()
            self._kept(left)

    def _kept(self, left: int) -> None:
        self.message.setText(
            translate(
                "KioskLogout",
                "暂时无法连接服务器，还有 %1 条学习记录没有上传。记录已保存在这台电脑上，"
                "下次您在这台电脑登录时会自动上传，不会丢失。如有疑问请致电 %2。",
            ).replace("%1", str(left)).replace("%2", SUPPORT_CLIENT)
        )
        self.bar.hide()
        # A wrapped label does not grow its dialog by itself: ask its height at this width.
        self.message.setMinimumHeight(self.message.heightForWidth(max(self.message.width(), 1)))
        self.ok_button.show()
        self.ok_button.setFocus()
        self.adjustSize()


def send_before_leaving(
    ctx: AppContext, parent: QWidget, windows: dict[str, QWidget], then: Callable[[], None]
) -> bool:
    """Kiosk: the trainee's unsent records go first, with a progress bar (issue 16).
    True when that dialog now runs (kept in `windows` as `kiosk_logout`) and calls `then`
    when it closes; False when there is nothing to wait for."""
    owner = ctx.id_number
    if not ctx.options.kiosk or owner is None:
        return False
    if ctx.journal.pending_count(owner) == 0:
        return False
    dialog = KioskLogoutDialog(ctx, owner, parent)
    windows["kiosk_logout"] = dialog

    def closed(_result: int) -> None:
        windows.pop("kiosk_logout", None)
        dialog.deleteLater()
        then()

    dialog.finished.connect(closed)
    dialog.start()
    return True
