"""The self-check's look at the camera: do the face models load, and does this camera
give them a face they can use?

The two questions have different answers for the trainee. Models that cannot load are a
broken install (reinstall, call support); a camera that has not yet shown a usable face
is a person turning, leaning or half in view (face the camera, more light). The old
check judged the engine on the first frame with any detected face: on the whole face
video that frame was a poor one, the mesh found nothing, and the self-check told a
working PC to reinstall. So the models are loaded first, on their own, and only an
exception there is an engine failure; then frames are read until one gives a mesh and an
embedding, or the time is up.

Frames stay in memory and are dropped as soon as they are looked at (FACE-7).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from app.proctor.arrays import Array
from app.proctor.camera import Frame
from app.proctor.detect import Face, bgr_to_rgb

log = logging.getLogger(__name__)


class EngineLoadError(RuntimeError):
    """A face model could not be loaded; the message says which and why (for the log)."""


class _Engine(Protocol):
    def detect(self, image_rgb: Array) -> list[Face]: ...
    def mesh(self, image_rgb: Array) -> list[Array]: ...


class _Embedder(Protocol):
    def load(self) -> None: ...
    def embed(self, image_rgb: Array, face: Face) -> Array | None: ...


class _Frames(Protocol):
    error: str | None

    def read(self, timeout: float | None = 1.0) -> Frame | None: ...
    @property
    def alive(self) -> bool: ...


def load_face_models(engine: _Engine, embedder: _Embedder) -> None:
    """Load the detector, the mesh and the embedder's networks, or raise EngineLoadError.

    A blank frame makes mediapipe build its graphs (they load on first use); it finds no
    face in it, which is fine: only an exception means a model is missing or broken.
    """
    blank = np.zeros((96, 128, 3), dtype=np.uint8)
    for part, load in (
        ("face detection", lambda: engine.detect(blank)),
        ("face mesh", lambda: engine.mesh(blank)),
        ("face embedding", embedder.load),
    ):
        try:
            load()
        except Exception as problem:
            raise EngineLoadError(f"{part}: {type(problem).__name__}: {problem}") from problem


@dataclass
class FaceProbe:
    frames: int = 0  # frames read from the camera
    face_seen: bool = False  # some frame had a face in it
    usable: bool = False  # a frame gave the mesh and the embedder what they need
    reason: str | None = None  # why not, when not usable


def find_usable_face(
    source: _Frames,
    engine: _Engine,
    embedder: _Embedder,
    timeout_s: float,
    clock: Callable[[], float] = time.monotonic,
) -> FaceProbe:
    """Read frames until one face in one frame gives a mesh and an embedding."""
    probe = FaceProbe()
    deadline = clock() + timeout_s
    while clock() < deadline:
        frame = source.read(timeout=1.0)
        if frame is None:
            if not source.alive:
                break
            continue
        probe.frames += 1
        image_rgb = bgr_to_rgb(frame.image)
        del frame
        faces = engine.detect(image_rgb)
        if len(faces) != 1:
            continue  # nobody, or two people: neither tells us the engine works
        probe.face_seen = True
        if engine.mesh(image_rgb) and embedder.embed(image_rgb, faces[0]) is not None:
            probe.usable = True
            return probe
    if probe.frames == 0:
        probe.reason = source.error or "no_frames"
    else:
        probe.reason = "no_usable_face" if probe.face_seen else "no_face"
    log.info("self-check camera: %s after %d frames", probe.reason, probe.frames)
    return probe
