"""Background operations: results on the GUI thread, dropped when their window is gone."""

from __future__ import annotations

import threading
from typing import Any


def test_an_answer_arrives_on_the_gui_thread(qtbot: Any) -> None:
    from app.qt import QWidget
    from app.ui import ops

    owner = QWidget()
    qtbot.addWidget(owner)
    answers: list[tuple[object, bool]] = []
    ops.run_in_background(
        owner, lambda: threading.current_thread() is threading.main_thread(),
        on_success=lambda ran_on_main: answers.append(
            (ran_on_main, threading.current_thread() is threading.main_thread())),
    )
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    assert answers == [(False, True)]  # worked off the GUI thread, answered on it
    assert not ops._running


def test_a_window_gone_before_the_work_ends_drops_the_answer_quietly(qtbot: Any) -> None:
    from app.qt import QThreadPool, QWidget
    from app.ui import ops

    owner = QWidget()
    release = threading.Event()
    answers: list[object] = []
    ops.run_in_background(
        owner, lambda: release.wait(5) and "late", on_success=answers.append,
        on_failure=answers.append,
    )
    owner.deleteLater()
    qtbot.waitUntil(lambda: _deleted(owner), timeout=5000)
    release.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)
    # pytest-qt fails the test on an exception raised in the pool thread's run().
    assert answers == []
    assert not ops._running  # the relay does not stay behind


def _deleted(widget: Any) -> bool:
    import shiboken6

    return not shiboken6.isValid(widget)
