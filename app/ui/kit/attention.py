"""Getting the trainee's attention when the client needs it and is not in front: a face
check due or a lesson paused for one (FACE-5: trainees keep other work open and took
such pauses for a hung lesson), or a second start of the client (single_instance).

A window asked to come forward is restored when minimised, raised and activated; the
window manager may refuse focus to a background process (Windows does), so the taskbar
button also flashes (QApplication.alert with no timeout: until the window is active).
"""

from __future__ import annotations

from collections.abc import Callable

from app.qt import QApplication, QObject, Qt, QTimer, QWidget, Signal


def bring_forward(window: QWidget) -> None:
    state = window.windowState()
    if state & Qt.WindowState.WindowMinimized:
        window.setWindowState(
            (state & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive
        )
    window.show()
    window.raise_()
    window.activateWindow()
    QApplication.alert(window, 0)


class AttentionCall(QObject):
    """Calls the trainee back until they are: the window forward, the taskbar flashing and
    the spoken prompt at once, then the prompt again every `repeat_s` while the window is
    not the active one (a trainee in another program, or away for a moment)."""

    called = Signal()  # each call (tests)

    def __init__(self, window: QWidget, say: Callable[[], object], repeat_s: float = 20.0) -> None:
        super().__init__(window)
        self._window, self._say = window, say
        self._timer = QTimer(self)
        self._timer.setInterval(int(repeat_s * 1000))
        self._timer.timeout.connect(self._again)

    def start(self) -> None:
        bring_forward(self._window)
        self._call()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _again(self) -> None:
        if self._window.isActiveWindow():
            self._timer.stop()  # they are back
            return
        QApplication.alert(self._window, 0)
        self._call()

    def _call(self) -> None:
        self._say()
        self.called.emit()
