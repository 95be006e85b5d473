"""Identity: face embeddings and their distance, behind a small pluggable interface.

The default `DlibEmbedder` is dlib's ResNet face descriptor (128-d) on a chip aligned by
the 5-point shape predictor, both from `face_recognition_models`. The 68-point predictor
is never loaded (its training data is licensed for non-commercial use only).

The predictor is fed mediapipe's full-range detection box, not dlib's HOG detector:
measured on the shared photos (tests/proctor/test_identity.py prints the numbers) both
boxes give the same separation (same-person max 0.542 vs 0.544, different-person min
0.641 vs 0.617), mediapipe's box is the one we already have, and HOG saw a phantom second
face in `astronaut.png`.

DEFAULT_THRESHOLD = 0.58. Measured on the 36 shared single-face photos: same-person
distances 0.06 / 0.40 / 0.54 (min / median / max, 66 pairs), different-person
0.64 / 0.84 / 1.02 (564 pairs); video frames 82-210 against the enrolled photo 0.31-0.59
(median 0.48), against Obama 0.62-0.84 (median 0.75). 0.58 sits in the gap, a little
below its middle (0.59) on purpose: trainees are Chinese and dlib's model is known to
put East Asian faces closer together than the faces it was mostly trained on, and a
false accept (someone else studying for the trainee) costs more than a retry. Live checks
decide on the median of several frames (check.py), which keeps one bad frame near the
threshold from deciding alone. The server's setting overrides this value.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

import cv2
import numpy as np

from app.proctor.arrays import Array
from app.proctor.detect import Face, FaceEngine, default_engine
from app.proctor.imagefile import decode_image

DEFAULT_THRESHOLD = 0.58

# dlib's ResNet expects a 150x150 chip; a little padding around the aligned face
# (dlib's own default, 0.25) is what the network was trained with.
CHIP_SIZE = 150
CHIP_PADDING = 0.25
# dlib samples the chip bilinearly without smoothing first, so a face much larger than the
# chip aliases; faces wider than this are downscaled (area filter) before alignment. On
# the shared photos this moved the worst same-person pair from 0.561 to 0.538.
MAX_FACE_WIDTH_PX = 300


@runtime_checkable
class Embedder(Protocol):
    """Turns one detected face into a vector; smaller `distance` means more alike.

    A province may plug in another model (for example an ArcFace ONNX file through
    onnxruntime) by providing an object with these members; its threshold differs, so
    each embedder says what threshold suits it.
    """

    name: str
    default_threshold: float

    def embed(self, image_rgb: Array, face: Face) -> Array | None:
        """The face's embedding, or None when the face cannot be aligned."""
        ...


class DlibEmbedder:
    """dlib ResNet embedding with 5-point alignment.

    The two networks load on first use and can be given back with `release()` between
    checks: a lesson's presence watch needs neither, and the next identity check (every
    5-15 minutes) loads them again in about 0.1 s. One object per process
    (`default_embedder`), so the models never exist twice.

    `embed_regions` holds one network at a time: the shape predictor (~12 MB resident)
    cuts every chip, is dropped, then the ResNet (~22 MB, and a few MB of working memory)
    describes the chips. A live check embeds its kept faces that way, after the face mesh
    is gone, so the check's models are never all resident beside the lesson's player.
    """

    name = "dlib_resnet_5pt"
    default_threshold = DEFAULT_THRESHOLD

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._predictor: Any = None
        self._resnet: Any = None
        self.loads = 0  # how many times the ResNet was read (tests, diagnostics)

    @property
    def loaded(self) -> bool:
        return self._predictor is not None or self._resnet is not None

    def _shape_predictor(self) -> Any:
        with self._lock:
            if self._predictor is None:
                import dlib
                import face_recognition_models

                self._predictor = dlib.shape_predictor(
                    face_recognition_models.pose_predictor_five_point_model_location()
                )
            return self._predictor

    def _face_resnet(self) -> Any:
        with self._lock:
            if self._resnet is None:
                import dlib
                import face_recognition_models

                self._resnet = dlib.face_recognition_model_v1(
                    face_recognition_models.face_recognition_model_location()
                )
                self.loads += 1
            return self._resnet

    def load(self) -> None:
        """Read both networks now (the self-check: a missing model file fails here)."""
        self._shape_predictor()
        self._face_resnet()

    def release(self) -> None:
        """Drop the networks; the next `embed` reads them again."""
        with self._lock:
            self._predictor = None
            self._resnet = None

    def release_predictor(self) -> None:
        with self._lock:
            self._predictor = None

    def landmarks(self, image_rgb: Array, face: Face) -> Any:
        """dlib's 5-point shape for the face, from mediapipe's box."""
        import dlib

        rect = dlib.rectangle(
            round(face.x),
            round(face.y),
            round(face.x + face.width),
            round(face.y + face.height),
        )
        return self._shape_predictor()(image_rgb, rect)

    def chip(self, region: FaceRegion) -> Array:
        """The aligned 150x150 chip the ResNet describes."""
        import dlib

        shape = self.landmarks(region.image, region.face)
        chip: Array = dlib.get_face_chip(
            region.image, shape, size=CHIP_SIZE, padding=CHIP_PADDING
        )
        return chip

    def describe(self, chip: Array) -> Array:
        descriptor = self._face_resnet().compute_face_descriptor(chip)
        return np.asarray(descriptor, dtype=np.float64)

    def embed(self, image_rgb: Array, face: Face) -> Array | None:
        region = face_region(image_rgb, face)
        return None if region is None else self.describe(self.chip(region))

    def embed_regions(self, regions: Sequence[FaceRegion]) -> list[Array]:
        """The embeddings of already cut face regions, one network resident at a time."""
        chips = [self.chip(region) for region in regions]
        self.release_predictor()
        return_freed_memory()
        return [self.describe(chip) for chip in chips]


@dataclass(frozen=True)
class FaceRegion:
    """A face with a face-sized margin, cut from a frame (RGB), `face` in its pixels."""

    image: Array
    face: Face


def face_region(image_rgb: Array, face: Face) -> FaceRegion | None:
    """What embedding needs of a frame: None when the face is too small to align."""
    if face.width < 8 or face.height < 8:
        return None
    image, moved = _face_region(image_rgb, face)
    return FaceRegion(image, moved)


def embed_regions(embedder: Embedder, regions: Sequence[FaceRegion]) -> list[Array]:
    """Embed cut regions with any embedder (dlib's holds one network at a time)."""
    staged = getattr(embedder, "embed_regions", None)
    if callable(staged):
        vectors: list[Array] = staged(regions)
        return vectors
    found = (embedder.embed(region.image, region.face) for region in regions)
    return [vector for vector in found if vector is not None]


def return_freed_memory() -> None:
    """Hand freed heap pages back to the system (Linux, glibc).

    A check runs on the camera thread, whose allocations glibc serves from a per-thread
    arena; freed there, the networks' memory stayed resident (measured: the lesson's RSS
    did not drop after a check). malloc_trim(0) releases the free pages of every arena
    (a few ms).
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return


def _face_region(image_rgb: Array, face: Face) -> tuple[Array, Face]:
    """The face with a face-sized margin around it, no wider than MAX_FACE_WIDTH_PX."""
    height, width = image_rgb.shape[:2]
    left = max(0, int(face.x - face.width))
    top = max(0, int(face.y - face.height))
    right = min(width, int(face.x + 2 * face.width) + 1)
    bottom = min(height, int(face.y + 2 * face.height) + 1)
    moved = Face(
        x=face.x - left,
        y=face.y - top,
        width=face.width,
        height=face.height,
        score=face.score,
        keypoints={k: (x - left, y - top) for k, (x, y) in face.keypoints.items()},
    )
    region = image_rgb[top:bottom, left:right]
    scale = MAX_FACE_WIDTH_PX / face.width
    if scale < 1.0:
        size = (max(1, round(region.shape[1] * scale)), max(1, round(region.shape[0] * scale)))
        region = cv2.resize(region, size, interpolation=cv2.INTER_AREA)
        moved = moved.scaled(scale)
    return np.ascontiguousarray(region), moved


@lru_cache(maxsize=1)
def default_embedder() -> DlibEmbedder:
    return DlibEmbedder()


def distance(a: Array, b: Array) -> float:
    """Euclidean distance between two embeddings (dlib's metric)."""
    return float(np.linalg.norm(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)))


@dataclass(frozen=True)
class EmbeddingResult:
    """The one face's embedding, or why there is none (`not_an_image`, `no_face`,
    `many_faces`)."""

    embedding: Array | None
    reason: str | None
    face: Face | None = None


@dataclass(frozen=True)
class CompareResult:
    match: bool
    distance: float | None
    threshold: float
    reason: str | None  # None, "no_face" or "many_faces" (of either image)


def embedding_from_image(
    image_bgr: Array,
    *,
    engine: FaceEngine | None = None,
    embedder: Embedder | None = None,
) -> EmbeddingResult:
    """Embed the single face of a still image (photo or evidence crop)."""
    engine = engine or default_engine()
    embedder = embedder or default_embedder()
    image_rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
    faces = engine.detect(image_rgb, long_range=True)
    if not faces:
        return EmbeddingResult(None, "no_face")
    if len(faces) > 1:
        return EmbeddingResult(None, "many_faces")
    vector = embedder.embed(image_rgb, faces[0])
    if vector is None:
        return EmbeddingResult(None, "no_face")
    return EmbeddingResult(vector, None, faces[0])


def embedding_from_image_bytes(
    data: bytes,
    *,
    engine: FaceEngine | None = None,
    embedder: Embedder | None = None,
) -> EmbeddingResult:
    """Server-facing: the embedding of the one face in JPEG/PNG bytes, or the reason."""
    decoded = decode_image(data)
    if decoded.image is None:
        return EmbeddingResult(None, "not_an_image")
    return embedding_from_image(decoded.image, engine=engine, embedder=embedder)


def compare_images(
    enrolled_bgr: Array,
    probe_bgr: Array,
    *,
    threshold: float | None = None,
    engine: FaceEngine | None = None,
    embedder: Embedder | None = None,
) -> CompareResult:
    """Is the one face of `probe_bgr` the person of `enrolled_bgr`?"""
    embedder = embedder or default_embedder()
    limit = embedder.default_threshold if threshold is None else threshold
    enrolled = embedding_from_image(enrolled_bgr, engine=engine, embedder=embedder)
    probe = embedding_from_image(probe_bgr, engine=engine, embedder=embedder)
    for result in (enrolled, probe):
        if result.embedding is None:
            return CompareResult(False, None, limit, result.reason)
    assert enrolled.embedding is not None and probe.embedding is not None
    gap = distance(enrolled.embedding, probe.embedding)
    return CompareResult(gap <= limit, gap, limit, None)


def decide(distances: list[float], threshold: float) -> tuple[bool, float]:
    """Match decision over several frames of one check: the median distance.

    One frame can land near the threshold (a blink, motion blur, a turned head); the
    median of three to five frames is what the live check and the server both use.
    """
    if not distances:
        raise ValueError("no distances to decide on")
    middle = float(np.median(np.asarray(distances, dtype=np.float64)))
    return middle <= threshold, middle
