"""The face check (FACE-3): `collecting` until `passed` or `failed(reason)`, within 30 s.

Fed webcam frames one by one (on the camera worker thread, never the GUI thread), it
needs one face in view that matches the enrolled embedding and a liveness pass. Time
comes from an injected clock so tests need not wait.

Identity is decided on the median distance of the last few embeddings (MATCH_FRAMES),
never on one frame: single frames of the live clip reach 0.59 from the right person and
0.62 from the wrong one. A clear mismatch over that many frames ends the check at once;
every other failure waits for the deadline, since the trainee may still fix it (step
into view, send the visitor away, blink).

Evidence: up to MAX_CROPS small JPEG crops of the face (the frames that were embedded),
padded well around the face so the server can detect and embed them again. The raw
frames themselves are never kept (FACE-7).
"""

from __future__ import annotations

import ctypes
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import cv2

from app.proctor.arrays import Array, Vector
from app.proctor.detect import Face, FaceEngine, default_engine
from app.proctor.identity import Embedder, decide, default_embedder, distance
from app.proctor.imagefile import encode_jpeg
from app.proctor.liveness import Liveness, Method, Side

CHECK_SECONDS = 30.0
MATCH_FRAMES = 3  # embeddings needed before identity is decided
DECIDE_OVER = 5  # the median is taken over the last this many
EMBED_EVERY_S = 0.4  # one embedding (~75 ms) at most this often
MAX_CROPS = 5
CROP_MAX_BYTES = 200 * 1024
CROP_PAD = 1.6  # crop side = this x the larger side of the face box
CROP_MIN_SIDE = 160
CROP_MAX_SIDE = 320  # enough to embed again; keeps each crop far under 200 KB

State = Literal["collecting", "passed", "failed"]


def return_freed_memory() -> None:
    """Hand freed heap pages back to the system (Linux, glibc).

    The check runs on the camera thread, whose allocations glibc serves from a per-thread
    arena; freed there, the networks' ~50 MB stayed resident (measured: the lesson's RSS
    did not drop after a check). malloc_trim(0) releases the free pages of every arena
    (a few ms).
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return


def face_crop(frame_bgr: Array, face: Face) -> bytes:
    """A square JPEG crop around the face, padded, at least CROP_MIN_SIDE px."""
    height, width = frame_bgr.shape[:2]
    side = max(CROP_PAD * max(face.width, face.height), float(CROP_MIN_SIDE))
    center_x, center_y = face.center
    left = round(center_x - side / 2)
    top = round(center_y - side / 2)
    size = round(side)
    # Pad with the edge colour where the square leaves the frame, rather than shrinking
    # the margin the server's detector needs.
    pad = max(0, -left, -top, left + size - width, top + size - height)
    if pad:
        frame_bgr = cv2.copyMakeBorder(frame_bgr, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
        left, top = left + pad, top + pad
    crop = frame_bgr[top : top + size, left : left + size]
    if size > CROP_MAX_SIDE:
        crop = cv2.resize(crop, (CROP_MAX_SIDE, CROP_MAX_SIDE), interpolation=cv2.INTER_AREA)
    elif size < CROP_MIN_SIDE:
        crop = cv2.resize(crop, (CROP_MIN_SIDE, CROP_MIN_SIDE), interpolation=cv2.INTER_CUBIC)
    return encode_jpeg(crop, quality=90, max_bytes=CROP_MAX_BYTES)


@dataclass
class FrameCounts:
    frames: int = 0
    no_face: int = 0
    many_faces: int = 0
    one_face: int = 0


@dataclass
class FaceCheck:
    """One face check. Call `feed(frame)` per frame and `tick()` when frames stall."""

    enrolled: Vector
    engine: FaceEngine = field(default_factory=default_engine)
    embedder: Embedder = field(default_factory=default_embedder)
    threshold: float | None = None
    liveness_method: Method = "any"
    turn_side: Side = "left"
    timeout_s: float = CHECK_SECONDS
    clock: Callable[[], float] = time.monotonic
    embed_every_s: float = EMBED_EVERY_S

    state: State = field(default="collecting", init=False)
    reason: str | None = field(default=None, init=False)
    distance: float | None = field(default=None, init=False)
    passed_method: str | None = field(default=None, init=False)
    counts: FrameCounts = field(default_factory=FrameCounts, init=False)

    def __post_init__(self) -> None:
        if self.threshold is None:
            self.threshold = self.embedder.default_threshold
        self.started_at = self.clock()
        self.ended_at: float | None = None
        self._distances: deque[float] = deque(maxlen=DECIDE_OVER)
        self._crops: deque[bytes] = deque(maxlen=MAX_CROPS)
        self._last_embed_at: float | None = None
        self._liveness = Liveness(method=self.liveness_method, turn_side=self.turn_side)
        self._identity_ok = False

    # -- results
    @property
    def finished(self) -> bool:
        return self.state != "collecting"

    @property
    def crops(self) -> list[bytes]:
        """Evidence: the most recent face crops (1-5 JPEGs, each <= 200 KB)."""
        return list(self._crops)

    @property
    def liveness_passed(self) -> bool:
        return self._liveness.passed

    @property
    def liveness_label(self) -> str:
        """For the API's `liveness.method`: what passed, else what was asked."""
        if self._liveness.passed_method:
            return self._liveness.passed_method
        return "turn" if self.liveness_method == "turn" else "blink"

    # -- driving
    def tick(self) -> State:
        """Apply the deadline without a frame (the camera may have stalled)."""
        if not self.finished and self.clock() - self.started_at > self.timeout_s:
            self._fail(self._deadline_reason())
        return self.state

    def feed(self, frame_bgr: Array) -> State:
        if self.tick() != "collecting":
            return self.state
        now = self.clock()
        self.counts.frames += 1
        frame_rgb = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2RGB)
        faces = self.engine.detect(frame_rgb)
        if not faces:
            self.counts.no_face += 1
            return self.state
        if len(faces) > 1:
            self.counts.many_faces += 1
            return self.state
        self.counts.one_face += 1
        meshes = self.engine.mesh(frame_rgb)
        if len(meshes) == 1:
            self._liveness.add(now, meshes[0])
        if self._embedding_due(now):
            self._embed(frame_bgr, frame_rgb, faces[0], now)
        if self.state == "collecting" and self._identity_ok and self._liveness.passed:
            self._finish("passed", None)
        return self.state

    def release_models(self) -> None:
        """After the check: give back what only checks use, the face mesh and the
        embedding networks (~50 MB). A lesson's presence watch runs the detector alone;
        the next check (at a random moment 5-15 minutes on) loads them again: its first
        mesh waits ~20 ms more, its first embedding ~100 ms (measured on the shared
        photo, 2-core machine)."""
        self.engine.release_mesh()
        release = getattr(self.embedder, "release", None)
        if callable(release):
            release()
        return_freed_memory()

    # -- internals
    def _embedding_due(self, now: float) -> bool:
        if self._last_embed_at is not None and now - self._last_embed_at < self.embed_every_s:
            return False
        # Once identity is settled, a few more crops are enough evidence.
        return not (self._identity_ok and len(self._crops) >= MAX_CROPS)

    def _embed(self, frame_bgr: Array, frame_rgb: Array, face: Face, now: float) -> None:
        self._last_embed_at = now
        vector = self.embedder.embed(frame_rgb, face)
        if vector is None:
            return
        self._distances.append(distance(vector, self.enrolled))
        self._crops.append(face_crop(frame_bgr, face))
        if len(self._distances) < MATCH_FRAMES:
            return
        assert self.threshold is not None
        match, middle = decide(list(self._distances), self.threshold)
        self.distance = middle
        self._identity_ok = match
        if not match and len(self._distances) >= DECIDE_OVER:
            self._fail("mismatch")

    def _deadline_reason(self) -> str:
        counts = self.counts
        if counts.frames == 0:
            return "timeout"  # the camera gave nothing at all
        if counts.one_face == 0:
            return "many_faces" if counts.many_faces else "no_face"
        if counts.many_faces > counts.one_face:
            return "many_faces"
        if len(self._distances) < MATCH_FRAMES:
            return "timeout"  # a face, but never long enough to be compared
        if not self._identity_ok:
            return "mismatch"
        return "not_live"

    def _fail(self, reason: str) -> None:
        self._finish("failed", reason)

    def _finish(self, state: State, reason: str | None) -> None:
        self.state = state
        self.reason = reason
        self.ended_at = self.clock()
        self.passed_method = self._liveness.passed_method

