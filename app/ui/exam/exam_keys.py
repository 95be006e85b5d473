"""Which keys the exam's Windows keyboard hook swallows (EXAM-7): pure decision logic,
tested on every platform. A module of its own so that the Windows hook
(exam_lock_win.py) and the lock (exam_lock.py) do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass

# Windows virtual-key codes the keyboard hook looks at.
VK_TAB = 0x09
VK_ESCAPE = 0x1B
VK_SNAPSHOT = 0x2C  # PrintScreen
VK_LWIN = 0x5B
VK_RWIN = 0x5C
VK_F4 = 0x73
# The hook's messages and KBDLLHOOKSTRUCT.flags.
WM_KEYDOWN = 0x0100
WM_KEYUP = 0x0101
WM_SYSKEYDOWN = 0x0104
WM_SYSKEYUP = 0x0105
LLKHF_LOWER_IL_INJECTED = 0x02
LLKHF_INJECTED = 0x10
LLKHF_ALTDOWN = 0x20


def blocked_key(vk_code: int, *, alt_down: bool, ctrl_down: bool) -> str | None:
    """The name of the combination to swallow, or None to let the key through. Alt+F4
    passes: it closes the exam window, which asks the EXAM-3 question like any other way
    out."""
    if vk_code in (VK_LWIN, VK_RWIN):
        return "win"
    if vk_code == VK_SNAPSHOT:
        return "printscreen"
    if vk_code == VK_TAB and alt_down:
        return "alt+tab"
    if vk_code == VK_ESCAPE and ctrl_down:
        return "ctrl+esc"
    if vk_code == VK_ESCAPE and alt_down:
        return "alt+esc"
    return None


@dataclass(frozen=True)
class Verdict:
    swallow: bool  # the key never reaches the shell or any window
    report: str | None = None  # a combination to record ("alt+tab"), "injected", or None


def hook_verdict(vk_code: int, flags: int, message: int, *, ctrl_down: bool) -> Verdict:
    """The hook's whole decision for one key event. Keys software injected (SendInput,
    a remote-help tool typing, an auto-clicker) are dropped, down and up. A blocked key
    is swallowed going up as well as down (the Start menu opens on the Windows key's
    release) but reported once, on the way down."""
    down = message in (WM_KEYDOWN, WM_SYSKEYDOWN)
    if flags & (LLKHF_INJECTED | LLKHF_LOWER_IL_INJECTED):
        return Verdict(True, "injected" if down else None)
    combination = blocked_key(vk_code, alt_down=bool(flags & LLKHF_ALTDOWN), ctrl_down=ctrl_down)
    if combination is None:
        return Verdict(False)
    return Verdict(True, combination if down else None)
