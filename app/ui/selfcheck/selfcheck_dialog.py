"""The self-check screen (设备检测, UX.md screen 7): the same checks as `cedu --self-check`,
one line each with a plain verdict and what to do, and a 重新检测 button.

The camera, server and disk checks run on worker threads and report back through a
queued signal; the video, display and font checks need the GUI thread and run there, one
after another, so the window stays drawn between them.
"""

from __future__ import annotations

import threading
from typing import Any

from app.qt import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QObject,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.ui.kit.camera_names import qt_camera_names
from app.ui.kit.i18n import translate
from app.ui.kit.options import ClientOptions
from app.ui.kit.widgets import Card, button, label, primary_button, set_role
from app.ui.selfcheck import device_checks as selfcheck

PENDING, PASSED, FAILED = "…", "✓", "✗"


class _Results(QObject):
    """Carries a worker's result to the GUI thread (queued: the receiver lives there)."""

    done = Signal(int, str, object)  # run number, check name, result dict


class SelfCheckDialog(QDialog):
    finished_all = Signal(dict)  # the whole report, as `cedu --self-check` prints it

    def __init__(
        self, options: ClientOptions, server_url: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.options = options
        self.server_url = server_url
        self.results: dict[str, dict[str, Any]] = {}
        self.report: dict[str, Any] | None = None
        self._run = 0
        self._closed = False
        self._gui_queue: list[tuple[str, Any]] = []
        # Not parented: a worker may still hold it after the dialog is gone.
        self._bridge = _Results()
        self._bridge.done.connect(self._on_result)
        self.setWindowTitle(translate("SelfCheck", "设备检测"))
        self.setFixedWidth(820)  # a fixed width keeps each message's wrapped height valid

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addWidget(label(translate("SelfCheck", "设备检测"), "title"))
        self.summary = label(translate("SelfCheck", "正在检测，请稍候……"), "hint")
        layout.addWidget(self.summary)

        card = Card()
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        grid.setColumnStretch(2, 1)
        card.body.addLayout(grid)
        self.marks: dict[str, Any] = {}
        self.messages: dict[str, Any] = {}
        for row, name in enumerate(selfcheck.CHECK_ORDER):
            mark = label(PENDING, wrap=False)
            mark.setObjectName(f"mark_{name}")
            title = label(selfcheck.check_title(name), "heading")
            message = label("")
            message.setObjectName(f"message_{name}")
            top = Qt.AlignmentFlag.AlignTop
            grid.addWidget(mark, row, 0, top)
            grid.addWidget(title, row, 1, top)
            grid.addWidget(message, row, 2, top)
            self.marks[name], self.messages[name] = mark, message
        layout.addWidget(card)

        buttons = QHBoxLayout()
        self.retry_button = primary_button(translate("SelfCheck", "重新检测"))
        self.retry_button.clicked.connect(self.start)
        self.close_button = button(translate("SelfCheck", "关闭"))
        self.close_button.clicked.connect(self.accept)
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        QTimer.singleShot(0, self.start)

    # ------------------------------------------------------------------ running
    @property
    def running(self) -> bool:
        return self.report is None

    def start(self) -> None:
        if self._closed:
            return  # closed before its first run began (the start is queued)
        self._run += 1
        run = self._run
        self.results.clear()
        self.report = None
        self.retry_button.setEnabled(False)
        self.summary.setText(translate("SelfCheck", "正在检测，请稍候……"))
        set_role(self.summary, "hint")
        for name in selfcheck.CHECK_ORDER:
            self.marks[name].setText(PENDING)
            set_role(self.marks[name], "hint")
            self._show_message(name, translate("SelfCheck", "正在检测……"), "hint")
        # First, on this thread: gui_checks() imports what they need before any worker
        # starts importing (concurrent imports of Qt and mediapipe deadlocked).
        self._gui_queue = list(selfcheck.gui_checks().items())
        bridge = self._bridge
        cameras = qt_camera_names()  # on this thread (Qt's device list belongs to it)
        checks = selfcheck.background_checks(self.options, self.server_url, cameras)
        for name, check in checks.items():

            def work(name: str = name, check: Any = check) -> None:
                try:
                    result = check()
                except Exception as problem:
                    result = selfcheck.failed_check(name, problem)
                bridge.done.emit(run, name, result)

            threading.Thread(target=work, name=f"selfcheck {name}", daemon=True).start()
        QTimer.singleShot(50, lambda: self._next_gui_check(run))

    def _next_gui_check(self, run: int) -> None:
        if run != self._run or not self._gui_queue:
            return
        name, check = self._gui_queue.pop(0)
        try:
            result = check()
        except Exception as problem:
            result = selfcheck.failed_check(name, problem)
        self._on_result(run, name, result)
        QTimer.singleShot(0, lambda: self._next_gui_check(run))

    def done(self, result: int) -> None:
        """Closed (关闭, the window's X, logout) with checks still under way: their results
        belong to no run any more, so they never touch this dialog's deleted labels."""
        self._run += 1
        self._closed = True
        super().done(result)

    def _on_result(self, run: int, name: str, result: dict[str, Any]) -> None:
        if run != self._run:
            return  # a result of a run that 重新检测 replaced
        self.results[name] = result
        ok = bool(result.get("ok"))
        self.marks[name].setText(PASSED if ok else FAILED)
        set_role(self.marks[name], "ok" if ok else "error")
        self._show_message(name, str(result.get("message", "")), "ok" if ok else "error")
        if len(self.results) == len(selfcheck.CHECK_ORDER):
            self._finish()

    def _show_message(self, name: str, text: str, role: str) -> None:
        message = self.messages[name]
        message.setText(text)
        set_role(message, role)
        # A grid does not grow its window for a label that wraps to a second line: ask
        # the label how tall it needs to be at its width, then fit the window to that.
        message.setMinimumHeight(message.heightForWidth(max(message.width(), 1)))
        self.adjustSize()

    def _finish(self) -> None:
        self.report = selfcheck.build_report(self.results)
        self.retry_button.setEnabled(True)
        if self.report["ok"]:
            self.summary.setText(translate("SelfCheck", "检测通过，这台电脑可以正常学习和考试。"))
            set_role(self.summary, "ok")
        else:
            self.summary.setText(
                translate("SelfCheck", "有项目未通过，请按提示处理后点击“重新检测”。")
            )
            set_role(self.summary, "error")
        self.finished_all.emit(self.report)
