"""The Windows code, checked where it cannot run: every Win32 function is declared once,
in app/proctor/win32.py, and each one either only reads or acts on this process's own
objects, which Windows undoes when the process ends. So nothing the exam sets survives a
kill (SEB's crash that leaves Task Manager disabled cannot happen here): no registry
writes, no system parameters, no policies."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
WIN32 = APP / "proctor" / "win32.py"

# What each declared function does to the system, and why none of it outlives us.
ENDS_WITH_THE_PROCESS = {
    "SetWindowsHookExW": "a low-level hook lives on its thread; Windows removes it at exit",
    "CallNextHookEx": "passes a key on",
    "UnhookWindowsHookEx": "removes our own hook",
    "SetWindowDisplayAffinity": "a property of our own window, gone with the window",
}
READ_ONLY = {
    "GetAsyncKeyState",
    "GetSystemMetrics",
    "GetModuleHandleW",
    "GetFileVersionInfoSizeW",
    "GetFileVersionInfoW",
    "VerQueryValueW",
}
WINREG_READS = {"OpenKey", "QueryValueEx", "EnumKey", "HKEY_LOCAL_MACHINE"}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def declared_functions() -> list[str]:
    names = []
    for node in ast.walk(_tree(WIN32)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_declare":
            name = node.args[1]
            assert isinstance(name, ast.Constant)
            names.append(str(name.value))
    return names


def test_every_declared_win32_function_leaves_nothing_behind() -> None:
    # RULES: EXAM-7
    declared = declared_functions()
    assert len(declared) == len(set(declared)), "declared twice"
    assert "SetWindowsHookExW" in declared and "SetWindowDisplayAffinity" in declared
    unknown = set(declared) - set(ENDS_WITH_THE_PROCESS) - READ_ONLY
    assert not unknown, f"say why these leave no trace after a kill: {unknown}"


def test_the_registry_is_only_read() -> None:
    used = {
        node.attr
        for node in ast.walk(_tree(WIN32))
        if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "winreg"
    }
    assert used <= WINREG_READS, used - WINREG_READS


def test_ctypes_signatures_are_declared_in_one_module() -> None:
    """Nowhere else loads a Windows DLL or builds Windows types (Linux's EGL in
    app/proctor/detect.py has its own ctypes, not Windows')."""
    markers = ("WinDLL", "windll", "WINFUNCTYPE", "wintypes", "winreg")
    offenders = []
    for path in APP.rglob("*.py"):
        if path == WIN32:
            continue
        text = path.read_text(encoding="utf-8")
        if any(marker in text for marker in markers):
            offenders.append(str(path.relative_to(APP)))
    assert offenders == []
