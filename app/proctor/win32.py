"""Windows only: every Win32 function the client calls, declared once (argtypes and
restype), and the small readers built on them: a program's version strings, whether this
is a remote session, the BIOS strings and PCI device ids the machine check reads.

Everything declared here either only reads, or acts on this process's own objects (its
keyboard hook, its window's capture affinity), which Windows undoes when the process
ends: nothing the exam sets survives a kill (tests/proctor/test_win32_decls.py holds
this file to that). Type-checked with `mypy --platform win32` (scripts/test).
"""

from __future__ import annotations

import ctypes
import sys
from ctypes import wintypes
from functools import lru_cache
from typing import Any

assert sys.platform == "win32"  # imported on Windows alone; mypy checks it as win32

LRESULT = ctypes.c_ssize_t
HOOKPROC = ctypes.WINFUNCTYPE(LRESULT, ctypes.c_int, wintypes.WPARAM, wintypes.LPARAM)

WH_KEYBOARD_LL = 13
HC_ACTION = 0
WDA_NONE = 0x00
WDA_MONITOR = 0x01
WDA_EXCLUDEFROMCAPTURE = 0x11  # Windows 10 2004 and later
SM_REMOTESESSION = 0x1000
VK_CONTROL = 0x11


class KBDLLHOOKSTRUCT(ctypes.Structure):
    _fields_ = [
        ("vkCode", wintypes.DWORD),
        ("scanCode", wintypes.DWORD),
        ("flags", wintypes.DWORD),
        ("time", wintypes.DWORD),
        ("dwExtraInfo", ctypes.c_size_t),
    ]


user32 = ctypes.WinDLL("user32", use_last_error=True)
kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
version = ctypes.WinDLL("version", use_last_error=True)


def _declare(dll: Any, name: str, restype: Any, *argtypes: Any) -> None:
    function = getattr(dll, name)
    function.restype = restype
    function.argtypes = list(argtypes)


W = wintypes
_declare(user32, "SetWindowsHookExW", W.HHOOK, ctypes.c_int, HOOKPROC, W.HINSTANCE, W.DWORD)
_declare(user32, "CallNextHookEx", LRESULT, W.HHOOK, ctypes.c_int, W.WPARAM, W.LPARAM)
_declare(user32, "UnhookWindowsHookEx", W.BOOL, W.HHOOK)
_declare(user32, "GetAsyncKeyState", ctypes.c_short, ctypes.c_int)
_declare(user32, "SetWindowDisplayAffinity", W.BOOL, W.HWND, W.DWORD)
_declare(user32, "GetSystemMetrics", ctypes.c_int, ctypes.c_int)
_declare(kernel32, "GetModuleHandleW", W.HMODULE, W.LPCWSTR)
_declare(version, "GetFileVersionInfoSizeW", W.DWORD, W.LPCWSTR, W.LPDWORD)
_declare(version, "GetFileVersionInfoW", W.BOOL, W.LPCWSTR, W.DWORD, W.DWORD, ctypes.c_void_p)
_declare(
    version,
    "VerQueryValueW",
    W.BOOL,
    ctypes.c_void_p,
    W.LPCWSTR,
    ctypes.POINTER(ctypes.c_void_p),
    ctypes.POINTER(W.UINT),
)

VERSION_KEYS = ("ProductName", "OriginalFilename", "CompanyName", "FileDescription")
MAX_VERSION_BYTES = 1 << 20


def version_strings(path: str) -> dict[str, str]:
    """The version resource's strings of an executable (its first language), {} when it
    has none or cannot be read."""
    size = version.GetFileVersionInfoSizeW(path, None)
    if not size or size > MAX_VERSION_BYTES:
        return {}
    buffer = ctypes.create_string_buffer(size)
    if not version.GetFileVersionInfoW(path, 0, size, buffer):
        return {}
    pointer = ctypes.c_void_p()
    length = wintypes.UINT()
    if not version.VerQueryValueW(
        buffer, "\\VarFileInfo\\Translation", ctypes.byref(pointer), ctypes.byref(length)
    ) or length.value < 4 or not pointer.value:
        return {}
    language, codepage = ctypes.cast(pointer, ctypes.POINTER(wintypes.WORD * 2)).contents
    strings = {}
    for key in VERSION_KEYS:
        query = f"\\StringFileInfo\\{language:04x}{codepage:04x}\\{key}"
        found = version.VerQueryValueW(buffer, query, ctypes.byref(pointer), ctypes.byref(length))
        if found and pointer.value and length.value:
            strings[key] = ctypes.wstring_at(pointer.value, length.value).rstrip("\0")
    return strings


@lru_cache(maxsize=1024)
def cached_version_strings(path: str) -> dict[str, str]:
    """Read once per executable path for the life of the process (scans run every 2 s)."""
    return version_strings(path)


def is_remote_session() -> bool:
    return bool(user32.GetSystemMetrics(SM_REMOTESESSION))


def key_is_down(vk_code: int) -> bool:
    return bool(user32.GetAsyncKeyState(vk_code) & 0x8000)


def bios_strings() -> dict[str, str]:
    """HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS, read only."""
    import winreg

    strings: dict[str, str] = {}
    try:
        key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"HARDWARE\DESCRIPTION\System\BIOS")
    except OSError:
        return strings
    with key:
        for name in (
            "SystemManufacturer",
            "SystemProductName",
            "BIOSVendor",
            "BaseBoardManufacturer",
            "BaseBoardProduct",
        ):
            try:
                value, _kind = winreg.QueryValueEx(key, name)
            except OSError:
                continue
            strings[name] = str(value)
    return strings


def pci_device_ids(limit: int = 500) -> list[str]:
    """The PCI device ids Windows enumerated ("VEN_15AD&DEV_0405&..."), read only."""
    import winreg

    ids: list[str] = []
    try:
        key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"SYSTEM\CurrentControlSet\Enum\PCI")
    except OSError:
        return ids
    with key:
        for index in range(limit):
            try:
                ids.append(winreg.EnumKey(key, index))
            except OSError:
                break
    return ids
