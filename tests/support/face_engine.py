"""Shared fixtures for the face engine tests: models loaded once per session, the real
photos and the real video frames read once."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from app.proctor.detect import FaceEngine
from app.proctor.identity import DlibEmbedder

VIDEO = "_video/short_hamilton_clip.mp4"
LIVE_FIRST, LIVE_LAST = 82, 210  # one continuous frontal shot, real blink at 82-85
ENROLLED_LIN = "lin_manuel_miranda/lin-manuel-miranda.png"


@pytest.fixture(scope="session")
def engine() -> FaceEngine:
    return FaceEngine()


@pytest.fixture(scope="session")
def embedder() -> DlibEmbedder:
    return DlibEmbedder()


def read_frames(path: Path, first: int, last: int) -> list[np.ndarray]:
    capture = cv2.VideoCapture(str(path))
    frames: list[np.ndarray] = []
    index = 0
    while index <= last:
        ok, frame = capture.read()
        if not ok:
            break
        if index >= first:
            frames.append(frame)
        index += 1
    capture.release()
    return frames


@pytest.fixture(scope="session")
def live_frames(faces_dir: Path) -> list[np.ndarray]:
    """Frames 82-210 of the shared clip (BGR), the stand-in for a live webcam."""
    frames = read_frames(faces_dir / VIDEO, LIVE_FIRST, LIVE_LAST)
    assert len(frames) == LIVE_LAST - LIVE_FIRST + 1
    return frames


@pytest.fixture(scope="session")
def looped_frames(live_frames: list[np.ndarray]) -> list[np.ndarray]:
    """Frames 82-210 twice, as the tests' file camera loops them: the second pass's
    blink has eyes-open frames before it, which a check's evidence needs (FACE-3)."""
    return live_frames + live_frames


@pytest.fixture(scope="session")
def whole_clip(faces_dir: Path) -> list[np.ndarray]:
    """Every frame of the clip (scene cuts, two faces, faces half in view), once."""
    frames = read_frames(faces_dir / VIDEO, 0, 10_000)
    assert len(frames) > LIVE_LAST
    return frames


@pytest.fixture(scope="session")
def whitened_lin_jpeg(faces_dir: Path, engine: FaceEngine) -> bytes:
    from app.proctor.whiten import whiten_image

    photo = cv2.imread(str(faces_dir / ENROLLED_LIN))
    return whiten_image(photo, engine=engine).jpeg()


@pytest.fixture(scope="session")
def lin_enrolled(
    whitened_lin_jpeg: bytes, engine: FaceEngine, embedder: DlibEmbedder
) -> np.ndarray:
    """The man in the face video, enrolled from his whitened photo."""
    from app.proctor.identity import embedding_from_image_bytes

    result = embedding_from_image_bytes(whitened_lin_jpeg, engine=engine, embedder=embedder)
    assert result.embedding is not None
    return result.embedding


@pytest.fixture(scope="session")
def obama_enrolled(faces_dir: Path, engine: FaceEngine, embedder: DlibEmbedder) -> np.ndarray:
    """Someone else, enrolled."""
    from app.proctor.identity import embedding_from_image

    image = cv2.imread(str(faces_dir / "obama/obama.jpg"))
    result = embedding_from_image(image, engine=engine, embedder=embedder)
    assert result.embedding is not None
    return result.embedding


def image_bytes(image_bgr: np.ndarray, ext: str = ".jpg") -> bytes:
    ok, buffer = cv2.imencode(ext, image_bgr)
    assert ok
    return buffer.tobytes()
