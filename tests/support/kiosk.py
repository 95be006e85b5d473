"""A training centre's kiosk with no camera at all, and a clerk's supervised sign-in on
it (FACE-8): the supervised lesson and exam tests start from here, through the `kiosk`
fixture (registered in tests/ui/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import pytest

from tests.support.live_server import ADMIN_PASSWORD, NEW_PASSWORD, LiveServer


@contextmanager
def camera_less_kiosk(qtbot: Any, client_options: Any) -> Iterator[Any]:
    """The kiosk client's main window, shown, on a PC with no camera; staff leave the
    kiosk (as with the PIN) and its windows close after."""
    from app.ui.launch import create_main_window

    options = replace(client_options, kiosk=True, camera="/dev/no-camera-here")
    window, _server = create_main_window(options)
    qtbot.addWidget(window)
    window.show()
    try:
        yield window
    finally:
        window._staff_exit = True
        window.close_windows()
        window.ctx.shutdown()


def fill_supervised_sign_in(qtbot: Any, window: Any, id_number: str) -> Any:
    """The clerk's sign-in dialog opened and filled in (staff account admin, the
    trainee's ID number), the ID card not yet ticked as checked."""
    window.login_page.open_supervision()
    dialog = window.login_page.supervision_dialog
    qtbot.waitExposed(dialog)
    dialog.clerk_edit.setText("admin")
    dialog.clerk_password_edit.setText(ADMIN_PASSWORD)
    dialog.id_edit.setText(id_number)
    return dialog


def start_supervision(qtbot: Any, window: Any, dialog: Any) -> None:
    """The ID card ticked as checked, the supervision started: the trainee's home shows."""
    dialog.id_card_box.setChecked(True)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: bool(window.home_page.cards), timeout=20000)


@dataclass
class Kiosk:
    """The camera-less kiosk's main window, and a clerk (the staff account admin) signing
    trainees in on it."""

    qtbot: Any
    server: LiveServer
    window: Any

    def sign_in_form(self, id_number: str) -> Any:
        """The trainee ready (password changed), the clerk's sign-in dialog filled in for
        them, the ID card not yet ticked as checked."""
        self.server.ready_trainee(id_number, NEW_PASSWORD)
        return fill_supervised_sign_in(self.qtbot, self.window, id_number)

    def supervise(self, id_number: str) -> Any:
        """The supervision started: the trainee's home shows. The kiosk's context."""
        start_supervision(self.qtbot, self.window, self.sign_in_form(id_number))
        return self.window.ctx


@pytest.fixture
def kiosk(qtbot: Any, client_options: Any, ui_server: LiveServer) -> Iterator[Kiosk]:
    with camera_less_kiosk(qtbot, client_options) as window:
        # pytest-qt closes the window before this fixture's teardown: staff leave it
        # (as with the PIN) from the start, or that close would wait for a PIN.
        window._staff_exit = True
        yield Kiosk(qtbot, ui_server, window)
