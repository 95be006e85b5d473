# mypy: disable-error-code="assignment"
# (the star imports re-export helper names, such as QIntList, that several Qt modules share)
"""The one module that imports PySide6 (DESIGN.md).

Everything else imports Qt names from here, so a Qt 5.15 build stays possible by
changing this file alone.

Names are looked up on first use (PEP 562 `__getattr__`), not star-imported: a star
import makes shiboken build every enum of every module up front, which measured 0.5 s
of the client's start-up. The modules are imported here, at once, so that no thread
imports Qt later: a Qt import on one thread racing mediapipe's on the camera thread
deadlocked. One exception: Qt Multimedia (the player's fallback engine) with the QtNetwork
it loads, and Qt PDF and Print Support (the receipt), ~45 ms the login window does not
need, are imported by `import_deferred()`, which the application calls on the GUI thread
right after its first paint, and the camera before it starts its thread. Type checkers
still see the star imports.

`Qt` (the namespace of Qt's global enums) stands for itself until one of its names is
read: PySide builds all of its ~110 enums at once when the namespace is first touched,
35 ms on a 2-core PC, which a module that merely imports `Qt` should not pay before the
login window shows (what the login form itself sets, it sets by key name:
app.ui.kit.widgets.set_by_name).
"""

# ruff: noqa: F403
from __future__ import annotations

import threading
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    from PySide6.QtCore import *
    from PySide6.QtGui import *
    from PySide6.QtMultimedia import *
    from PySide6.QtMultimediaWidgets import *
    from PySide6.QtNetwork import *  # QLocalServer: one running client (single_instance)
    from PySide6.QtPdf import *  # the study-hours receipt (CERT-1): view and print a PDF
    from PySide6.QtPdfWidgets import *
    from PySide6.QtPrintSupport import *
    from PySide6.QtWidgets import *

# Searched in this order; the deferred ones are appended when imported.
_MODULES: list[ModuleType] = [QtCore, QtGui, QtWidgets]
_deferred_lock = threading.Lock()
_deferred_done = False


def import_deferred() -> None:
    """Import the Qt modules left out of start-up (see the module's docstring)."""
    global _deferred_done
    with _deferred_lock:
        if not _deferred_done:
            # A plain import statement, so that PyInstaller sees and bundles them.
            from PySide6 import (
                QtMultimedia,
                QtMultimediaWidgets,
                QtNetwork,
                QtPdf,
                QtPdfWidgets,
                QtPrintSupport,
            )

            _MODULES.extend(
                (QtMultimedia, QtMultimediaWidgets, QtNetwork, QtPdf, QtPdfWidgets, QtPrintSupport)
            )
            _deferred_done = True

QT_VERSION = QtCore.qVersion()


class _QtNamespace:
    """`Qt`, looked up in PySide on the first read of one of its names (see above)."""

    def __getattr__(self, name: str) -> Any:
        value = getattr(QtCore.Qt, name)
        setattr(self, name, value)  # the next read is a plain attribute
        return value

    def __repr__(self) -> str:
        return "<Qt namespace, built on first use>"


if not TYPE_CHECKING:
    Qt = _QtNamespace()


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    for attempt in range(2):
        for module in _MODULES:
            if hasattr(module, name):
                value: Any = getattr(module, name)
                globals()[name] = value  # the next lookup is a plain module attribute
                return value
        if attempt == 0 and not _deferred_done:
            import_deferred()  # a Qt Multimedia name asked for before the first paint
        else:
            break
    raise AttributeError(f"module 'app.qt' has no attribute {name!r}")
