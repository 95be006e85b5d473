"""The exam window's helpers (answer, confirm, wait for the save, the attempt's row) for
the tests/ui/test_exam*.py modules and the home screen's dialogs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.exam_client import (  # noqa: F401  (re-exported for other modules)
    FLOW_TIMEOUT_MS,
    NEW_PASSWORD,
    WANG_WU,
    ExamUnderWay,
    begin_exam,
    signed_in,
    wait_stage,
)
from tests.support.live_server import LiveServer


@pytest.fixture
def contexts(client_contexts: list[Any]) -> list[Any]:
    """conftest's client_contexts, by the name test_receipt and test_applications import."""
    return client_contexts


def wait_saved(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: not window.channel.busy, timeout=15000)


def answer(qtbot: Any, window: Any, index: int) -> list[str]:
    """Go to question `index` with the navigator and answer it (the first option, or the
    first two for multiple choice), as clicks do."""
    window.navigator.buttons[index].click()
    question = window.questions[index]
    keys = [o["key"] for o in question["options"]][: 2 if question["kind"] == "multiple" else 1]
    window.question_view.choose(keys)
    return keys


def confirm(qtbot: Any, window: Any, button_name: str) -> None:
    from app.qt import QPushButton

    qtbot.waitUntil(lambda: window.confirm_box is not None and window.confirm_box.isVisible())
    window.confirm_box.findChild(QPushButton, button_name).click()


def attempt_row(server: LiveServer, attempt_id: str) -> Any:
    from app.server.models import ExamAttempt

    with server.context.sessions() as db:
        row = db.get(ExamAttempt, attempt_id)
        db.expunge(row)
        return row
