"""The kiosk's clerk sign-in dialog (FACE-8) fits the province's screens with the server's
longest refusal showing: every text whole, no two widgets over each other, the dialog on
the screen. Each size on its own Xvfb of that size (tests.support.dialog_probe)."""

from __future__ import annotations

import json
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

from tests.support.xvfb import own_display

SIZES = ((1024, 768), (1366, 768), (1920, 1080))


def test_the_clerk_sign_in_shows_the_limit_refusal_whole_on_every_screen(
    shots_dir: Path,
) -> None:
    # RULES: FACE-8. Before the fix the wrapped text was cut and the fields overlapped.
    with ExitStack() as displays:  # the three at once: each child mostly waits
        probes = {size: subprocess.Popen(
            [sys.executable, "-m", "tests.support.dialog_probe", str(shots_dir)],
            env=displays.enter_context(own_display(*size)), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2],
        ) for size in SIZES}  # fmt: skip
        answers = {size: probe.communicate(timeout=120) for size, probe in probes.items()}
    for (width, height), (out, err) in answers.items():
        assert probes[(width, height)].returncode == 0, err[-3000:]
        found = json.loads(out.strip().splitlines()[-1])
        assert found["screen"] == f"{width}x{height}" and found["error_shown"], found
        assert found["cut"] == [] and found["overlaps"] == [], found
        assert found["inside"] and found["widgets"] >= 12, found
