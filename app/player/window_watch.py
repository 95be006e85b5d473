"""LEARN-4: is the player's window in front of the trainee? Minimising, hiding or leaving
the window, or the whole application losing the focus, is told as `away(why)`; the
player pauses on it (only the trainee resumes).

The window watched is the player's top-level window at its latest show: a player moved
into another window follows it.
"""

from __future__ import annotations

from app.qt import QEvent, QGuiApplication, QObject, Qt, QWidget, Signal


class WindowWatch(QObject):
    away = Signal(str)  # why, for the log

    def __init__(self, player: QWidget) -> None:
        super().__init__(player)
        self._player = player
        self._watched_window: QWidget | None = None
        player.installEventFilter(self)  # its Show: which window to watch now
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._on_application_state)

    def is_away(self) -> bool:
        window = self._player.window()
        return not self._player.isVisible() or window.isMinimized() or not window.isActiveWindow()

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.away.emit(f"application state {state.name}")

    def _watch(self, window: QWidget) -> None:
        if window is not self._watched_window:
            if self._watched_window not in (None, self._player):  # the player's own stays
                self._watched_window.removeEventFilter(self)
            window.installEventFilter(self)
            self._watched_window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if watched is self._player and kind == QEvent.Type.Show:
            self._watch(self._player.window())
        elif watched is self._watched_window:
            if kind == QEvent.Type.WindowStateChange and self._player.window().isMinimized():
                self.away.emit("window minimised")
            elif kind == QEvent.Type.Hide:
                self.away.emit("window hidden")
            elif kind == QEvent.Type.WindowDeactivate:
                self.away.emit("window lost focus")
        return False
