"""The face check (FACE-3): `collecting` until `passed` or `failed(reason)`, within 30 s.

Fed webcam frames one by one (on the camera worker thread, never the GUI thread), it
needs one face in view that passes a liveness test and matches the enrolled embedding.
Time comes from an injected clock so tests need not wait.

Liveness first, identity after, so the check's models are never resident together
beside a playing lesson (the face mesh ~28 MB, dlib's networks ~40 MB):

1. The face mesh watches for the gesture. Every KEEP_EVERY_S one frame of the current
   *run* is kept: the face region that embedding needs and the evidence crop, in memory
   only (FACE-7). A run is the stretch of frames in which the mesh tracked one face
   without a break; two faces, the face lost for more than RUN_GAP_S or a jump of the
   face box start a new run, and liveness starts over with it. So the faces compared are
   those of the face that did the gesture: a photo held up after a blink, or a face
   swapped in before one, never pairs its identity with another's liveness.
2. Once liveness passed, its evidence is whole (below) and the run holds DECIDE_OVER
   kept faces, the mesh is released
   and the embedder describes the kept faces (dlib: the shape predictor cuts the chips,
   is dropped, then the ResNet describes them).

Identity is decided on the median distance of the kept faces, never on one frame: single
frames of the live clip reach 0.59 from the right person and 0.62 from the wrong one. A
mismatch ends the check at once; every other failure waits for the deadline, since the
trainee may still fix it (step into view, send the visitor away, blink), and at the
deadline the last kept faces are compared to tell `mismatch` from `not_live`.

Evidence (app.proctor.evidence): 3 to 12 small JPEG crops across the gesture, padded
well around the face so the server can detect and embed them again, with their times; a
blink that shows no eyes-open crop before it is not enough (the server could not see it),
so the check watches for another. The raw frames are never kept (FACE-7).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import cv2
import numpy as np

from app.proctor.arrays import Array, Vector
from app.proctor.detect import Face, FaceEngine, default_engine
from app.proctor.evidence import MIN_CROPS, Candidate, Evidence
from app.proctor.identity import (
    Embedder,
    FaceRegion,
    decide,
    default_embedder,
    distance,
    embed_regions,
    face_region,
    return_freed_memory,
)
from app.proctor.imagefile import encode_jpeg
from app.proctor.liveness import Liveness, Method, Side, eye_openness

CHECK_SECONDS = 30.0
MATCH_FRAMES = 3  # kept faces needed before identity can be decided
DECIDE_OVER = 5  # the median is taken over this many kept faces of the run
KEEP_EVERY_S = 0.4  # one face kept at most this often
CROP_MAX_BYTES = 200 * 1024
# Crop side = this x the larger side of the face box: a face-wide margin all round, as
# embedding cuts it. With 1.6 the server's detector found no face in 7 of the shared
# clip's 129 frames' crops (the face filled too much of them), with 3.0 in none.
CROP_PAD = 3.0
CROP_MIN_SIDE = 160
CROP_MAX_SIDE = 320  # enough to embed again; keeps each crop far under 200 KB
# A run of one tracked face breaks when the face is unseen for longer than this (a blink
# or a turn loses no more than a few frames), or when its box moves further than
# RUN_JUMP face widths or changes size by more than RUN_RESIZE between two sightings.
RUN_GAP_S = 1.0
RUN_JUMP = 0.5
RUN_RESIZE = 1.5
# A face is kept only with both eyes open, at least this share of their median openness
# over the check (once it has OPEN_BASELINE_FRAMES): the enrolled photo's eyes are
# open, and on the shared clip the blink's frames and a squint sat at 0.56-0.62 from it
# where the open-eyed frames around them sat at 0.47-0.54.
KEEP_OPEN = 0.85
OPEN_BASELINE_FRAMES = 5
OPEN_HISTORY = 150

State = Literal["collecting", "passed", "failed"]

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
class KeptFace:
    """One kept frame of a run: what embedding needs (dropped when the check ends)."""

    run: int
    region: FaceRegion | None


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
    keep_every_s: float = KEEP_EVERY_S

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
        self._kept: deque[KeptFace] = deque(maxlen=DECIDE_OVER)
        self._last_kept_at: float | None = None
        self._run = 0
        self._last_sighting: tuple[float, Face] | None = None
        self._openness: deque[tuple[float, float]] = deque(maxlen=OPEN_HISTORY)
        self._liveness = self._new_liveness()
        self._evidence = Evidence()
        self._sent: list[Candidate] = []  # chosen when the check ends

    # -- results
    @property
    def finished(self) -> bool:
        return self.state != "collecting"

    @property
    def crops(self) -> list[bytes]:
        """Evidence once the check ended: JPEGs across the gesture (3-12, each <= 200 KB;
        fewer only when fewer were seen), in time order."""
        return [candidate.crop for candidate in self._sent]

    @property
    def crop_times(self) -> list[float]:
        """Each crop's time, in seconds after the check started (API.md `crop_times`)."""
        return [round(candidate.t - self.started_at, 3) for candidate in self._sent]

    @property
    def faces_kept(self) -> int:
        """Eyes-open faces of the current run kept for identity so far."""
        return sum(1 for kept in self._kept if kept.run == self._run)

    @property
    def liveness_passed(self) -> bool:
        return self._liveness.passed

    @property
    def liveness_label(self) -> str:
        """For the API's `liveness.method` (blink, turn_left, turn_right): what passed,
        else what was asked."""
        method = self._liveness.passed_method or self.liveness_method
        return f"turn_{self.turn_side}" if method == "turn" else "blink"

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
            self._break_run()
            return self.state
        self.counts.one_face += 1
        meshes = self.engine.mesh(frame_rgb)
        if len(meshes) != 1:
            if meshes:  # the mesh found a second face the detector missed
                self._break_run()
            return self.state
        face = faces[0]
        if not self._continues_run(now, face):
            self._break_run()
        self._last_sighting = (now, face)
        openness = eye_openness(meshes[0])
        self._openness.append(openness)
        if self._evidence.wants(now, openness, self._baseline()):
            towards = self._liveness.turn.towards if self.liveness_method != "blink" else None
            crop = face_crop(frame_bgr, face)
            self._evidence.add(Candidate(now, self._run, openness, towards, crop))
        was_live = self._liveness.passed
        self._liveness.add(now, meshes[0])
        if self._liveness.passed and not was_live and not self._gesture_seen():
            # Passed here, but the crops cannot show it (no eyes-open crop before the
            # blink, no frontal crop before the turn): watch for the gesture again.
            self._liveness = self._new_liveness()
        if self._keeping_due(now) and self._eyes_open():
            self._keep(frame_rgb, face, now)
        if self._liveness.passed and self._run_is_full() and self._gesture_evidence():
            self._identify()
        return self.state

    def release_models(self) -> None:
        """After the check: give back what only checks use, the face mesh and the
        embedding networks. A lesson's presence watch runs the detector alone; the next
        check (at a random moment 5-15 minutes on) loads them again: its mesh waits ~20 ms
        more, its embedding ~100 ms (measured on the shared photo, 2-core machine)."""
        self.engine.release_mesh()
        release = getattr(self.embedder, "release", None)
        if callable(release):
            release()
        return_freed_memory()

    # -- the run of one tracked face
    def _new_liveness(self) -> Liveness:
        return Liveness(method=self.liveness_method, turn_side=self.turn_side)

    def _continues_run(self, now: float, face: Face) -> bool:
        if self._last_sighting is None:
            return True
        then, last = self._last_sighting
        if now - then > RUN_GAP_S:
            return False
        (x, y), (last_x, last_y) = face.center, last.center
        width = max(face.width, last.width)
        moved = ((x - last_x) ** 2 + (y - last_y) ** 2) ** 0.5
        resized = max(face.width, last.width) / max(min(face.width, last.width), 1e-6)
        return moved <= RUN_JUMP * width and resized <= RUN_RESIZE

    def _break_run(self) -> None:
        """Another face, or the face lost: liveness and identity start over together."""
        self._run += 1
        self._last_sighting = None
        self._last_kept_at = None
        self._liveness = self._new_liveness()

    def _keeping_due(self, now: float) -> bool:
        if self._last_kept_at is not None and now - self._last_kept_at < self.keep_every_s:
            return False
        return not self._run_is_full()

    def _baseline(self) -> tuple[float, float] | None:
        """Each eye's median openness over the check, once there are enough frames."""
        if len(self._openness) < OPEN_BASELINE_FRAMES:
            return None
        base_right, base_left = np.median(np.asarray(self._openness), axis=0)
        return float(base_right), float(base_left)

    def _eyes_open(self) -> bool:
        baseline = self._baseline()
        if baseline is None:
            return False
        right, left = self._openness[-1]
        return right >= KEEP_OPEN * baseline[0] and left >= KEEP_OPEN * baseline[1]

    def _run_is_full(self) -> bool:
        return len(self._kept) == DECIDE_OVER and all(k.run == self._run for k in self._kept)

    def _keep(self, frame_rgb: Array, face: Face, now: float) -> None:
        region = face_region(frame_rgb, face)
        if region is None:
            return
        self._last_kept_at = now
        self._kept.append(KeptFace(self._run, region))

    # -- the evidence of the gesture
    def _gesture_seen(self) -> bool:
        """The start of the gesture that just passed is in the candidates: an eyes-open
        crop before the blink and a closed one in it, or a frontal crop before the turn."""
        live, baseline = self._liveness, self._baseline()
        if live.passed_method == "blink" and live.blink.span and baseline:
            before, closed, _ = self._evidence.blink_parts(live.blink.span, baseline)
            return bool(before and closed)
        if live.passed_method == "turn" and live.turn.turned_at is not None:
            return self._evidence.turn_start(self._run, live.turn.turned_at) is not None
        return False

    def _gesture_evidence(self) -> list[Candidate]:
        """The crops across the gesture that passed; [] until they are all there."""
        live, baseline = self._liveness, self._baseline()
        chosen: list[Candidate] = []
        if live.passed_method == "blink" and live.blink.span and baseline:
            chosen = self._evidence.across_blink(live.blink.span, baseline)
        turned_at = live.turn.turned_at
        if live.passed_method == "turn" and turned_at is not None:
            chosen = self._evidence.across_turn(self._run, turned_at, live.turn.turn_ratio)
        return chosen if len(chosen) >= MIN_CROPS else []

    def _choose_evidence(self) -> list[Candidate]:
        chosen = self._gesture_evidence() if self._liveness.passed else []
        return chosen or self._evidence.spread()

    # -- identity, after liveness
    def _kept_regions(self) -> list[FaceRegion]:
        return [kept.region for kept in self._kept if kept.region is not None]

    def _compare_kept(self) -> list[float] | None:
        """The kept faces' distances to the enrolled face (None: the server judges). The
        mesh goes first: it and the embedding networks are never resident together."""
        self.engine.release_mesh()
        return_freed_memory()
        return self._compare(self._kept_regions())

    def _compare(self, regions: list[FaceRegion]) -> list[float] | None:
        return [distance(vector, self.enrolled) for vector in embed_regions(self.embedder, regions)]

    def _identify(self) -> None:
        distances = self._compare_kept()
        if distances is None:
            self._finish("passed", None)
            return
        if len(distances) < MATCH_FRAMES:  # faces too small to align: keep looking
            self._break_run()
            return
        assert self.threshold is not None
        match, self.distance = decide(distances, self.threshold)
        if match:
            self._finish("passed", None)
        else:
            self._fail("mismatch")

    def _deadline_reason(self) -> str:
        counts = self.counts
        if counts.frames == 0:
            return "timeout"  # the camera gave nothing at all
        if counts.one_face == 0:
            return "many_faces" if counts.many_faces else "no_face"
        if counts.many_faces > counts.one_face:
            return "many_faces"
        if len(self._kept_regions()) < MATCH_FRAMES:
            return "timeout"  # a face, but never long enough to be compared
        distances = self._compare_kept()
        if distances is None:
            return "not_live"
        if len(distances) < MATCH_FRAMES:
            return "timeout"
        assert self.threshold is not None
        match, self.distance = decide(distances, self.threshold)
        return "not_live" if match else "mismatch"

    def _fail(self, reason: str) -> None:
        self._finish("failed", reason)

    def _finish(self, state: State, reason: str | None) -> None:
        self.state = state
        self.reason = reason
        self.ended_at = self.clock()
        self.passed_method = self._liveness.passed_method
        self._sent = self._choose_evidence()
        self._evidence = Evidence()  # the other candidates go
        for kept in self._kept:
            kept.region = None  # FACE-7: nothing of the frames but the crops outlives it
