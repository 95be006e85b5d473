"""`python -m app.proctor` through a real subprocess: one JSON object, exit 0 when it ran."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "app.proctor", *args],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, done.stdout + done.stderr
    return done.returncode, json.loads(lines[0])


# RULES: FACE-1
def test_check_photo(faces_dir: Path, whitened_lin_jpeg: bytes, tmp_path: Path) -> None:
    code, answer = cli("check-photo", str(faces_dir / "obama/obama.jpg"))
    assert code == 0
    assert (answer["ok"], answer["reason"]) == (False, "background_not_white")
    good = tmp_path / "enrolled.jpg"
    good.write_bytes(whitened_lin_jpeg)
    code, answer = cli("check-photo", str(good))
    assert code == 0 and (answer["ok"], answer["reason"]) == (True, None)


# RULES: FACE-3
def test_compare(faces_dir: Path) -> None:
    code, same = cli("compare", str(faces_dir / "obama/obama.jpg"),
                     str(faces_dir / "obama/obama2.jpg"))
    assert code == 0 and same["match"] is True and same["distance"] < same["threshold"]
    code, other = cli("compare", str(faces_dir / "obama/obama.jpg"),
                      str(faces_dir / "biden/biden.jpg"), "--threshold", "0.55")
    assert code == 0 and other["match"] is False and other["threshold"] == 0.55
    assert other["distance"] > 0.55
    code, crowded = cli("compare", str(faces_dir / "obama/obama.jpg"),
                        str(faces_dir / "_multi/two_people.jpg"))
    assert code == 0 and crowded["match"] is False and crowded["reason"] == "many_faces"


# RULES: FACE-3
def test_liveness_on_the_live_clip_and_on_a_photo_video(faces_dir: Path, tmp_path: Path) -> None:
    clip = faces_dir / "_video/short_hamilton_clip.mp4"
    code, answer = cli("liveness", f"{clip}#82-210")
    assert code == 0 and answer["live"] is True and answer["method"] == "blink"
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg not installed")
    still = tmp_path / "still.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-loop", "1", "-i",
         str(faces_dir / "lin_manuel_miranda/lin-manuel-miranda.png"), "-t", "3", "-r", "15",
         "-vf", "scale=640:-2", "-pix_fmt", "yuv420p", "-c:v", "libx264", str(still)],
        check=True, timeout=60,
    )
    code, answer = cli("liveness", str(still))
    assert code == 0 and answer["live"] is False and answer["frames"] >= 40


def test_unusable_arguments_exit_non_zero_with_a_json_error(tmp_path: Path) -> None:
    code, answer = cli("check-photo", str(tmp_path / "missing.jpg"))
    assert code != 0 and answer["error"] == "bad_arguments"
    code, answer = cli("liveness", str(tmp_path / "missing.mp4"))
    assert code != 0 and "missing.mp4" in answer["detail"]
    code, answer = cli("no-such-command")
    assert code != 0 and answer["error"] == "bad_arguments"
