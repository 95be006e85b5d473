"""The lock's decisions that run on every platform (EXAM-7): which keys the Windows hook
swallows, which shortcuts count as copy and paste."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize(
    ("vk", "alt", "ctrl", "blocked"),
    [
        (0x09, True, False, "alt+tab"),
        (0x09, False, False, None),  # Tab alone moves between options
        (0x5B, False, False, "win"),
        (0x5C, False, True, "win"),
        (0x1B, False, True, "ctrl+esc"),
        (0x1B, True, False, "alt+esc"),
        (0x1B, False, False, None),  # Esc alone closes a confirm box (stays in the exam)
        (0x73, True, False, None),  # Alt+F4 reaches the window, which asks (EXAM-3)
        (0x41, False, True, None),
    ],
)
def test_the_windows_hook_swallows_switching_keys_only(
    vk: int, alt: bool, ctrl: bool, blocked: str | None
) -> None:
    # RULES: EXAM-7
    from app.ui.exam.exam_keys import blocked_key

    assert blocked_key(vk, alt_down=alt, ctrl_down=ctrl) == blocked


def test_copy_cut_paste_and_select_all_are_copy_shortcuts(qapp: Any) -> None:
    # RULES: EXAM-7
    from app.qt import QEvent, QKeyEvent, Qt
    from app.ui.exam.exam_lock import is_copy_shortcut

    ctrl = Qt.KeyboardModifier.ControlModifier
    for key in (Qt.Key.Key_C, Qt.Key.Key_X, Qt.Key.Key_V, Qt.Key.Key_A):
        assert is_copy_shortcut(QKeyEvent(QEvent.Type.KeyPress, key, ctrl))
    assert not is_copy_shortcut(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Space, ctrl))
    assert not is_copy_shortcut(
        QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_C, Qt.KeyboardModifier.NoModifier)
    )
