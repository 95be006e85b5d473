"""A display of our own: a fresh Xvfb of a given size for a child process (the session's
pytest-xvfb display has one size, 1280x800, and 24-bit depth only when asked)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def own_display(width: int, height: int) -> Iterator[dict[str, str]]:
    """The environment of a child process drawing on a new 24-bit Xvfb screen of
    `width`x`height`; the server is stopped when the block ends."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed")
    read_end, write_end = os.pipe()
    screen = f"{width}x{height}x24"
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=[write_end],
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as display_pipe:
            display = display_pipe.readline().strip()
        env = {**os.environ, "DISPLAY": f":{display}"}
        env.pop("QT_QPA_PLATFORM", None)
        yield env
    finally:
        xvfb.terminate()
        xvfb.wait(10)
