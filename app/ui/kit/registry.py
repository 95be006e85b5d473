"""One window of each kind (after Anki's dialog registry): asking for an open one raises
it, a closed one leaves the registry, and logout closes them all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.qt import Qt, QWidget


class WindowRegistry:
    """The open windows and dialogs by key (`lessons:<enrollment id>`, `photo`, ...)."""

    def __init__(self, dialog_finished: Callable[[], None]) -> None:
        """`dialog_finished`: called whenever a dialog closes (the shell reads /me again)."""
        self.windows: dict[str, QWidget] = {}
        self._dialog_finished = dialog_finished

    def open_window(self, key: str, factory: Callable[[], QWidget]) -> QWidget:
        """A top-level window: raise the open one, or make it."""
        window = self.windows.get(key)
        if window is None:
            window = factory()
            self._keep(key, window)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def open_dialog(self, key: str, factory: Callable[[], Any]) -> Any:
        """A window-modal dialog (open(), no nested event loop)."""
        dialog = self.windows.get(key)
        if dialog is None:
            dialog = factory()
            self._keep(key, dialog)
            dialog.finished.connect(lambda *_: self._dialog_finished())
            dialog.open()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _keep(self, key: str, window: QWidget) -> None:
        self.windows[key] = window
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.destroyed.connect(lambda *_: self.windows.pop(key, None))

    def close_all(self) -> None:
        for window in list(self.windows.values()):
            window.close()
        self.windows.clear()
