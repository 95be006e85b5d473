"""The face engine runs mediapipe on the CPU without an OpenGL context, display or not.

mediapipe's graphs ask for its GPU service; with an X display reachable it opened an EGL
context per graph (Mesa's llvmpipe under Xvfb: LLVM loaded, about 60 MB resident) that
nothing used. A fresh process is needed: whether mediapipe's libEGL found a driver is
decided once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.face_engine import ENROLLED_LIN

REPO = Path(__file__).resolve().parents[2]

CHILD = """
import json, os, sys
import cv2
from app.proctor.detect import FaceEngine, keep_mediapipe_off_gl
image = cv2.cvtColor(cv2.imread(sys.argv[1]), cv2.COLOR_BGR2RGB)
engine = FaceEngine()
result = {
    "faces": len(engine.detect(image)),
    "faces_long_range": len(engine.detect(image, long_range=True)),
    "meshes": len(engine.mesh(image)),
    "kept_off": keep_mediapipe_off_gl(),
    "variable_left": "__EGL_VENDOR_LIBRARY_FILENAMES" in os.environ,
    "matplotlib": "matplotlib" in sys.modules,
}
maps = open("/proc/self/maps").read()
result["gl_driver_loaded"] = any(name in maps for name in ("libLLVM", "_dri.so", "EGL_mesa"))
print(json.dumps(result))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the private EGL is Linux's")
def test_graphs_open_no_gl_context_with_a_display(faces_dir: Path) -> None:
    # RULES: FACE-5 (the presence watch runs all lesson long: its memory counts)
    display = os.environ.get("DISPLAY")
    if not display:
        pytest.skip("needs an X display (pytest-xvfb provides one)")
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(faces_dir / ENROLLED_LIN)],
        cwd=REPO, env={**os.environ, "DISPLAY": display, "PYTHONPATH": str(REPO)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert child.returncode == 0, child.stderr[-2000:]
    result = json.loads(child.stdout.splitlines()[-1])
    # The same answers as ever, on the CPU...
    assert (result["faces"], result["faces_long_range"], result["meshes"]) == (1, 1, 1)
    # ...and no GL driver behind them: mediapipe logs each EGL context it opens.
    assert result["kept_off"] is True
    assert "initialized EGL" not in child.stderr
    assert result["gl_driver_loaded"] is False
    # The variable that kept the drivers away does not outlive the one call.
    assert result["variable_left"] is False
    # mediapipe's drawing helpers stay out, and matplotlib with them (+31 MB, 0.9 s).
    assert result["matplotlib"] is False
