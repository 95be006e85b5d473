"""The self-check's camera probe (issue 16): it keeps reading a real camera stream until
a face the mesh and the embedder can use, and only a model that cannot load is an engine
failure. The whole face video, no frame range: its first detected faces are poor ones
(the old check told this working PC to reinstall)."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from app.proctor.camera import Frame, open_camera
from app.proctor.detect import FaceEngine
from app.proctor.face_probe import EngineLoadError, find_usable_face, load_face_models
from app.proctor.identity import DlibEmbedder
from tests.support.face_engine import VIDEO


def test_the_whole_face_video_gives_a_usable_face(
    faces_dir: Path, engine: FaceEngine, embedder: DlibEmbedder
) -> None:
    load_face_models(engine, embedder)
    source = open_camera(str(faces_dir / VIDEO), loop=True)  # paced, as a webcam
    try:
        probe = find_usable_face(source, engine, embedder, timeout_s=60)
    finally:
        source.stop()
    assert probe.usable and probe.face_seen and probe.reason is None
    assert probe.frames >= 1


class _EmptyRoom:
    """A camera that works and sees nobody (frames of a grey wall)."""

    error: str | None = None
    alive = True

    def __init__(self) -> None:
        self.count = 0

    def read(self, timeout: float | None = 1.0) -> Frame | None:
        self.count += 1
        threading.Event().wait(0.01)
        return Frame(np.full((360, 480, 3), 128, np.uint8), self.count, 0.0)


def test_nobody_in_view_is_camera_advice_not_an_engine_failure(
    engine: FaceEngine, embedder: DlibEmbedder
) -> None:
    probe = find_usable_face(_EmptyRoom(), engine, embedder, timeout_s=1.0)
    assert not probe.usable and not probe.face_seen
    assert probe.reason == "no_face" and probe.frames > 1  # it kept looking


def test_a_model_that_cannot_load_is_reported_with_its_reason(engine: FaceEngine) -> None:
    class MissingModelFile(DlibEmbedder):
        def load(self) -> None:
            raise RuntimeError("Unable to open shape_predictor_5_face_landmarks.dat")

    with pytest.raises(EngineLoadError, match="face embedding: RuntimeError: Unable to open"):
        load_face_models(engine, MissingModelFile())
