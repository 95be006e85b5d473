# mypy: disable-error-code="assignment"
# (the star imports re-export helper names, such as QIntList, that several Qt modules share)
"""The one module that imports PySide6 (DESIGN.md).

Everything else imports Qt names from here, so a Qt 5.15 build stays possible by
changing this file alone.

Names are looked up on first use (PEP 562 `__getattr__`), not star-imported: a star
import makes shiboken build every enum of every module up front, which measured 0.5 s
of the client's start-up. The modules themselves are imported here, at once (20 ms),
so no thread ever imports Qt later: a Qt import on one thread racing mediapipe's on the
camera thread deadlocked. Type checkers still see the star imports.
"""

# ruff: noqa: F403
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import (
    QtCore,
    QtGui,
    QtMultimedia,
    QtMultimediaWidgets,
    QtPdf,
    QtPdfWidgets,
    QtPrintSupport,
    QtWidgets,
)

if TYPE_CHECKING:
    from PySide6.QtCore import *
    from PySide6.QtGui import *
    from PySide6.QtMultimedia import *
    from PySide6.QtMultimediaWidgets import *
    from PySide6.QtPdf import *  # the study-hours receipt (CERT-1): view and print a PDF
    from PySide6.QtPdfWidgets import *
    from PySide6.QtPrintSupport import *
    from PySide6.QtWidgets import *

# Searched in this order.
_MODULES = (
    QtCore, QtGui, QtWidgets, QtMultimedia, QtMultimediaWidgets, QtPdf, QtPdfWidgets,
    QtPrintSupport,
)

QT_VERSION = QtCore.qVersion()


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    for module in _MODULES:
        if hasattr(module, name):
            value: Any = getattr(module, name)
            globals()[name] = value  # the next lookup is a plain module attribute
            return value
    raise AttributeError(f"module 'app.qt' has no attribute {name!r}")
