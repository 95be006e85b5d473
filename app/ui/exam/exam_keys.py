"""Which key combinations the exam's Windows keyboard hook swallows (EXAM-7): pure
decision logic, tested on every platform. A module of its own so that the Windows hook
(exam_lock_win.py) and the lock (exam_lock.py) do not import each other.
"""

from __future__ import annotations

# Windows virtual-key codes the keyboard hook looks at.
VK_TAB = 0x09
VK_ESCAPE = 0x1B
VK_LWIN = 0x5B
VK_RWIN = 0x5C
VK_F4 = 0x73


def blocked_key(vk_code: int, *, alt_down: bool, ctrl_down: bool) -> str | None:
    """The decision of the Windows keyboard hook: the name of the combination to swallow,
    or None to let the key through. Alt+F4 passes: it closes the exam window, which asks
    the EXAM-3 question like any other way out."""
    if vk_code in (VK_LWIN, VK_RWIN):
        return "win"
    if vk_code == VK_TAB and alt_down:
        return "alt+tab"
    if vk_code == VK_ESCAPE and ctrl_down:
        return "ctrl+esc"
    if vk_code == VK_ESCAPE and alt_down:
        return "alt+esc"
    return None
