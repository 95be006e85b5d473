"""A training centre's kiosk with no camera at all, and a clerk's supervised sign-in on
it (FACE-8): the supervised lesson and exam tests start from here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from tests.support.live_server import ADMIN_PASSWORD


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
