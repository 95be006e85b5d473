"""The exam window's lock (EXAM-7): one display, full screen, frameless, always on top;
focus loss noticed and reported; copy and paste shortcuts eaten and the clipboard cleared;
screens coming and going reported. On Windows also a low-level keyboard hook (Alt+Tab,
Alt+Esc, Ctrl+Esc, the Windows keys, PrintScreen; keys software injected dropped, one
`injected_input` incident a minute) and exclusion from screen capture, a refusal of which
is a `capture_not_blocked` incident (exam_lock_win.py, only imported there).

What the lock notices leaves as `incident(kind, detail)` with the kinds of API.md;
the exam window records them on the attempt and warns the trainee.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from app.qt import (
    QApplication,
    QEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QObject,
    QScreen,
    Qt,
    QTimer,
    QWidget,
    Signal,
    Slot,
)

log = logging.getLogger(__name__)

ACTIVATION_GRACE_MS = 3000

_COPY_KEYS = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
)


def count_displays() -> int:
    """How many screens the desktop spans. The one seam tests replace (monkeypatch) to
    play a second monitor under Xvfb."""
    return len(QGuiApplication.screens())


def is_copy_shortcut(event: QKeyEvent) -> bool:
    return any(event.matches(key) for key in _COPY_KEYS)


class ExamLock(QObject):
    """Locks `window` while the exam runs: `engage()` once it is shown, `release()` when
    the attempt ends (submitted, left, expired)."""

    incident = Signal(str, str)  # (kind, detail): focus_lost, key_blocked, display_changed
    focus_lost = Signal()
    focus_back = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.engaged = False
        self.away = False
        self.seen_active = False
        self._platform: Any = None
        self._injected_reported_at: float | None = None
        # Activation moves between our own windows (a confirm box) without the trainee
        # leaving; look again a moment later, once Qt knows the new active window.
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(150)
        self._recheck.timeout.connect(self._check_focus)

    @staticmethod
    def window_flags() -> Qt.WindowType:
        return (
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
        )

    def engage(self) -> None:
        if self.engaged:
            return
        self.engaged = True
        # Focus is judged once the window has been active: a slow window manager must not
        # count the first moments as leaving. If activation never comes, judge anyway.
        self.seen_active = False
        QTimer.singleShot(ACTIVATION_GRACE_MS, self._grace_over)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.installEventFilter(self)
        app.applicationStateChanged.connect(self._on_application_state)
        app.focusWindowChanged.connect(self._on_focus_window)
        app.screenAdded.connect(self._on_screen_added)
        app.screenRemoved.connect(self._on_screen_removed)
        clear_clipboard()
        if sys.platform == "win32":
            from app.ui.exam.exam_lock_win import WindowsLock

            self._platform = WindowsLock(int(self.window.winId()))
            # Queued: the hook must return at once (Windows drops slow low-level hooks).
            self._platform.key_blocked.connect(
                self._on_key_blocked, Qt.ConnectionType.QueuedConnection
            )
            self._platform.capture_not_blocked.connect(self._on_capture_not_blocked)
            self._platform.engage()

    def release(self) -> None:
        if not self.engaged:
            return
        self.engaged = False
        self._recheck.stop()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.removeEventFilter(self)
            app.applicationStateChanged.disconnect(self._on_application_state)
            app.focusWindowChanged.disconnect(self._on_focus_window)
            app.screenAdded.disconnect(self._on_screen_added)
            app.screenRemoved.disconnect(self._on_screen_removed)
        if self._platform is not None:
            self._platform.release()
            self._platform = None

    # ------------------------------------------------------------------ events
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(
            event, QKeyEvent
        ):
            if is_copy_shortcut(event):
                event.accept()
                return True
        elif kind == QEvent.Type.ContextMenu:
            return True  # no copy or paste through context menus either
        elif kind == QEvent.Type.WindowDeactivate and watched is self.window:
            self._recheck.start()
        elif kind == QEvent.Type.WindowActivate and watched is self.window:
            self._check_focus()
        return False

    @Slot(Qt.ApplicationState)
    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self._recheck.start()
        else:
            self._check_focus()

    @Slot(object)
    def _on_focus_window(self, _window: object) -> None:
        self._recheck.start()

    def owns_focus(self) -> bool:
        """The exam window or a dialog it opened (confirm boxes, the face check) is active."""
        active = QApplication.activeWindow()
        while active is not None:
            if active is self.window:
                return True
            active = active.parentWidget()
        return False

    @Slot()
    def _grace_over(self) -> None:
        if self.engaged and not self.seen_active:
            self.seen_active = True
            self._check_focus()

    @Slot()
    def _check_focus(self) -> None:
        if not self.engaged:
            return
        if self.owns_focus():
            self.seen_active = True
            if self.away:
                self.away = False
                clear_clipboard()  # whatever was copied elsewhere stays there
                self.focus_back.emit()
            return
        if self.away or not self.seen_active:
            return
        self.away = True
        active = QApplication.activeWindow()
        detail = "another application" if active is None else f"window {active.objectName()}"
        self.incident.emit("focus_lost", detail)
        self.focus_lost.emit()

    @Slot(QScreen)
    def _on_screen_added(self, screen: QScreen) -> None:
        self.incident.emit(
            "display_changed", f"added {screen.name()}; {count_displays()} display(s)"
        )

    @Slot(QScreen)
    def _on_screen_removed(self, screen: QScreen) -> None:
        self.incident.emit(
            "display_changed", f"removed {screen.name()}; {count_displays()} display(s)"
        )

    @Slot(str)
    def _on_key_blocked(self, combination: str) -> None:
        if combination != "injected":
            self.incident.emit("key_blocked", combination)
            return
        # A tool typing for someone sends keys by the hundred: one incident a minute.
        now = time.monotonic()
        if self._injected_reported_at is None or now - self._injected_reported_at >= 60:
            self._injected_reported_at = now
            self.incident.emit("injected_input", "keys typed by software were dropped")

    @Slot(str)
    def _on_capture_not_blocked(self, reason: str) -> None:
        self.incident.emit("capture_not_blocked", reason)


def clear_clipboard() -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.clear()
