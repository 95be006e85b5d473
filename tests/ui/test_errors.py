"""The one error display (app/ui/kit/errors.py): the message box opens window-modal with
open() and show_error returns at once, so a queued callback that shows an error is not
re-entered by a nested event loop; 知道了 closes it. A session the server ended (401)
goes to the session-lost handler instead of a box (ACC-4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.support import SUPPORT_CLIENT

SAFETY_CLOSE_MS = 5_000  # a regression to exec() fails here instead of hanging the run


@pytest.fixture
def host(qtbot: Any) -> Any:
    from app.qt import QWidget

    widget = QWidget()
    widget.resize(640, 420)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def message_boxes() -> list[Any]:
    """Error boxes on screen (other tests' windows may have left boxes of their own)."""
    from app.qt import QApplication, QMessageBox

    return [
        w for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "error_box" and w.isVisible()
    ]


def close_every_box() -> None:
    for box in message_boxes():
        box.reject()


def test_an_error_from_a_queued_callback_opens_a_window_modal_box_and_returns(
    styled_app: Any, qtbot: Any, host: Any, shots_dir: Path
) -> None:
    # RULES: SYNC-1 (the full-disk message, in plain words with the support line)
    from app.qt import QPushButton, Qt, QTimer
    from app.sync.journal import JournalFullError
    from app.ui.kit import errors

    steps: list[tuple[str, bool]] = []

    def queued_callback() -> None:  # as ops.run_in_background delivers a failure
        steps.append(("before", bool(message_boxes())))
        errors.show_error(host, JournalFullError())
        steps.append(("after", any(box.isVisible() for box in message_boxes())))

    QTimer.singleShot(SAFETY_CLOSE_MS, close_every_box)
    QTimer.singleShot(0, queued_callback)
    qtbot.waitUntil(lambda: len(steps) == 2, timeout=SAFETY_CLOSE_MS * 2)
    # The callback ran to its end while the box was on screen: no nested loop held it.
    assert steps == [("before", False), ("after", True)]
    [box] = message_boxes()
    assert box.windowModality() == Qt.WindowModality.WindowModal
    assert box.parent() is host
    assert "磁盘空间已满" in box.text() and SUPPORT_CLIENT in box.text()
    assert box.informativeText() == "代码：disk_full"
    qtbot.waitExposed(box)
    qtbot.wait(200)
    box.grab().save(str(shots_dir / "error-disk-full.png"))

    box.findChild(QPushButton, "error_ok_button").click()
    qtbot.waitUntil(lambda: not message_boxes(), timeout=5000)  # closed and deleted
    assert errors.open_error_boxes() == []


def test_a_box_without_a_parent_stays_on_screen_until_closed(
    styled_app: Any, qtbot: Any
) -> None:
    import gc

    from app.qt import QTimer
    from app.sync.errors import OFFLINE_MESSAGE, OfflineError
    from app.ui.kit import errors

    QTimer.singleShot(SAFETY_CLOSE_MS, close_every_box)
    box = errors.show_error(None, OfflineError("offline", OFFLINE_MESSAGE))
    assert box is not None
    gc.collect()  # nothing but the module keeps the box alive
    qtbot.wait(100)
    assert box.isVisible() and box.informativeText() == "代码：offline"
    assert errors.open_error_boxes() == [box]
    box.accept()
    qtbot.waitUntil(lambda: not message_boxes(), timeout=5000)


def test_a_session_the_server_ended_goes_back_to_login_without_a_box(
    styled_app: Any, qtbot: Any, host: Any
) -> None:
    # RULES: ACC-4
    from app.sync.errors import AuthError
    from app.ui.kit import errors

    reasons: list[str] = []
    before = errors._session_lost_handler  # a main window of another test may own it
    errors.set_session_lost_handler(reasons.append)
    try:
        shown = errors.show_error(host, AuthError("session_replaced", "x", status=401))
    finally:
        errors.set_session_lost_handler(before)
    assert shown is None and reasons == ["您的账号已在其他设备登录。"]
    assert not message_boxes()


def test_the_full_disk_message_is_translated(styled_app: Any) -> None:
    # RULES: SYNC-1
    from app.qt import QLocale
    from app.sync.journal import DISK_FULL_MESSAGE, JournalFullError
    from app.ui.kit.errors import describe
    from app.ui.kit.i18n import install_translators

    assert describe(JournalFullError()).message == DISK_FULL_MESSAGE
    translators = install_translators(styled_app, "en")
    try:
        message = describe(JournalFullError()).message
    finally:
        for translator in translators:
            styled_app.removeTranslator(translator)
        QLocale.setDefault(QLocale("zh_CN"))
    assert message.startswith("The disk is full")
