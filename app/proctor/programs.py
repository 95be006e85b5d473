"""Forbidden programs (EXAM-7): remote help, screen recording and sharing, virtual
cameras, AI assistants. The list is data (`forbidden_programs.json`, replaced by the
server's `CEDU_FORBIDDEN_PROGRAMS_FILE`); matching is pure; `running()` asks psutil.

A process matches by its executable name (without `.exe`, without case) or, on Windows,
by the ProductName and OriginalFilename of its version resource, which a renamed copy
keeps (`app.proctor.win32.version_strings`).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_LIST = Path(__file__).with_name("forbidden_programs.json")
CATEGORIES = {
    "remote": "远程控制",
    "capture": "录屏或共享屏幕",
    "camera": "虚拟摄像头",
    "ai": "AI 助手",
}
MAX_PROGRAMS = 500
MAX_NAMES = 50
MAX_NAME_CHARS = 100


class ProgramListError(ValueError):
    """A forbidden-program list that is not in the expected shape."""


@dataclass(frozen=True)
class ForbiddenProgram:
    name: str  # what the trainee is told, Chinese first
    category: str  # a key of CATEGORIES
    processes: frozenset[str]  # normalised executable names
    products: tuple[str, ...]  # normalised product names


@dataclass(frozen=True)
class ProgramList:
    version: str
    programs: tuple[ForbiddenProgram, ...]
    by_process: Mapping[str, ForbiddenProgram] = field(repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The list in the file's (and the API's) shape."""
        return {
            "version": self.version,
            "programs": [
                {
                    "name": p.name,
                    "category": p.category,
                    "processes": sorted(p.processes),
                    "products": list(p.products),
                }
                for p in self.programs
            ],
        }


@dataclass(frozen=True)
class Found:
    """A running process that matched: what to tell the trainee and what staff review."""

    program: ForbiddenProgram
    pid: int
    process: str  # the process's own name, as the system gives it

    @property
    def detail(self) -> str:
        return f"{self.program.name} ({self.process}, pid {self.pid})"


def normalise(name: str) -> str:
    """`ToDesk.exe`, `todesk`, ` TODESK.EXE ` -> `todesk`."""
    text = " ".join(name.replace("®", " ").replace("™", " ").split()).casefold()
    return text.removesuffix(".exe")


def parse_list(data: object) -> ProgramList:
    """The list from the JSON file's content; anything else is `ProgramListError`."""
    if not isinstance(data, dict) or not isinstance(data.get("programs"), list):
        raise ProgramListError("expected an object with a 'programs' list")
    entries = data["programs"]
    if len(entries) > MAX_PROGRAMS:
        raise ProgramListError(f"more than {MAX_PROGRAMS} programs")
    programs: list[ForbiddenProgram] = []
    for number, entry in enumerate(entries, start=1):
        programs.append(_parse_program(number, entry))
    by_process: dict[str, ForbiddenProgram] = {}
    for program in programs:
        for process in program.processes:
            by_process.setdefault(process, program)
    return ProgramList(str(data.get("version", ""))[:MAX_NAME_CHARS], tuple(programs), by_process)


def _parse_program(number: int, entry: object) -> ForbiddenProgram:
    if not isinstance(entry, dict):
        raise ProgramListError(f"program {number}: expected an object")
    name = entry.get("name")
    category = entry.get("category")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_CHARS:
        raise ProgramListError(f"program {number}: 'name' must be text of 1-100 characters")
    if category not in CATEGORIES:
        raise ProgramListError(f"program {number}: 'category' must be one of {list(CATEGORIES)}")
    processes = _names(number, entry, "processes")
    products = _names(number, entry, "products")
    if not processes and not products:
        raise ProgramListError(f"program {number}: no processes and no products")
    return ForbiddenProgram(name.strip(), category, frozenset(processes), tuple(products))


def _names(number: int, entry: dict[str, Any], key: str) -> list[str]:
    names = entry.get(key, [])
    if not isinstance(names, list) or len(names) > MAX_NAMES:
        raise ProgramListError(f"program {number}: '{key}' must be a list of at most {MAX_NAMES}")
    normalised = []
    for name in names:
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_CHARS:
            raise ProgramListError(f"program {number}: every '{key}' entry must be short text")
        normalised.append(normalise(name))
    return normalised


def load_list(path: Path = DEFAULT_LIST) -> ProgramList:
    """The list in a JSON file (the bundled one by default)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProgramListError(f"{path}: {error}") from error
    return parse_list(data)


def product_matches(product: str, marker: str) -> bool:
    """Whole words: 'OBS Studio 30.1' is OBS Studio, 'Sysinternals ZoomIt' is not Zoom."""
    return product == marker or product.startswith(marker + " ")


def match(
    programs: ProgramList, process_name: str, version: Mapping[str, str] | None = None
) -> ForbiddenProgram | None:
    """The forbidden program a process is, by its name or (Windows) its version resource's
    OriginalFilename and ProductName; None when it is none of them."""
    found = programs.by_process.get(normalise(process_name))
    if found is not None or not version:
        return found
    original = normalise(version.get("OriginalFilename", ""))
    if original and original in programs.by_process:
        return programs.by_process[original]
    product = normalise(version.get("ProductName", ""))
    if product:
        for program in programs.programs:
            if any(product_matches(product, marker) for marker in program.products):
                return program
    return None


ProcessInfo = tuple[int, str, str | None]  # pid, name, executable path (None: unknown)


def scan(
    programs: ProgramList,
    processes: Iterable[ProcessInfo],
    version_of: Callable[[str], Mapping[str, str]] | None = None,
    own_pid: int | None = None,
) -> list[Found]:
    """Every running forbidden program, in process order. `version_of` reads a version
    resource (Windows); it is asked only for processes whose name matched nothing."""
    found = []
    for pid, name, exe in processes:
        if pid == own_pid:
            continue
        program = match(programs, name)
        if program is None and version_of is not None and exe:
            program = match(programs, name, version_of(exe))
        if program is not None:
            found.append(Found(program, pid, name))
    return found


def system_processes() -> list[ProcessInfo]:
    """Every process psutil can see: pid, name, executable (None where access is denied)."""
    import psutil

    listed: list[ProcessInfo] = []
    for process in psutil.process_iter(["name", "exe"]):
        info = process.info
        if info.get("name"):
            listed.append((process.pid, str(info["name"]), info.get("exe") or None))
    return listed


def running(programs: ProgramList) -> list[Found]:
    """The forbidden programs running on this PC now."""
    version_of = None
    if sys.platform == "win32":
        from app.proctor.win32 import cached_version_strings

        version_of = cached_version_strings
    return scan(programs, system_processes(), version_of, own_pid=os.getpid())


def names_for_trainee(found: Iterable[Found]) -> list[str]:
    """One line per program (not per process), in the order found: 「ToDesk（远程控制）」."""
    lines: list[str] = []
    for item in found:
        line = f"{item.program.name}（{CATEGORIES[item.program.category]}）"
        if line not in lines:
            lines.append(line)
    return lines


class ProgramWatch:
    """A thread that scans every `interval_s` and calls `on_change(started, ended)` (on
    its own thread) when forbidden programs start or end. Errors are logged, never fatal:
    a failed scan must not end an exam."""

    def __init__(
        self,
        programs: ProgramList,
        on_change: Callable[[list[Found], list[Found]], None],
        interval_s: float = 2.0,
        scanner: Callable[[ProgramList], list[Found]] = running,
    ) -> None:
        self.programs = programs
        self.on_change = on_change
        self.interval_s = interval_s
        self.scanner = scanner
        self.current: dict[tuple[int, str], Found] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="program-watch", daemon=True)

    def start(self, already_running: Iterable[Found] = ()) -> None:
        """`already_running`: what the last scan before the exam saw (then none)."""
        self.current = {(f.pid, f.process): f for f in already_running}
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def check_now(self) -> None:
        try:
            found = {(f.pid, f.process): f for f in self.scanner(self.programs)}
        except Exception:
            log.exception("scanning for forbidden programs failed")
            return
        started = [f for key, f in found.items() if key not in self.current]
        ended = [f for key, f in self.current.items() if key not in found]
        self.current = found
        if started or ended:
            try:
                self.on_change(started, ended)
            except Exception:  # its receiver is gone (a window destroyed without stop())
                log.exception("forbidden programs: nobody to tell; the watch stops")
                self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.check_now()
