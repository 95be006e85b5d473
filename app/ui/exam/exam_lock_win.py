"""Windows only (EXAM-7): a low-level keyboard hook that swallows Alt+Tab, Alt+Esc,
Ctrl+Esc, the Windows keys and PrintScreen and drops keys software injected while the exam
window is up, and SetWindowDisplayAffinity so screen capture and screen sharing leave the
window out (or black).

Imported by exam_lock.py on win32 alone. The hook is installed on the GUI thread, whose
Qt event loop pumps the messages Windows calls it through; it decides with
`exam_keys.hook_verdict` (tested on every platform) and must return quickly. Every Win32
function is declared in app.proctor.win32; nothing here outlives the process (a killed
process's hook is removed by Windows, its window's affinity goes with the window).
"""

from __future__ import annotations

import ctypes
import logging
import sys

from app.proctor import win32
from app.qt import QObject, Signal
from app.ui.exam.exam_keys import hook_verdict

assert sys.platform == "win32"  # mypy (--platform win32) and readers: Windows alone

log = logging.getLogger(__name__)


class WindowsLock(QObject):
    key_blocked = Signal(str)  # the combination swallowed ("alt+tab", "win", "injected"...)
    capture_not_blocked = Signal(str)  # why screen captures may show the exam

    def __init__(self, hwnd: int) -> None:
        super().__init__()
        self.hwnd = hwnd
        self._hook: int | None = None
        # Kept on the instance: a collected callback would crash the process on the next key.
        self._proc = win32.HOOKPROC(self._on_key)

    def engage(self) -> None:
        module = win32.kernel32.GetModuleHandleW(None)
        hook = win32.user32.SetWindowsHookExW(win32.WH_KEYBOARD_LL, self._proc, module, 0)
        if hook:
            self._hook = hook
        else:
            log.warning("keyboard hook refused (error %s)", ctypes.get_last_error())
        # Older Windows 10 refuses WDA_EXCLUDEFROMCAPTURE: WDA_MONITOR shows the window
        # black in captures instead. Neither: an incident, for staff to weigh.
        affinity = win32.user32.SetWindowDisplayAffinity
        if affinity(self.hwnd, win32.WDA_EXCLUDEFROMCAPTURE):
            return
        first_error = ctypes.get_last_error()
        if not affinity(self.hwnd, win32.WDA_MONITOR):
            self.capture_not_blocked.emit(
                f"SetWindowDisplayAffinity refused (error {first_error}, "
                f"then {ctypes.get_last_error()})"
            )

    def release(self) -> None:
        if self._hook is not None:
            win32.user32.UnhookWindowsHookEx(self._hook)
            self._hook = None
        win32.user32.SetWindowDisplayAffinity(self.hwnd, win32.WDA_NONE)

    def _on_key(self, code: int, message: int, data: int) -> int:
        if code == win32.HC_ACTION:
            key = win32.KBDLLHOOKSTRUCT.from_address(data)
            verdict = hook_verdict(
                int(key.vkCode),
                int(key.flags),
                int(message),
                ctrl_down=win32.key_is_down(win32.VK_CONTROL),
            )
            if verdict.report is not None:
                self.key_blocked.emit(verdict.report)
            if verdict.swallow:
                return 1  # the key never reaches the shell
        return int(win32.user32.CallNextHookEx(self._hook, code, message, data))
