"""Windows only (EXAM-7): a low-level keyboard hook that swallows Alt+Tab, the Windows
keys, Ctrl+Esc and Alt+Esc while the exam window is up, and SetWindowDisplayAffinity so
screen capture and screen sharing show the window black.

Imported by exam_lock.py on win32 alone. The hook is installed on the GUI thread, whose
Qt event loop pumps the messages Windows calls it through; it decides with
`exam_keys.blocked_key` (tested on every platform) and must return quickly.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from ctypes import wintypes

from app.qt import QObject, Signal
from app.ui.exam.exam_keys import blocked_key

assert sys.platform == "win32"  # mypy and readers: nothing below runs elsewhere

log = logging.getLogger(__name__)

WH_KEYBOARD_LL = 13
HC_ACTION = 0
WM_KEYDOWN = 0x0100
WM_SYSKEYDOWN = 0x0104
LLKHF_ALTDOWN = 0x20
VK_CONTROL = 0x11
WDA_NONE = 0x00
WDA_MONITOR = 0x01
WDA_EXCLUDEFROMCAPTURE = 0x11  # Windows 10 2004 and later

LRESULT = ctypes.c_ssize_t
HOOKPROC = ctypes.WINFUNCTYPE(LRESULT, ctypes.c_int, wintypes.WPARAM, wintypes.LPARAM)


class KBDLLHOOKSTRUCT(ctypes.Structure):
    _fields_ = [
        ("vkCode", wintypes.DWORD),
        ("scanCode", wintypes.DWORD),
        ("flags", wintypes.DWORD),
        ("time", wintypes.DWORD),
        ("dwExtraInfo", ctypes.c_size_t),
    ]


_user32 = ctypes.WinDLL("user32", use_last_error=True)
_kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
_user32.SetWindowsHookExW.argtypes = [ctypes.c_int, HOOKPROC, wintypes.HINSTANCE, wintypes.DWORD]
_user32.SetWindowsHookExW.restype = wintypes.HHOOK
_user32.CallNextHookEx.argtypes = [wintypes.HHOOK, ctypes.c_int, wintypes.WPARAM, wintypes.LPARAM]
_user32.CallNextHookEx.restype = LRESULT
_user32.UnhookWindowsHookEx.argtypes = [wintypes.HHOOK]
_user32.UnhookWindowsHookEx.restype = wintypes.BOOL
_user32.GetAsyncKeyState.argtypes = [ctypes.c_int]
_user32.GetAsyncKeyState.restype = ctypes.c_short
_user32.SetWindowDisplayAffinity.argtypes = [wintypes.HWND, wintypes.DWORD]
_user32.SetWindowDisplayAffinity.restype = wintypes.BOOL
_kernel32.GetModuleHandleW.argtypes = [wintypes.LPCWSTR]
_kernel32.GetModuleHandleW.restype = wintypes.HMODULE


class WindowsLock(QObject):
    key_blocked = Signal(str)  # the combination swallowed ("alt+tab", "win", ...)

    def __init__(self, hwnd: int) -> None:
        super().__init__()
        self.hwnd = hwnd
        self._hook: int | None = None
        # Kept on the instance: a collected callback would crash the process on the next key.
        self._proc = HOOKPROC(self._on_key)

    def engage(self) -> None:
        module = _kernel32.GetModuleHandleW(None)
        hook = _user32.SetWindowsHookExW(WH_KEYBOARD_LL, self._proc, module, 0)
        if hook:
            self._hook = hook
        else:
            log.warning("keyboard hook refused (error %s)", ctypes.get_last_error())
        # Older Windows 10 refuses WDA_EXCLUDEFROMCAPTURE: WDA_MONITOR shows the window
        # black in captures instead.
        if not _user32.SetWindowDisplayAffinity(
            self.hwnd, WDA_EXCLUDEFROMCAPTURE
        ) and not _user32.SetWindowDisplayAffinity(self.hwnd, WDA_MONITOR):
            log.warning("display affinity refused (error %s)", ctypes.get_last_error())

    def release(self) -> None:
        if self._hook is not None:
            _user32.UnhookWindowsHookEx(self._hook)
            self._hook = None
        _user32.SetWindowDisplayAffinity(self.hwnd, WDA_NONE)

    def _on_key(self, code: int, message: int, data: int) -> int:
        if code == HC_ACTION and message in (WM_KEYDOWN, WM_SYSKEYDOWN):
            key = KBDLLHOOKSTRUCT.from_address(data)
            combination = blocked_key(
                int(key.vkCode),
                alt_down=bool(key.flags & LLKHF_ALTDOWN),
                ctrl_down=bool(_user32.GetAsyncKeyState(VK_CONTROL) & 0x8000),
            )
            if combination is not None:
                self.key_blocked.emit(combination)
                return 1  # swallowed: the key never reaches the shell
        return int(_user32.CallNextHookEx(self._hook, code, message, data))
