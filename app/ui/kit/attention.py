"""Getting the trainee's attention when the client needs it and is not in front: a face
check due or a lesson paused for one (FACE-5: trainees keep other work open and took
such pauses for a hung lesson), or a second start of the client (single_instance).

A window asked to come forward is restored when minimised, raised and activated; the
window manager may refuse focus to a background process (Windows does), so the taskbar
button also flashes (QApplication.alert with no timeout: until the window is active).
"""

from __future__ import annotations

from app.qt import QApplication, Qt, QWidget


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
