"""Harmless processes named like forbidden programs (EXAM-7): a copy of `sleep` under the
program's name, so psutil sees a real process of that name."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

StartProgram = Callable[[str], "subprocess.Popen[bytes]"]


@pytest.fixture
def fake_program(tmp_path: Path) -> Iterator[StartProgram]:
    """Starts a copy of `sleep` under the given name (it sleeps 10 minutes at most);
    every one started is killed after the test."""
    started: list[subprocess.Popen[bytes]] = []

    def start(name: str) -> subprocess.Popen[bytes]:
        copy = tmp_path / "programs" / name
        copy.parent.mkdir(exist_ok=True)
        if not copy.exists():
            sleep = shutil.which("sleep")
            assert sleep is not None
            shutil.copy(sleep, copy)
        process = subprocess.Popen([str(copy), "600"])
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()
        process.wait()
