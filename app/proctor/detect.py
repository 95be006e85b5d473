"""Face detection and landmarks with mediapipe's legacy solutions (models ship in the wheel).

One `FaceEngine` loads each model once, on first use, and serialises calls to it: the
mediapipe graphs are not safe to call from two threads at once. Coordinates are always
returned in pixels of the image that was passed in, so callers never juggle normalised
values or the working-size downscale done here.

Two detectors, chosen by measurement on the shared photos (tests/proctor):
- `long_range=True` (model_selection=1, "full range"): for enrolled photos and arbitrary
  images. It found exactly one face in every single-person photo and two or more in every
  `_multi/` image; the short-range model missed both faces of `obama_and_biden.jpg` and
  of `dlib_2008_002470.jpg` and saw a phantom second face in `obama1.jpg`.
- `long_range=False` (model_selection=0, "short range", within about 2 m): for the webcam,
  where the trainee sits close. About 2 ms a 640x360 frame against 5 ms for model 1, and
  it does not pick up small faces far in the background.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import re
import sys
import threading
import types
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from app.proctor.arrays import Array

# Above this side length an image is downscaled before detection: the detectors work on
# 128/192 px inputs anyway, and huge photos would only cost memory and time.
WORKING_MAX_SIDE = 1280

KEYPOINT_NAMES = (
    "right_eye",
    "left_eye",
    "nose_tip",
    "mouth_center",
    "right_ear",
    "left_ear",
)


@dataclass(frozen=True)
class Face:
    """One detected face, in pixels of the analysed image.

    The box may reach outside the image when the face is cut off by the border; that is
    kept on purpose (the photo check uses it). `right_eye` is the person's right eye,
    which appears on the image's left in an unmirrored photo.
    """

    x: float
    y: float
    width: float
    height: float
    score: float
    keypoints: dict[str, tuple[float, float]]

    @property
    def eye_distance(self) -> float:
        (rx, ry), (lx, ly) = self.keypoints["right_eye"], self.keypoints["left_eye"]
        return float(np.hypot(lx - rx, ly - ry))

    @property
    def center(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2

    def scaled(self, factor: float) -> Face:
        """The same face in an image resized by `factor`."""
        return Face(
            x=self.x * factor,
            y=self.y * factor,
            width=self.width * factor,
            height=self.height * factor,
            score=self.score,
            keypoints={k: (px * factor, py * factor) for k, (px, py) in self.keypoints.items()},
        )

    def box_int(self, image_width: int, image_height: int) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) clipped to the image."""
        left = max(0, round(self.x))
        top = max(0, round(self.y))
        right = min(image_width, round(self.x + self.width))
        bottom = min(image_height, round(self.y + self.height))
        return left, top, right, bottom


def to_working_size(image: Array, max_side: int = WORKING_MAX_SIDE) -> tuple[Array, float]:
    """Downscale so the longer side is at most `max_side`; returns (image, scale applied)."""
    height, width = image.shape[:2]
    scale = min(1.0, max_side / max(height, width))
    if scale >= 1.0:
        return image, 1.0
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA), scale


class _DrawingLeftOut(types.ModuleType):
    """Stands in for one of mediapipe's landmark-drawing helpers, which cedu never uses."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise ImportError(f"{self.__name__}.{name}: not loaded (it needs matplotlib)")


def solution(name: str) -> Any:
    """`mediapipe.python.solutions.<name>`, without mediapipe's drawing helpers.

    `import mediapipe` runs its `__init__`, which imports every solution and beside them
    drawing_utils and drawing_styles, and drawing_utils imports matplotlib.pyplot (and
    PIL): +57 MB resident and 1.2 s, against +26 MB and 0.3 s with stand-ins registered
    for those two modules first. Nothing else changes: every solution module still loads
    and registers its graph protos (a solution's options lost to an unregistered proto
    silently change its answers). The installer's runtime hook registers the same
    stand-ins (installer/rthook_mediapipe.py), so the bundle behaves as here.
    """
    if "mediapipe" not in sys.modules:
        for helper in ("drawing_utils", "drawing_styles"):
            module = f"mediapipe.python.solutions.{helper}"
            sys.modules.setdefault(module, _DrawingLeftOut(module))
    return importlib.import_module(f"mediapipe.python.solutions.{name}")


@lru_cache(maxsize=1)
def keep_mediapipe_off_gl() -> bool:
    """Stop mediapipe from opening OpenGL contexts we never use; True when it was done.

    Every graph of the legacy solutions holds an ImageToTensorCalculator, which asks for
    mediapipe's GPU service (optionally). With an X display reachable, the service opens
    an EGL context through mediapipe's own copy of libglvnd (libEGL-<hash>.so in
    mediapipe.libs), one per graph: under Xvfb or on a PC without a GPU driver that is
    Mesa's llvmpipe, i.e. LLVM loaded and render threads, +58 MB resident for a detector
    and a mesh, for graphs whose conversion and inference run on the CPU anyway (their
    input is a CPU ImageFrame). Without a context the optional service is skipped and the
    graphs run as they do with no display, and as on Windows, whose wheels have no GPU
    path at all.

    libglvnd reads its list of EGL drivers once per library copy, at the first
    eglGetDisplay, from `__EGL_VENDOR_LIBRARY_FILENAMES` when that is set. So, after the
    bindings are loaded and before the first graph starts, the variable is set to an empty
    list for that one call and restored at once: mediapipe's copy then knows no driver
    for the life of the process. Qt and VLC draw through the system's libGL/libEGL, a
    separate copy that loads its drivers itself.
    """
    library_path = _private_egl_library()
    if library_path is None:
        return False  # no private EGL loaded (Windows, macOS): nothing to keep off
    name = "__EGL_VENDOR_LIBRARY_FILENAMES"
    before = os.environ.get(name)
    os.environ[name] = os.devnull
    try:
        library = ctypes.CDLL(library_path)
        library.eglGetDisplay.restype = ctypes.c_void_p
        library.eglGetDisplay.argtypes = [ctypes.c_void_p]
        display = library.eglGetDisplay(None)  # EGL_DEFAULT_DISPLAY; reads the drivers
    finally:
        if before is None:
            del os.environ[name]
        else:
            os.environ[name] = before
    return not display  # EGL_NO_DISPLAY: no driver, so no graph can open a context


def _private_egl_library() -> str | None:
    """The path of a wheel's own libEGL (auditwheel names it libEGL-<hash>.so*) that
    this process has loaded: mediapipe's, once its bindings are imported."""
    maps = Path("/proc/self/maps")
    if not maps.is_file():
        return None
    for line in maps.read_text().splitlines():
        path = line.split(maxsplit=5)[-1]
        if re.fullmatch(r"libEGL-[0-9a-f]+\.so[.0-9]*", Path(path).name):
            return path
    return None


def _face_from_detection(detection: Any, width: int, height: int) -> Face:
    box = detection.location_data.relative_bounding_box
    points = detection.location_data.relative_keypoints
    keypoints = {
        name: (float(point.x) * width, float(point.y) * height)
        for name, point in zip(KEYPOINT_NAMES, points, strict=False)
    }
    return Face(
        x=float(box.xmin) * width,
        y=float(box.ymin) * height,
        width=float(box.width) * width,
        height=float(box.height) * height,
        score=float(detection.score[0]),
        keypoints=keypoints,
    )


class FaceEngine:
    """Detection, face mesh and person segmentation, each model loaded once and reused.

    Images are RGB uint8 arrays (mediapipe's convention); convert OpenCV's BGR first.
    """

    def __init__(self, min_confidence: float = 0.5) -> None:
        self.min_confidence = min_confidence
        self._lock = threading.Lock()
        self._detectors: dict[int, Any] = {}
        self._mesher: Any = None
        self._segmenter: Any = None

    # -- models, loaded lazily so a caller that only detects never pays for the mesh
    def _detector(self, model_selection: int) -> Any:
        if model_selection not in self._detectors:
            face_detection = solution("face_detection")
            keep_mediapipe_off_gl()

            self._detectors[model_selection] = face_detection.FaceDetection(
                model_selection=model_selection, min_detection_confidence=self.min_confidence
            )
        return self._detectors[model_selection]

    def _mesh(self) -> Any:
        if self._mesher is None:
            face_mesh = solution("face_mesh")
            keep_mediapipe_off_gl()

            # Still-image mode on every frame, on purpose: the tracking mode reuses the last
            # frame's region, and when the face jumps (a photo waved at the camera, a cut)
            # it fitted the wrong region (eye openness at 0.45 of normal on a still photo)
            # and lost the face in 8 of 40 frames. Still-image mode cost the same (~5 ms a
            # 640x360 frame) and stayed within 6 % of normal on the same frames.
            # refine_landmarks adds the iris and sharper eyelid points the blink test needs.
            # Two faces at most: enough to notice a second person, no cost beyond that.
            self._mesher = face_mesh.FaceMesh(
                static_image_mode=True,
                max_num_faces=2,
                refine_landmarks=True,
                min_detection_confidence=self.min_confidence,
            )
        return self._mesher

    def _selfie(self) -> Any:
        if self._segmenter is None:
            selfie_segmentation = solution("selfie_segmentation")
            keep_mediapipe_off_gl()

            # model 0 ("general", 256x256 input) is the more precise of the two at the edges.
            self._segmenter = selfie_segmentation.SelfieSegmentation(model_selection=0)
        return self._segmenter

    # -- public calls
    def detect(self, image_rgb: Array, *, long_range: bool = False) -> list[Face]:
        """Faces found in the image, best score first, in pixels of `image_rgb`."""
        working, scale = to_working_size(image_rgb)
        height, width = working.shape[:2]
        with self._lock:
            result = self._detector(1 if long_range else 0).process(np.ascontiguousarray(working))
        faces = [_face_from_detection(d, width, height) for d in (result.detections or [])]
        if scale != 1.0:
            faces = [face.scaled(1.0 / scale) for face in faces]
        return sorted(faces, key=lambda face: face.score, reverse=True)

    def mesh(self, image_rgb: Array) -> list[Array]:
        """Face mesh landmarks, one (478, 3) array per face, x and y in pixels.

        z is in the same unit as x, relative to the face's centre depth: the model infers
        it from appearance (it does so for a flat photo too), so nothing here trusts it.
        """
        working, scale = to_working_size(image_rgb)
        height, width = working.shape[:2]
        with self._lock:
            result = self._mesh().process(np.ascontiguousarray(working))
        meshes: list[Array] = []
        for landmarks in result.multi_face_landmarks or []:
            points = np.array([(p.x, p.y, p.z) for p in landmarks.landmark], dtype=np.float64)
            points[:, 0] *= width / scale
            points[:, 1] *= height / scale
            points[:, 2] *= width / scale
            meshes.append(points)
        return meshes

    def person_mask(self, image_rgb: Array) -> Array:
        """Probability (0..1, float32) that each pixel belongs to a person, image-sized."""
        working, _ = to_working_size(image_rgb)
        with self._lock:
            result = self._selfie().process(np.ascontiguousarray(working))
        mask: Array = np.asarray(result.segmentation_mask, dtype=np.float32)
        height, width = image_rgb.shape[:2]
        if mask.shape[:2] != (height, width):
            mask = cv2.resize(mask, (width, height), interpolation=cv2.INTER_LINEAR)
        return np.clip(mask, 0.0, 1.0)

    @property
    def mesh_loaded(self) -> bool:
        return self._mesher is not None

    def release_mesh(self) -> None:
        """Give back the face mesh graph (~14 MB) until the next `mesh` call builds it
        again (~20 ms): only checks use it, the presence watch detects only."""
        with self._lock:
            if self._mesher is not None:
                self._mesher.close()
                self._mesher = None

    def close(self) -> None:
        with self._lock:
            for model in [*self._detectors.values(), self._mesher, self._segmenter]:
                if model is not None:
                    model.close()
            self._detectors.clear()
            self._mesher = None
            self._segmenter = None


@lru_cache(maxsize=1)
def default_engine() -> FaceEngine:
    """The process-wide engine (the CLI and the server share one set of loaded models)."""
    return FaceEngine()


def bgr_to_rgb(image_bgr: Array) -> Array:
    return cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
