"""The one error box a screen shows, once it is up."""

from __future__ import annotations

from typing import Any


def shown_box(qtbot: Any) -> Any:
    from app.ui.kit.errors import open_error_boxes

    qtbot.waitUntil(lambda: len(open_error_boxes()) == 1, timeout=20000)
    [box] = open_error_boxes()
    return box
