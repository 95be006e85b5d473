"""Liveness (FACE-3): a real blink, or the head turned as asked; a photo must fail.

Both tests use measures a flat picture cannot fake by being moved:

- Eye openness is the lid gap expressed in the face's own affine frame: the vector from
  lower to upper lid written as a*u + b*v with u = eye corner to eye corner and v = eye
  midpoint to nose base; b is the openness. Any affine warp (move, rotate, scale, squash,
  shear: a photo waved about) maps u, v and the lid vector by the same matrix, so b of a
  photo stays constant where the classic eye aspect ratio does not (it drops when the
  photo is squashed vertically). Measured (tests/proctor/test_liveness.py): waved-photo
  frames keep both eyes above 0.84 of their own median but for rare single-frame mesh
  misfits (one eye thrown alone, down to 0.70 for both); the real blink of the shared
  clip holds both eyes at 0.50-0.63 for four frames in a row.
- A head turn shows parallax: the nose tip stands out of the plane of the eye corners and
  mouth corners. The homography that maps this frame's four plane points onto the first
  frame's is exact for a flat photo under any perspective, so the nose tip carried
  through it lands where it was; on a turning head it moves. Measured: real turns of the
  clip move it up to 0.49 eye distances, photos held at angles at most 0.18.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import cv2
import numpy as np

from app.proctor.arrays import Array
from app.proctor.detect import FaceEngine

# Face mesh indices (mediapipe canonical face, 478 points with refine_landmarks).
RIGHT_EYE_OUTER, LEFT_EYE_OUTER = 33, 263
NOSE_TIP, NOSE_BASE = 1, 2
MOUTH_RIGHT, MOUTH_LEFT = 61, 291
RIGHT_LIDS = ((159, 145), (160, 144), (158, 153))  # (upper, lower) pairs
LEFT_LIDS = ((386, 374), (385, 380), (387, 373))
PLANE_POINTS = (RIGHT_EYE_OUTER, LEFT_EYE_OUTER, MOUTH_LEFT, MOUTH_RIGHT)

Side = Literal["left", "right"]
Method = Literal["blink", "turn", "any"]


def eye_openness(mesh: Array) -> tuple[float, float]:
    """(right, left) lid gap in the face's affine frame; larger is more open."""
    points = mesh[:, :2]
    across = points[LEFT_EYE_OUTER] - points[RIGHT_EYE_OUTER]
    down = points[NOSE_BASE] - (points[LEFT_EYE_OUTER] + points[RIGHT_EYE_OUTER]) / 2
    frame = np.stack([across, down], axis=1)
    if abs(np.linalg.det(frame)) < 1e-6:
        return 0.0, 0.0
    to_face = np.linalg.inv(frame)
    per_eye = []
    for pairs in (RIGHT_LIDS, LEFT_LIDS):
        # upper minus lower points up, against v (downwards): negate for "open is big"
        gaps = [-(to_face @ (points[upper] - points[lower]))[1] for upper, lower in pairs]
        per_eye.append(float(np.mean(gaps)))
    return per_eye[0], per_eye[1]


def yaw_degrees(mesh: Array) -> float:
    """The head's yaw from the mesh's depth: 0 facing the camera, positive turned to the
    person's own left (the nose towards the image's right in an unmirrored image)."""
    across = mesh[LEFT_EYE_OUTER] - mesh[RIGHT_EYE_OUTER]
    return math.degrees(math.atan2(float(across[2]), float(across[0])))


def eye_aspect_ratio(mesh: Array) -> float:
    """The classic EAR (Soukupova & Cech), both eyes averaged: for diagnostics only."""
    points = mesh[:, :2]

    def one(corner_a: int, corner_b: int, pairs: tuple[tuple[int, int], ...]) -> float:
        width = float(np.linalg.norm(points[corner_a] - points[corner_b]))
        heights = [float(np.linalg.norm(points[u] - points[d])) for u, d in pairs[1:]]
        return sum(heights) / (2 * width) if width else 0.0

    return (one(33, 133, RIGHT_LIDS) + one(362, 263, LEFT_LIDS)) / 2


def nose_parallax(mesh: Array, reference: Array) -> tuple[float, float]:
    """Nose tip offset from `reference`, after undoing any flat-plane perspective.

    In reference eye distances; x > 0 means the nose moved towards the image's right,
    which is the person's own left in an unmirrored camera image.
    """
    source = mesh[list(PLANE_POINTS), :2].astype(np.float32)
    target = reference[list(PLANE_POINTS), :2].astype(np.float32)
    homography = cv2.getPerspectiveTransform(source, target)
    nose = mesh[NOSE_TIP, :2].astype(np.float32).reshape(1, 1, 2)
    carried = cv2.perspectiveTransform(nose, homography)[0, 0]
    eye_line = reference[LEFT_EYE_OUTER, :2] - reference[RIGHT_EYE_OUTER, :2]
    eye_distance = float(np.linalg.norm(eye_line))
    offset = (carried - reference[NOSE_TIP, :2]) / max(eye_distance, 1e-6)
    return float(offset[0]), float(offset[1])


@dataclass
class BlinkDetector:
    """A blink: both eyes clearly closed against their own open baseline, then open again.

    The baseline is each eye's median openness over the recent history, so it adapts to
    the person (narrow eyes, glasses) and to the distance. The closed stretch may start
    with the first frames (the check can begin mid-blink) but must be short: a blink
    lasts 0.1-0.4 s, a photo swapped for another photo is not one.
    """

    closed_ratio: float = 0.70  # both eyes below 70 % of their baseline
    # Both eyes close together in a blink (the clip: within 0.13 of each other); a mesh
    # misfit on a waved photo threw one eye alone to 0.05 with the other at 0.70.
    max_eye_disagreement: float = 0.30
    # A blink spans several frames (0.1-0.4 s); a single odd frame is a misfit.
    min_closed_samples: int = 2
    open_ratio: float = 0.85  # mean of both eyes back above 85 %
    max_closed_s: float = 0.7
    recover_within_s: float = 0.7
    min_samples: int = 10
    history: int = 150  # about 5 s at 30 fps
    max_gap_s: float = 0.5  # frames further apart than this (face lost) break a blink
    passed: bool = False
    # The closed stretch (first, last sample time) of the blink that passed: where the
    # evidence's closed-eye crop comes from.
    span: tuple[float, float] | None = None
    _samples: deque[tuple[float, float, float]] = field(default_factory=deque)

    def add(self, t: float, mesh: Array) -> bool:
        right, left = eye_openness(mesh)
        self._samples.append((t, right, left))
        while len(self._samples) > self.history:
            self._samples.popleft()
        if not self.passed and len(self._samples) >= self.min_samples:
            self.passed = self._has_blink()
        return self.passed

    def ratios(self) -> list[tuple[float, float, float]]:
        """(t, right, left) openness over each eye's own baseline."""
        values = np.array([(r, left) for _, r, left in self._samples])
        baseline = np.median(values, axis=0)
        if np.any(baseline <= 0):
            return []
        return [(t, r / baseline[0], left / baseline[1]) for t, r, left in self._samples]

    def _has_blink(self) -> bool:
        ratios = self.ratios()
        closed_since: float | None = None
        closed_until: float | None = None
        closed_count = 0
        previous_t: float | None = None
        for t, right, left in ratios:
            if previous_t is not None and t - previous_t > self.max_gap_s:
                closed_since = closed_until = None
                closed_count = 0
            previous_t = t
            both_closed = max(right, left) < self.closed_ratio
            if both_closed and abs(right - left) <= self.max_eye_disagreement:
                closed_since = t if closed_since is None else closed_since
                closed_until = t
                closed_count += 1
                continue
            if closed_since is None or closed_until is None:
                continue
            if (right + left) / 2 >= self.open_ratio:
                short = closed_until - closed_since <= self.max_closed_s
                in_time = t - closed_until <= self.recover_within_s
                if short and in_time and closed_count >= self.min_closed_samples:
                    self.span = (closed_since, closed_until)
                    return True
                closed_since = closed_until = None
                closed_count = 0
            elif t - closed_until > self.recover_within_s:
                closed_since = closed_until = None
                closed_count = 0
        return False


@dataclass
class TurnDetector:
    """The head turned to `side` (the person's own side) past `turn_ratio`, then back.

    Offsets are nose parallax against the first frame, in eye distances; the zero is the
    median of the first few frames so one odd first frame does not set it.

    The turn must be one continuous movement: a face that jumps between two samples (more
    than `jump_ratio` eye distances, or its eye distance changing by more than
    `resize_ratio`) starts the judgement over from that frame. A looped video's seam (the
    shared clip's frames 82-210 jump 2.5 eye distances from a turned face to a frontal one)
    or frames spliced together would otherwise count as the head turning back. Measured on
    the live shot: a real head moves at most 0.27 eye distances a frame (0.75 over three).
    """

    side: Side = "left"
    turn_ratio: float = 0.30
    back_ratio: float = 0.12
    settle_samples: int = 5
    jump_ratio: float = 1.0  # eye distances between two samples (check.py's RUN_JUMP alike)
    resize_ratio: float = 1.3
    passed: bool = False
    turned: bool = False
    turned_at: float | None = None  # the first sample turned past turn_ratio
    towards: float | None = None  # the latest sample's turn the asked way, eye distances
    _reference: Array | None = None
    _settling: list[float] = field(default_factory=list)
    _zero: float | None = None
    _last: tuple[Array, float] | None = None  # the previous sample's eye centre, distance

    def add(self, t: float, mesh: Array) -> bool:
        if self.passed:
            return True
        if self._jumped(mesh):
            self._start_over()
        if self._reference is None:
            self._reference = mesh
        offset, _ = nose_parallax(mesh, self._reference)
        if self._zero is None:
            self._settling.append(offset)
            if len(self._settling) < self.settle_samples:
                return False
            self._zero = float(np.median(self._settling))
        # The person's left is the image's right in an unmirrored camera image.
        towards = (offset - self._zero) * (1.0 if self.side == "left" else -1.0)
        self.towards = towards
        if towards >= self.turn_ratio:
            if not self.turned:
                self.turned_at = t
            self.turned = True
        elif self.turned and abs(offset - self._zero) <= self.back_ratio:
            self.passed = True
        return self.passed

    def _jumped(self, mesh: Array) -> bool:
        eyes = mesh[[RIGHT_EYE_OUTER, LEFT_EYE_OUTER], :2].astype(np.float64)
        centre, distance = eyes.mean(axis=0), max(float(np.linalg.norm(eyes[1] - eyes[0])), 1e-6)
        last, self._last = self._last, (centre, distance)
        if last is None:
            return False
        last_centre, last_distance = last
        moved = float(np.linalg.norm(centre - last_centre)) / max(distance, last_distance)
        resized = max(distance, last_distance) / min(distance, last_distance)
        return moved > self.jump_ratio or resized > self.resize_ratio

    def _start_over(self) -> None:
        self._reference, self._zero, self._settling = None, None, []
        self.turned, self.turned_at, self.towards = False, None, None


@dataclass
class Liveness:
    """Blink, turn, or either ("any"); `method` names the one that passed."""

    method: Method = "any"
    turn_side: Side = "left"
    blink: BlinkDetector = field(default_factory=BlinkDetector)
    turn: TurnDetector = field(init=False)
    passed_method: str | None = None

    def __post_init__(self) -> None:
        self.turn = TurnDetector(side=self.turn_side)

    @property
    def passed(self) -> bool:
        return self.passed_method is not None

    def add(self, t: float, mesh: Array) -> bool:
        if self.passed_method is not None:
            return True
        if self.method in ("blink", "any") and self.blink.add(t, mesh):
            self.passed_method = "blink"
        elif self.method in ("turn", "any") and self.turn.add(t, mesh):
            self.passed_method = "turn"
        return self.passed


@dataclass(frozen=True)
class LivenessResult:
    live: bool
    method: str  # the method that passed, or the one asked for when none did
    frames: int  # frames with exactly one face, the only ones that count


def run_liveness(
    frames: Iterable[tuple[float, Array]],
    engine: FaceEngine,
    *,
    method: Method = "any",
    turn_side: Side = "left",
    max_seconds: float = 30.0,
) -> LivenessResult:
    """Feed (timestamp, BGR frame) pairs until liveness passes or `max_seconds` elapse."""
    liveness = Liveness(method=method, turn_side=turn_side)
    counted = 0
    start: float | None = None
    for t, frame_bgr in frames:
        start = t if start is None else start
        if t - start > max_seconds:
            break
        meshes = engine.mesh(cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2RGB))
        if len(meshes) != 1:
            continue
        counted += 1
        if liveness.add(t, meshes[0]):
            break
    asked = "blink" if method == "any" else method
    return LivenessResult(liveness.passed, liveness.passed_method or asked, counted)
