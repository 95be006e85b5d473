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
        (0x2C, False, False, "printscreen"),
        (0x2C, True, False, "printscreen"),  # Alt+PrintScreen: the active window only
    ],
)
def test_the_windows_hook_swallows_switching_keys_only(
    vk: int, alt: bool, ctrl: bool, blocked: str | None
) -> None:
    # RULES: EXAM-7
    from app.ui.exam.exam_keys import blocked_key

    assert blocked_key(vk, alt_down=alt, ctrl_down=ctrl) == blocked


WM_KEYDOWN, WM_KEYUP, WM_SYSKEYDOWN, WM_SYSKEYUP = 0x0100, 0x0101, 0x0104, 0x0105
LLKHF_INJECTED, LLKHF_ALTDOWN = 0x10, 0x20


@pytest.mark.parametrize(
    ("vk", "flags", "message", "ctrl", "swallow", "report"),
    [
        # Software-injected keys are dropped, whatever they are; reported going down.
        (0x41, LLKHF_INJECTED, WM_KEYDOWN, False, True, "injected"),
        (0x41, LLKHF_INJECTED, WM_KEYUP, False, True, None),
        (0x09, LLKHF_INJECTED | LLKHF_ALTDOWN, WM_SYSKEYDOWN, False, True, "injected"),
        (0x41, 0x02, WM_KEYDOWN, False, True, "injected"),  # LLKHF_LOWER_IL_INJECTED
        # The Windows key going up is swallowed too (the Start menu opens on release).
        (0x5B, 0, WM_KEYDOWN, False, True, "win"),
        (0x5B, 0, WM_KEYUP, False, True, None),
        (0x5C, 0, WM_KEYUP, False, True, None),
        (0x09, LLKHF_ALTDOWN, WM_SYSKEYDOWN, False, True, "alt+tab"),
        (0x09, LLKHF_ALTDOWN, WM_SYSKEYUP, False, True, None),
        (0x1B, LLKHF_ALTDOWN, WM_SYSKEYDOWN, False, True, "alt+esc"),
        (0x1B, 0, WM_KEYDOWN, True, True, "ctrl+esc"),
        (0x2C, 0, WM_KEYUP, False, True, None),  # PrintScreen acts on release
        (0x2C, 0, WM_KEYDOWN, False, True, "printscreen"),
        # What a trainee types by hand passes, up and down.
        (0x41, 0, WM_KEYDOWN, False, False, None),
        (0x41, 0, WM_KEYUP, False, False, None),
        (0x09, 0, WM_KEYDOWN, False, False, None),
        (0x73, LLKHF_ALTDOWN, WM_SYSKEYDOWN, False, False, None),  # Alt+F4 asks (EXAM-3)
    ],
)
def test_the_hook_drops_injected_keys_and_blocked_keys_both_ways(
    vk: int, flags: int, message: int, ctrl: bool, swallow: bool, report: str | None
) -> None:
    # RULES: EXAM-7
    from app.ui.exam.exam_keys import Verdict, hook_verdict

    assert hook_verdict(vk, flags, message, ctrl_down=ctrl) == Verdict(swallow, report)


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
