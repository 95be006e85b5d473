"""One face check as the client runs it (FACE-3), without any window: the FaceCheck fed
camera frames on the camera thread, then sent to the server (which decides) or, when the
server cannot be reached, decided here and journaled for the sender.

Used by the face check dialog (visible) and by ProctorSession (silent periodic checks).

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
from typing import TYPE_CHECKING, Any

import numpy as np

from app.core.clock import server_now
from app.proctor.arrays import Vector
from app.proctor.camera import Frame
from app.proctor.check import CHECK_SECONDS, MATCH_FRAMES, FaceCheck
from app.proctor.identity import FaceRegion
from app.qt import QObject, Signal

if TYPE_CHECKING:
    from app.ui.kit.context import AppContext

log = logging.getLogger(__name__)

# After this long without a blink the prompt asks for the other liveness test.
BLINK_PROMPT_S = 10.0
EMBEDDING_SIZE = 128


@dataclass(frozen=True)
class FaceCheckOutcome:
    check_id: str
    passed: bool
    reason: str | None
    distance: float | None
    decided_by: str  # "server" or "client" (offline)
    at: datetime  # UTC, when it ended


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

    hint: str  # "starting", "no_face", "many_faces", "look", "blink", "turn"
    seconds_left: float


@dataclass(frozen=True)
class FinishedCheck:
    check_id: str
    passed: bool  # the client's verdict
    reason: str | None
    distance: float | None
    local_identity: bool  # False: the server alone could judge identity
    meta: dict[str, Any]
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
        lesson_id: int | None = None,
        attempt_id: str | None = None,
        timeout_s: float = CHECK_SECONDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.purpose = purpose
        self.enrolled = enrolled
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
        self._check = kind(enrolled, timeout_s=self.timeout_s)
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
        self.status.emit(CheckStatus(self._hint(check, before, elapsed), self.timeout_s - elapsed))

    @staticmethod
    def _hint(check: FaceCheck, before: tuple[int, int] | None, elapsed: float) -> str:
        if before is None:
            return "starting" if check.counts.frames == 0 else "no_face"
        if check.counts.no_face > before[0]:
            return "no_face"
        if check.counts.many_faces > before[1]:
            return "many_faces"
        if check.distance is None and len(check.crops) < MATCH_FRAMES:
            return "look"
        return "blink" if elapsed < BLINK_PROMPT_S else "turn"

    def _finished(self, check: FaceCheck) -> FinishedCheck:
        ended = server_now()
        meta: dict[str, Any] = {
            "check_id": self.check_id,
            "purpose": self.purpose,
            "lesson_id": self.lesson_id,
            "attempt_id": self.attempt_id,
            "started_at": self._started_wall.isoformat(),
            "ended_at": ended.isoformat(),
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
    if not finished.crops:
        # Never one face alone in view: there is no evidence to judge, and a failed
        # check credits nothing, so it stays here.
        return FaceCheckOutcome(
            finished.check_id, False, finished.reason or "no_face", None, "client",
            finished.ended_at,
        )  # fmt: skip
    answer = ctx.outbox.record_face_check(
        finished.meta, finished.crops, keep_offline=finished.local_identity
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
