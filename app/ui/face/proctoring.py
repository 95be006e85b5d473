"""Watching while a lesson plays (FACE-5) or the exam runs (EXAM-7): presence about once
a second, and silent identity checks at random moments every 5-15 minutes.

Everything heavy runs on the camera thread (PresenceWatch's detector; the periodic check
through check_runner.CheckRunner); the verdict of a periodic check is sent to the server
or journaled like any check, in the background. What the trainee's window needs comes as
signals on the GUI thread:

- `presence_changed(present, last_seen_at)`: one face in view or not; `last_seen_at`
  (UTC datetime) is where credited time ends.
- `check_needed(reason)`: "no_face_60s", "many_faces" or "identity_failed"; the lesson
  pauses and opens a FaceCheckDialog, the exam records an incident and warns.
- `gesture_asked(gesture)`: a periodic check began and needs this gesture (blink,
  turn_left, turn_right; the server's challenge or offline the client's pick): the window
  shows and says it, the video plays on; `gesture_done()` when that check ends.
- `identity_checked(outcome)`: a silent check's FaceCheckOutcome (a passed one's
  check_id is what later progress names).
- `incident(kind, detail)`: kinds as API.md's incidents (no_face, many_faces,
  identity_failed).

The check interval is the server's (GET /me's `proctoring`); CEDU_FACE_CHECK_MIN_S /
CEDU_FACE_CHECK_MAX_S override it on one PC (tests, benchmarks). Tests shorten
`no_face_after_s` and the sample period.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from app.core.clock import server_now
from app.proctor.arrays import Vector
from app.proctor.camera import Frame
from app.proctor.presence import NO_FACE_AFTER_S, SAMPLE_EVERY_S, PresenceEvent, PresenceWatch
from app.proctor.schedule import DEFAULT_MAX_S, DEFAULT_MIN_S, IdentitySchedule
from app.qt import QObject, Signal, Slot
from app.sync import wire
from app.ui.face.check_runner import (
    Challenge,
    CheckRunner,
    FaceCheckOutcome,
    FinishedCheck,
    prepare,
    settle,
)
from app.ui.kit.background import run_in_background

if TYPE_CHECKING:
    from app.ui.kit.context import AppContext

log = logging.getLogger(__name__)


def check_interval(me: wire.Me | None = None) -> tuple[float, float]:
    """(min_s, max_s) of the random identity checks: the server's, from GET /me's
    `proctoring` (FACE-5: it refuses credit past its maximum + 2 min after the latest
    passed check); CEDU_FACE_CHECK_MIN_S / _MAX_S override them on this PC (tests,
    benchmarks); 300 / 900 before the server was ever reached."""
    low, high = float(DEFAULT_MIN_S), float(DEFAULT_MAX_S)
    server = me.get("proctoring") if me is not None else None
    if server is not None:
        low, high = float(server["check_min_s"]), float(server["check_max_s"])
    try:
        low = float(os.environ.get("CEDU_FACE_CHECK_MIN_S", low))
        high = float(os.environ.get("CEDU_FACE_CHECK_MAX_S", high))
    except ValueError:
        return DEFAULT_MIN_S, DEFAULT_MAX_S
    if not 0 < low <= high:
        return DEFAULT_MIN_S, DEFAULT_MAX_S
    return low, high


def wall_time(monotonic_at: float | None) -> datetime | None:
    """A time.monotonic() moment as a UTC datetime."""
    if monotonic_at is None:
        return None
    # The server's time, like the tracker's stretches it is compared with (app.core.clock).
    return server_now() - timedelta(seconds=time.monotonic() - monotonic_at)


class ProctorSession(QObject):
    presence_changed = Signal(bool, object)  # present, last_seen_at (datetime | None)
    check_needed = Signal(str)  # "no_face_60s" | "many_faces" | "identity_failed"
    identity_checked = Signal(object)  # FaceCheckOutcome of a silent periodic check
    gesture_asked = Signal(str)  # the gesture a periodic check now needs
    gesture_done = Signal()  # that check ended (judged, stopped or paused): prompt cleared
    incident = Signal(str, str)  # (kind, detail)

    # Emitted on the camera thread, handled on the GUI thread (queued).
    _presence_event = Signal(object)  # PresenceEvent
    _presence_sample = Signal(bool, object)
    _check_due = Signal()

    no_face_after_s: float = NO_FACE_AFTER_S
    sample_every_s: float = SAMPLE_EVERY_S

    def __init__(
        self,
        ctx: AppContext,
        purpose: str,
        *,
        lesson_id: int | None = None,
        attempt_id: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.purpose = purpose
        self.lesson_id = lesson_id
        self.attempt_id = attempt_id
        self.active = False
        self.paused = False
        self._lock = threading.Lock()
        self._watch: PresenceWatch | None = None
        self._present: bool | None = None
        low, high = check_interval(ctx.me)
        self._schedule = IdentitySchedule(low, high)
        self._runner: CheckRunner | None = None
        self.last_outcome: FaceCheckOutcome | None = None
        self._presence_event.connect(self._on_presence_event)
        self._presence_sample.connect(self._on_presence_sample)
        self._check_due.connect(self._start_identity_check)

    # ------------------------------------------------------------------ control (GUI)
    def start(self) -> None:
        if self.active:
            return
        self.active = True
        self.paused = False
        self._reset_watch()
        camera = self.ctx.camera()
        camera.acquire(self)
        camera.add_consumer(self)

    def stop(self) -> None:
        if not self.active:
            return
        self.active = False
        camera = self.ctx.camera()
        camera.remove_consumer(self)
        self._drop_runner()
        camera.release(self)

    def pause(self) -> None:
        """While a check dialog is open: nothing is watched, no check starts."""
        with self._lock:
            self.paused = True
        self._drop_runner()

    def resume(self) -> None:
        with self._lock:
            self.paused = False
        self._reset_watch()
        self._schedule.restart()

    def _reset_watch(self) -> None:
        """Absence counts from now (a passed check has just seen the trainee)."""
        watch = PresenceWatch(
            sample_every_s=self.sample_every_s, no_face_after_s=self.no_face_after_s
        )
        with self._lock:
            self._watch = watch
            self._present = None

    # ------------------------------------------------------------------ camera thread
    def on_frame(self, frame: Frame) -> None:
        with self._lock:
            watch = self._watch
            if self.paused or watch is None or not watch.due():
                return
            event = watch.feed(frame.image)
            present = watch.faces_in_view == 1
            if present != self._present:
                self._present = present
                self._presence_sample.emit(present, wall_time(watch.last_seen_at))
            due = self._runner is None and self._schedule.due()
        if event is not None:
            self._presence_event.emit(event)
        if due:
            self._check_due.emit()

    def on_idle(self) -> None:
        """No frames (camera stalled or lost): the no-face clock keeps running."""
        with self._lock:
            watch = self._watch
            if self.paused or watch is None:
                return
            event = watch.check_absence()
            if self._present is not False and event is not None:
                self._present = False
                self._presence_sample.emit(False, wall_time(watch.last_seen_at))
        if event is not None:
            self._presence_event.emit(event)

    # ------------------------------------------------------------------ GUI thread
    @Slot(bool, object)
    def _on_presence_sample(self, present: bool, last_seen_at: object) -> None:
        if self.active:
            self.presence_changed.emit(present, last_seen_at)

    @Slot(object)
    def _on_presence_event(self, event: PresenceEvent) -> None:
        if not self.active or self.paused:
            return
        seen = wall_time(event.last_seen_at)
        seen_text = seen.isoformat() if seen else ""
        if event.kind == "no_face":
            self.incident.emit("no_face", seen_text)
            self.check_needed.emit("no_face_60s")
        elif event.kind == "many_faces":
            self.incident.emit("many_faces", seen_text)
            self.check_needed.emit("many_faces")

    @Slot()
    def _start_identity_check(self) -> None:
        if not self.active or self.paused or self._runner is not None:
            return
        self._schedule.restart()
        run_in_background(
            self, lambda: prepare(self.ctx), on_success=self._run_identity_check,
            on_failure=self._identity_unavailable,
        )  # fmt: skip

    def _identity_unavailable(self, exc: Exception) -> None:
        log.warning("periodic check not started: %s", exc)

    def _run_identity_check(self, prepared: tuple[Vector | None, Challenge]) -> None:
        if not self.active or self.paused or self._runner is not None:
            return
        enrolled, challenge = prepared
        runner = CheckRunner(
            self.purpose, enrolled, challenge=challenge, lesson_id=self.lesson_id,
            attempt_id=self.attempt_id, parent=self,
        )  # fmt: skip
        runner.ended.connect(self._on_check_ended)
        self._runner = runner
        self.ctx.camera().add_consumer(runner)
        self.gesture_asked.emit(challenge.gesture)

    def _drop_runner(self) -> None:
        runner = self._runner
        if runner is not None:
            self._runner = None
            self.ctx.camera().remove_consumer(runner)
            runner.deleteLater()
            self.gesture_done.emit()

    @Slot(object)
    def _on_check_ended(self, finished: FinishedCheck) -> None:
        if self._runner is None or self.sender() is not self._runner:
            return
        self._drop_runner()
        run_in_background(
            self, lambda: settle(self.ctx, finished), on_success=self._on_outcome,
            on_failure=self._on_settle_failed,
        )  # fmt: skip

    def _on_outcome(self, outcome: FaceCheckOutcome) -> None:
        self.last_outcome = outcome
        if not self.active:
            return
        self.identity_checked.emit(outcome)
        if not outcome.passed and outcome.reason != "offline":
            self.incident.emit("identity_failed", outcome.reason or "")
            self.check_needed.emit("identity_failed")

    def _on_settle_failed(self, exc: Exception) -> None:
        # The server could not be asked (other than offline): the next check comes soon.
        log.warning("periodic check not judged: %s", exc)
