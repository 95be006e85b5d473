"""One running client per user (issue 16): `cedu` started twice on one fresh data folder
gives one window, one bundled server, one journal; the second start brings the first
one forward and exits. Real processes on the pytest-xvfb display."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.display, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]


def _start_client(data_dir: Path, media_dir: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "CEDU_MEDIA_DIR": str(media_dir),  # the demo videos the other tests made
        "CEDU_DEMO_LESSON_SECONDS": "30",
        "CEDU_ADMIN_PASSWORD": "test-admin-password",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.ui", "--data-dir", str(data_dir), "--camera", "none.mp4"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_for(condition: object, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


def test_a_second_start_brings_the_first_forward_and_exits(
    tmp_path: Path, media_dir: Path
) -> None:
    data_dir = tmp_path / "client"
    server_log = data_dir / "server" / "server.log"
    first = _start_client(data_dir, media_dir)
    try:
        assert _wait_for(
            lambda: server_log.exists() and "cedu-server" in server_log.read_text(), 180
        ), "the first client's bundled server started"
        second = _start_client(data_dir, media_dir)
        _out, second_log = second.communicate(timeout=60)
        assert second.returncode == 0, second_log[-3000:]
        assert "cedu is already running here; brought it forward" in second_log
        assert "bundled server" not in second_log  # it made no server, window or journal
    finally:
        first.terminate()
        _out, first_log = first.communicate(timeout=30)
    assert "a second start of cedu: bringing this window to the front" in first_log
    started = [line for line in server_log.read_text().splitlines() if "cedu-server 0" in line]
    assert len(started) == 1, started  # one server ran on this folder
    assert sorted(p.name for p in data_dir.glob("journal*.sqlite3")) in ([], ["journal.sqlite3"])
