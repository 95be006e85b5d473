"""The login window shows before anything it does not need is imported (issue 7's start-up
target, measured by bench/bench_client.py): a fresh client process, started the way
`cedu --server URL` starts it, lists what it has imported at the window's first paint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys
from app.qt import QEvent, QObject, QTimer
from app.ui.launch import create_application, create_main_window
from app.ui.kit.options import build_parser, options_from_args

options = options_from_args(build_parser().parse_args(sys.argv[1:]))
app = create_application(options)
window, server = create_main_window(options)

def after_warm_up():
    print(json.dumps(sorted(sys.modules)), flush=True)
    import os
    os._exit(0)

def built():
    # PySide makes a class (and its enums) when it is first read: what is in a module's
    # __dict__ has been built.
    from PySide6 import QtCore, QtGui, QtWidgets
    return sorted(f"{m.__name__}.{name}" for m in (QtCore, QtGui, QtWidgets) for name in vars(m))

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "seen"):
            self.seen = True
            print(json.dumps(built()), flush=True)
            print(json.dumps(sorted(sys.modules)), flush=True)
            QTimer.singleShot(500, after_warm_up)  # the warm-up runs on the next turn
        return False

window.installEventFilter(FirstPaint(window))
window.show_initial()
app.exec()
"""

# Not needed to draw the login form: the version's metadata reader, the bundled server
# (a --server is given), the help dialogs, the home page with the journal and the sender,
# the API client and its HTTP and keyring stack, everything of the face engine and the
# player, Qt Multimedia (the player's fallback engine, ~35 ms with its QtNetwork), and Qt
# PDF and Print Support (the receipt, ~8 ms).
NOT_BEFORE_FIRST_PAINT = (
    "importlib.metadata", "app.ui.kit.bundled_server", "app.ui.home.help", "app.ui.home.home",
    "app.sync.journal", "app.sync.sender", "app.sync.api", "app.sync.transport",
    "app.sync.credentials", "requests", "keyring", "numpy", "cv2", "mediapipe", "dlib",
    "vlc", "app.proctor", "app.player", "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets",
    "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport",
)
# Nor these PySide classes, each built with all its enums on first use: the Qt namespace
# (~110 enums, 35 ms on a 2-core PC; the login form sets what it needs by name), QStyle
# and QCommonStyle (asked for by widget.style(), ~45 ms), the boxes and dialogs no one
# sees yet, the icon and the shortcuts (set a frame after the first paint).
NOT_BUILT_BEFORE_FIRST_PAINT = (
    "PySide6.QtCore.Qt", "PySide6.QtWidgets.QStyle", "PySide6.QtWidgets.QCommonStyle",
    "PySide6.QtWidgets.QInputDialog", "PySide6.QtGui.QIcon", "PySide6.QtGui.QKeySequence",
    "PySide6.QtGui.QShortcut", "PySide6.QtWidgets.QProgressBar",
)


def test_the_login_window_paints_before_what_it_does_not_need_is_imported(
    tmp_path: Path,
) -> None:
    if not os.environ.get("DISPLAY") and sys.platform.startswith("linux"):
        pytest.skip("needs the X display pytest-xvfb provides")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "--server", "http://127.0.0.1:9",
         "--data-dir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    built, at_paint, after_warm_up = (
        set(json.loads(line)) for line in done.stdout.splitlines()[-3:]
    )
    assert "app.ui.account.login" in at_paint  # the list is the one taken at the login's paint
    early = sorted(name for name in at_paint if name in NOT_BEFORE_FIRST_PAINT)
    assert early == []
    assert "PySide6.QtWidgets.QLineEdit" in built  # the list is of what the form built
    assert sorted(built & set(NOT_BUILT_BEFORE_FIRST_PAINT)) == []
    # Right after it, on the GUI thread, before any camera thread can start: Qt Multimedia
    # (no Qt import may race mediapipe's on the camera thread, app.qt).
    assert {"PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtPdf",
            "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport"} <= after_warm_up
