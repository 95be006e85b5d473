"""The main window, signing in through it, and the trainees the login/home tests use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.live_server import LiveServer

ZHANG_SAN = "530102198001010015"  # paid today, nothing watched


WANG_WU = "532501198811200037"  # every lesson credited


NEW_PASSWORD = "Anquan2026!"


@pytest.fixture
def main_window(styled_app: Any, client_options: Any, qtbot: Any) -> Iterator[Any]:
    from app.ui.launch import create_main_window

    window, server = create_main_window(client_options)
    assert server is None  # --server given: nothing bundled
    qtbot.addWidget(window)
    window.show()
    yield window
    window.ctx.shutdown()


def log_in(qtbot: Any, window: Any, id_number: str, password: str = "12345678") -> None:
    page = window.login_page
    page.id_edit.setText(id_number)
    page.password_edit.setText(password)
    page.agree_box.setChecked(True)
    assert page.login_button.isEnabled(), page.login_why.text()
    page.login_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not page or page.error.isVisible(),
                    timeout=15000)


def ready(qtbot: Any, window: Any, server: LiveServer, id_number: str) -> None:
    """Logged in with a changed password, on the home page with /me shown."""
    server.ready_trainee(id_number, NEW_PASSWORD)
    log_in(qtbot, window, id_number, NEW_PASSWORD)
    qtbot.waitUntil(lambda: bool(window.home_page.cards), timeout=15000)
