# mypy: disable-error-code="assignment"
# (the star imports re-export helper names, such as QIntList, that several Qt modules share)
"""The one module that imports PySide6 (DESIGN.md).

Everything else imports Qt names from here, so a Qt 5.15 build stays possible by
changing this file alone.
"""

# ruff: noqa: F401, F403
from PySide6 import QtCore, QtGui, QtMultimedia, QtMultimediaWidgets, QtWidgets
from PySide6.QtCore import *
from PySide6.QtGui import *
from PySide6.QtMultimedia import *
from PySide6.QtMultimediaWidgets import *
from PySide6.QtPdf import *  # the study-hours receipt (CERT-1): view and print a PDF
from PySide6.QtPdfWidgets import *
from PySide6.QtPrintSupport import *
from PySide6.QtWidgets import *

QT_VERSION = QtCore.qVersion()
