"""The exam window's link to the server for one attempt (EXAM-2, EXAM-4, EXAM-7, SYNC-1):
every answer journaled the moment it is given and sent by the journal's sender, the
server's remaining time once answers are saved, incidents, submit, abandon, and the
result when the attempt ends on the server (deadline, another device).

Order matters, so only one thread ever sends answers: the sender. Answers are recorded
by the outbox's one writer thread in the order given, and the sender sends the journal's answers
oldest first (the latest per question wins): an older answer never lands after a newer
one. A crash or power cut after the append keeps the answer; the next start sends it
(EXAM-4). The submit goes only once the sender has had every journaled answer of this
attempt acknowledged, so the server grades them all; while the link is down the submit
waits and is retried (the deadline is the server's, EXAM-2).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Any, cast

from app.qt import QObject, QTimer, QWidget, Signal, Slot
from app.sync import wire
from app.sync.errors import (
    OFFLINE_MESSAGE,
    ApiError,
    OfflineError,
    RefusedError,
    ServerError,
)
from app.sync.outbox import SAVED_LOCALLY as SAVED_LOCALLY  # where a save went
from app.sync.outbox import SAVED_ON_SERVER as SAVED_ON_SERVER
from app.sync.outbox import AnswerRecord
from app.sync.sender import SenderState, SenderStatus
from app.ui.exam.exam_incidents import new_incident
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext

log = logging.getLogger(__name__)

SUBMIT_RETRY_MS = 5_000


class AttemptChannel(QObject):
    synced = Signal(object)  # wire.Attempt, fresh from the server (remaining_s)
    saved = Signal(str, str)  # question_id, SAVED_ON_SERVER | SAVED_LOCALLY
    save_failed = Signal(str, object)  # question_id, the exception (disk full, refused)
    incident_recorded = Signal(str, str)  # kind, SAVED_ON_SERVER | SAVED_LOCALLY
    ended = Signal(object)  # wire.ExamResult: submitted, abandoned or expired
    end_failed = Signal(str, object)  # "submit" | "abandon" | "refresh", the exception
    submit_waiting = Signal(object)  # the link is down: the submit is retried (the error)
    idle = Signal()  # every answer given is journaled and, link allowing, acknowledged
    # From the writer thread back to the GUI thread (queued).
    _journaled = Signal(str, str, object)  # question_id, entry_id ("" if not), exception
    _found = Signal(object)  # [(entry_id, question_id)]: journaled earlier, not yet sent
    _looked_up = Signal(object)  # {entry_id: (status, reason)} the server has answered

    def __init__(self, ctx: AppContext, attempt_id: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.attempt_id = attempt_id
        self.owner = ctx.id_number or ""
        self.widget = parent
        self.closed = False
        self.submitting = False
        self.outbox = ctx.outbox  # one writer thread: answers reach the journal in order
        self._writing = 0  # answers handed to the writer, not yet journaled
        self._unsent: dict[str, str] = {}  # entry_id -> question_id, not yet acknowledged
        self._looking = self._look_again = self._refreshing = False
        self._announced: str | None = None
        self._last_question = ""
        self._submit_running = self._retry_planned = False
        self._link_down = ctx.sender is None or _link_down(ctx.sender.status)
        self._journaled.connect(self._on_journaled)
        self._found.connect(self._on_found)
        self._looked_up.connect(self._on_looked_up)
        ctx.signals.sync_status.connect(self._sender_reported)
        self.outbox.on_writer(self._find_unsent)

    @property
    def busy(self) -> bool:
        """Answers not yet journaled, or journaled and on their way while the link is up,
        or the journal being read to tell which the server has."""
        return (
            self._writing > 0 or self._looking or self._refreshing
            or (bool(self._unsent) and not self._link_down)
        )  # fmt: skip

    def flush(self, timeout_ms: int = 10_000) -> bool:
        """Wait until every answer given is journaled."""
        return self.outbox.flush(timeout_ms / 1000)

    # ------------------------------------------------------------------ answers
    def save(self, question_id: str, answer: list[str]) -> None:
        """Journal the answer at once (on the writer thread); the sender sends it."""
        if self.closed:
            return
        self._writing += 1
        self._announced = None
        self._last_question = question_id
        future = self.outbox.record_answer(self.attempt_id, question_id, answer)
        future.add_done_callback(lambda done: self._recorded(question_id, done))

    def _recorded(self, question_id: str, done: Future[AnswerRecord]) -> None:
        """Writer thread: where the answer went (journaled; on a full disk saved on the
        server directly, or not at all), back to the GUI thread."""
        error = done.exception()
        if error is not None:
            log.error("answer to %s not journaled: %s", question_id, error)
            _emit(self._journaled, question_id, "", error)
        else:
            _emit(self._journaled, question_id, done.result().entry_id, None)

    def _find_unsent(self) -> None:
        """Writer thread: answers to this attempt that an earlier run journaled."""
        found = self.outbox.pending_answers(self.attempt_id)
        if found:
            _emit(self._found, found)

    @Slot(str, str, object)
    def _on_journaled(self, question_id: str, entry_id: str, exc: object) -> None:
        self._writing -= 1
        if self.closed:
            return
        if isinstance(exc, ApiError) and exc.code == "attempt_closed":
            self.refresh()  # the deadline passed, or another device ended it
        elif isinstance(exc, Exception):
            self._last_question = ""  # "not saved" stands until the next answer
            self.save_failed.emit(question_id, exc)
        elif entry_id:
            self._unsent[entry_id] = question_id
        else:  # saved on the server directly (the disk is full)
            self._sync_after_save()
        self._look_up()

    @Slot(object)
    def _on_found(self, found: list[tuple[str, str]]) -> None:
        for entry_id, question_id in found:
            self._unsent.setdefault(entry_id, question_id)
        self._look_up()

    @Slot(object)
    def _sender_reported(self, status: SenderStatus) -> None:
        self._link_down = _link_down(status)
        if not self.closed:
            self._look_up()

    def _look_up(self) -> None:
        """Which of this attempt's journaled answers has the server answered? Read on the
        writer thread, after every append handed to it."""
        if self._looking:
            self._look_again = True
            return
        if not self._unsent:
            self._settle()
            return
        self._looking = True
        entry_ids = list(self._unsent)
        journal = self.outbox.journal

        def work() -> None:
            answered = {}
            try:
                for entry_id in entry_ids:
                    entry = journal.entry(entry_id)
                    if entry is not None and entry.status is not None:
                        answered[entry_id] = (entry.status, entry.reason)
            finally:  # even when the journal failed: the next report looks again
                _emit(self._looked_up, answered)

        self.outbox.on_writer(work)

    @Slot(object)
    def _on_looked_up(self, answered: dict[str, tuple[str, str | None]]) -> None:
        self._looking = False
        if self.closed:
            return
        closed = False
        for entry_id, (status, reason) in answered.items():
            question_id = self._unsent.pop(entry_id, "")
            if status != "refused":
                continue
            if reason == "attempt_closed":  # the deadline passed, or another device ended it
                closed = True
            else:
                self.save_failed.emit(question_id, RefusedError(reason or "refused", ""))
        if closed:
            self.refresh()
        elif answered and not self._unsent and not self._writing:
            self._sync_after_save()
        if self._look_again:
            self._look_again = False
            self._look_up()
            return
        self._settle()

    def _sync_after_save(self) -> None:
        """EXAM-2: the server's remaining time once the answers are in (busy till then)."""
        if self._refreshing:
            return
        self._refreshing = True

        def done(attempt: Any) -> None:
            self._refreshing = False
            if isinstance(attempt, dict):
                self._take(cast(wire.Attempt, attempt))
            self._settle()

        run_in_background(
            self.widget, lambda: self.ctx.api.attempt(self.attempt_id),
            on_success=done, on_failure=done,
        )  # fmt: skip

    def _settle(self) -> None:
        """Say where the answers are once nothing is moving, and go on with a submit."""
        if self.busy:
            return
        where = SAVED_LOCALLY if (self._unsent or self._writing) else SAVED_ON_SERVER
        if self._announced != where and self._last_question:
            self._announced = where
            self.saved.emit(self._last_question, where)
        self.idle.emit()
        if self.submitting:
            self._try_submit()

    # ------------------------------------------------------------------ the attempt
    def refresh(self) -> None:
        """GET the attempt: the remaining time, or the result if it ended."""
        if self.closed:
            return
        run_in_background(
            self.widget,
            lambda: self.ctx.api.attempt(self.attempt_id),
            on_success=self._take,
            on_failure=lambda exc: self.end_failed.emit("refresh", exc),
        )

    def _take(self, attempt: wire.Attempt) -> None:
        if self.closed:
            return
        if attempt["state"] != "open" and attempt["result"] is not None:
            self._end(attempt["result"])
            return
        self.synced.emit(attempt)

    def _end(self, result: wire.ExamResult) -> None:
        if not self.closed:
            self.closed = True
            self.submitting = False
            self.ended.emit(result)

    def submit(self) -> None:
        """The journaled answers go first (the sender, in order), then the submit."""
        if self.closed:
            return
        self.submitting = True
        self._try_submit()

    def _try_submit(self) -> None:
        if self.closed or not self.submitting or self._submit_running:
            return
        if self._writing or self._unsent:
            if self._link_down:  # say so; the timer wakes the sender, not every report
                self.submit_waiting.emit(OfflineError("offline", OFFLINE_MESSAGE))
                self._retry_later()
            else:
                self.outbox.wake()
            return  # the sender's next report brings the submit back here
        self._submit_running = True
        run_in_background(
            self.widget,
            self._submit_work,
            on_success=self._submit_answered,
            on_failure=self._submit_refused,
        )

    def _submit_work(self) -> Any:
        """Worker thread: the submit, unless the journal still holds answers of this
        attempt (then their entries, for the sender to send first)."""
        waiting = self.outbox.pending_answers(self.attempt_id)
        if waiting:
            return waiting
        return self.ctx.api.submit_attempt(self.attempt_id)

    def _submit_answered(self, value: Any) -> None:
        self._submit_running = False
        if isinstance(value, list):  # answers still to send: the sender goes first
            self._on_found(value)
            self._try_submit()
            return
        self._end(value)

    def _submit_refused(self, exc: Exception) -> None:
        self._submit_running = False
        if isinstance(exc, OfflineError | ServerError):
            self.submit_waiting.emit(exc)  # the answers stay; the submit is retried
            self._retry_later()
            return
        self.submitting = False
        self._end_refused("submit", exc)

    def _retry_later(self) -> None:
        if not self._retry_planned:
            self._retry_planned = True
            QTimer.singleShot(SUBMIT_RETRY_MS, self, self._retry_submit)

    def _retry_submit(self) -> None:
        self._retry_planned = False
        if self._writing or self._unsent:
            self.outbox.wake()
        self._try_submit()

    def abandon(self) -> None:
        """EXAM-3: the trainee confirmed leaving: score 0, the attempt used."""
        run_in_background(
            self.widget,
            lambda: self.ctx.api.abandon_attempt(self.attempt_id),
            on_success=self._end,
            on_failure=lambda exc: self._end_refused("abandon", exc),
        )

    def _end_refused(self, action: str, exc: Exception) -> None:
        if isinstance(exc, ApiError) and exc.code == "attempt_closed":
            self.refresh()  # it ended already (deadline): show that result
            return
        self.end_failed.emit(action, exc)

    # ------------------------------------------------------------------ incidents
    def record_incident(self, kind: str, detail: str) -> None:
        """EXAM-7: recorded on the attempt (journaled while offline), never ending it."""
        incident = new_incident(kind, detail)
        run_in_background(
            self.widget,
            lambda: self.outbox.record_incident(self.attempt_id, incident),
            on_success=lambda where: self.incident_recorded.emit(kind, where),
            on_failure=lambda exc: log.warning("incident %s not recorded: %s", kind, exc),
        )


def _link_down(status: SenderStatus) -> bool:
    return status.state in (SenderState.OFFLINE, SenderState.HALTED, SenderState.STOPPED)


def _emit(signal: Any, *args: Any) -> None:
    """From the writer thread: the channel may be gone (window closed) by now."""
    try:
        signal.emit(*args)
    except RuntimeError:
        log.debug("exam channel closed before the writer answered")
