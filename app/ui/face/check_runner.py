"""One face check as the client runs it (FACE-3), without any window: the FaceCheck fed
camera frames on the camera thread, then sent to the server (which decides) or, when the
server cannot be reached, decided here and journaled for the sender.

Used by the face check dialog (visible) and by ProctorSession (silent periodic checks).

The gesture (FACE-3): asked of the server when the check starts (`ask_gesture`: POST
/face-checks/challenges, which then judges that gesture from the crops); offline, or from
a server without challenges (404), the client picks it at random and names it in
`liveness.method` with `challenge_id` null.

The enrolled embedding: the server never sends the enrolled photo back, so the client
keeps the embedding (128 numbers, not the picture) of the photo it uploaded, in
`<data_dir>/photos/<id_number>.npy` (wiped with the kiosk's trainee files). On a PC that
does not have it, the check still runs liveness and collects the crops, and the server
alone decides identity; offline there it cannot be decided at all.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from app.core.clock import server_now
from app.proctor.arrays import Vector
from app.proctor.camera import Frame
from app.proctor.check import CHECK_SECONDS, MATCH_FRAMES, FaceCheck
from app.proctor.evidence import MIN_CROPS
from app.proctor.gesture import Gesture, as_gesture, liveness_for, pick_gesture
from app.proctor.identity import FaceRegion
from app.qt import QObject, Signal
from app.sync import wire
from app.sync.errors import ApiError

if TYPE_CHECKING:
    from app.ui.kit.context import AppContext

log = logging.getLogger(__name__)

EMBEDDING_SIZE = 128


@dataclass(frozen=True)
class FaceCheckOutcome:
    check_id: str
    passed: bool
    reason: str | None
    distance: float | None
    decided_by: str  # "server" or "client" (offline)
    at: datetime  # UTC, when it ended


# ---------------------------------------------------------------------- the gesture
@dataclass(frozen=True)
class Challenge:
    """The gesture a check asks for; `challenge_id` None when the client picked it."""

    gesture: Gesture
    challenge_id: str | None = None


def ask_gesture(ctx: AppContext) -> Challenge:
    """Blocking (run it in the background): the server's challenge, or the client's own
    pick when the server cannot give one (offline, an older server's 404, any refusal:
    the check's own upload then meets the same answer and says it plainly)."""
    try:
        answer = ctx.api.face_challenge()
    except ApiError as exc:
        log.info("no challenge from the server (%s): the client picks the gesture", exc.code)
        return Challenge(pick_gesture())
    gesture = as_gesture(answer.get("gesture")) if isinstance(answer, dict) else None
    if gesture is None:  # a gesture this client cannot prompt: its own pick, unbound
        log.warning("the server asked for an unknown gesture: %r", answer)
        return Challenge(pick_gesture())
    return Challenge(gesture, str(answer["challenge_id"]))


def prepare(ctx: AppContext) -> tuple[Vector | None, Challenge]:
    """Blocking: what a check needs before its first frame, the enrolled embedding (None:
    the server alone judges identity) and the gesture."""
    try:
        enrolled = load_enrolled(ctx)
    except Exception as exc:  # an unreadable file must not stop the check
        log.warning("enrolled embedding not loaded: %s", exc)
        enrolled = None
    return enrolled, ask_gesture(ctx)


# ---------------------------------------------------------------------- the enrolled face
def enrolled_path(ctx: AppContext) -> Path | None:
    if not ctx.id_number:
        return None
    return ctx.options.data_dir / "photos" / f"{ctx.id_number}.npy"


def remember_enrolled(ctx: AppContext, photo: bytes) -> bool:
    """After the server accepted `photo`: keep its embedding for offline checks."""
    from app.proctor.identity import embedding_from_image_bytes

    path = enrolled_path(ctx)
    result = embedding_from_image_bytes(photo)
    if path is None or result.embedding is None:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, np.asarray(result.embedding, dtype=np.float64), allow_pickle=False)
    return True


def forget_enrolled(ctx: AppContext) -> None:
    """FACE-8: consent withdrawn: this PC's copy of the enrolled template goes."""
    path = enrolled_path(ctx)
    if path is not None:
        path.unlink(missing_ok=True)


def load_enrolled(ctx: AppContext) -> Vector | None:
    path = enrolled_path(ctx)
    if path is None or not path.is_file():
        return None
    try:
        vector: Vector = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        log.warning("enrolled embedding unreadable, the server will decide: %s", exc)
        return None
    return vector if vector.shape == (EMBEDDING_SIZE,) else None


class ServerDecidesCheck(FaceCheck):
    """No enrolled embedding on this PC: liveness and crops only; identity is the
    server's. The embedder is not run (a crop of one face is all the server needs)."""

    def _compare(self, regions: list[FaceRegion]) -> list[float] | None:
        del regions  # sent as crops; the server embeds them
        return None


# ---------------------------------------------------------------------- running a check
@dataclass(frozen=True)
class CheckStatus:
    """What the screen shows while collecting: the prompt and the time left."""

    hint: str  # "starting", "no_face", "many_faces", "look", or the gesture
    seconds_left: float


@dataclass(frozen=True)
class FinishedCheck:
    check_id: str
    passed: bool  # the client's verdict
    reason: str | None
    distance: float | None
    local_identity: bool  # False: the server alone could judge identity
    meta: wire.FaceCheckMeta
    crops: list[bytes]
    ended_at: datetime


class CheckRunner(QObject):
    """A FrameConsumer: feeds one FaceCheck on the camera thread until it ends."""

    status = Signal(object)  # CheckStatus, a few times a second
    ended = Signal(object)  # FinishedCheck

    def __init__(
        self,
        purpose: str,
        enrolled: Vector | None,
        *,
        challenge: Challenge | None = None,
        lesson_id: int | None = None,
        attempt_id: str | None = None,
        timeout_s: float = CHECK_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.purpose = purpose
        self.enrolled = enrolled
        self.challenge = challenge or Challenge(pick_gesture())
        self.lesson_id = lesson_id
        self.attempt_id = attempt_id
        self.timeout_s = timeout_s
        self.check_id = str(uuid.uuid4())
        self._check: FaceCheck | None = None
        self._lock = threading.Lock()
        self._done = False
        self._last_status = 0.0
        self._started_wall = server_now()

    # -- FrameConsumer (camera thread)
    def on_frame(self, frame: Frame) -> None:
        with self._lock:
            if self._done:
                return
            check = self._check or self._begin()
            before = check.counts.no_face, check.counts.many_faces
            check.feed(frame.image)
            self._after(check, before)

    def on_idle(self) -> None:
        with self._lock:
            if self._done:
                return
            check = self._check or self._begin()
            check.tick()
            self._after(check, None)

    # -- internals (camera thread, under the lock)
    def _begin(self) -> FaceCheck:
        # Models load here, on the camera thread, on the first frame.
        kind = FaceCheck if self.enrolled is not None else ServerDecidesCheck
        enrolled = self.enrolled if self.enrolled is not None else np.zeros(EMBEDDING_SIZE)
        method, side = liveness_for(self.challenge.gesture)
        self._check = kind(
            enrolled, timeout_s=self.timeout_s, liveness_method=method, turn_side=side
        )
        self._started_wall = server_now()
        return self._check

    def _after(self, check: FaceCheck, before: tuple[int, int] | None) -> None:
        if check.finished:
            self._done = True
            self.ended.emit(self._finished(check))
            check.release_models()
            return
        now = time.monotonic()
        if now - self._last_status < 0.2:
            return
        self._last_status = now
        elapsed = check.clock() - check.started_at
        self.status.emit(CheckStatus(self._hint(check, before), self.timeout_s - elapsed))

    def _hint(self, check: FaceCheck, before: tuple[int, int] | None) -> str:
        if before is None:
            return "starting" if check.counts.frames == 0 else "no_face"
        if check.counts.no_face > before[0]:
            return "no_face"
        if check.counts.many_faces > before[1]:
            return "many_faces"
        if check.distance is None and check.faces_kept < MATCH_FRAMES:
            return "look"
        return self.challenge.gesture

    def _finished(self, check: FaceCheck) -> FinishedCheck:
        ended = server_now()
        meta: wire.FaceCheckMeta = {
            "check_id": self.check_id,
            "purpose": self.purpose,
            "lesson_id": self.lesson_id,
            "attempt_id": self.attempt_id,
            "started_at": self._started_wall.isoformat(),
            "ended_at": ended.isoformat(),
            "challenge_id": self.challenge.challenge_id,
            "crop_times": check.crop_times,
            "liveness": {"method": check.liveness_label, "passed": check.liveness_passed},
        }
        local_identity = self.enrolled is not None
        if local_identity:
            meta["client_decision"] = {
                "match": check.state == "passed",
                "distance": check.distance if check.distance is not None else 1.0,
            }
        return FinishedCheck(
            self.check_id,
            check.state == "passed",
            check.reason,
            check.distance if local_identity else None,
            local_identity,
            meta,
            check.crops,  # the only part of the frames that leaves the camera (FACE-7)
            ended,
        )


def settle(ctx: AppContext, finished: FinishedCheck) -> FaceCheckOutcome:
    """Blocking (run it in the background): the server's verdict, or offline the client's
    with the check journaled for the sender (FACE-3). Other API errors propagate."""
    if len(finished.crops) < MIN_CROPS:
        # Hardly ever one face alone in view: too little evidence to judge (the server
        # takes 3 crops at least), and a failed check credits nothing, so it stays here.
        return FaceCheckOutcome(
            finished.check_id, False, finished.reason or "no_face", None, "client",
            finished.ended_at,
        )  # fmt: skip
    answer = ctx.outbox.record_face_check(
        dict(finished.meta), finished.crops, keep_offline=finished.local_identity
    )
    if answer is None:  # offline: journaled for the sender when the client could judge
        if not finished.local_identity:
            return FaceCheckOutcome(
                finished.check_id, False, "offline", None, "client", finished.ended_at
            )
        return FaceCheckOutcome(
            finished.check_id, finished.passed, finished.reason, finished.distance, "client",
            finished.ended_at,
        )  # fmt: skip
    return FaceCheckOutcome(
        str(answer.get("check_id") or finished.check_id),
        bool(answer["passed"]),
        None if answer["passed"] else answer.get("reason"),
        answer.get("distance"),
        "server",
        finished.ended_at,
    )
