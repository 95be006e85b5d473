"""The exam window's link to the server for one attempt (EXAM-2, EXAM-4, EXAM-7): answers
saved as given, one at a time and in order (server first; journaled while offline),
the server's remaining time after every save, incidents, submit, abandon, and the
result when the attempt ends on the server (deadline, another device).

Order matters: an answer journaled offline must not land after a newer one given online,
so while the journal still holds answers for this attempt, new ones queue behind them
in the journal too (the sender keeps the journal's order; the latest per question wins).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, cast

from app.core.clock import server_now
from app.qt import QObject, QWidget, Signal
from app.sync import wire
from app.sync.errors import ApiError, OfflineError, RefusedError, ServerError
from app.sync.journal import Answer, Kind
from app.ui.context import AppContext
from app.ui.ops import run_in_background

log = logging.getLogger(__name__)

SAVED_ON_SERVER = "server"
SAVED_LOCALLY = "journal"


class AttemptChannel(QObject):
    synced = Signal(object)  # wire.Attempt, fresh from the server (remaining_s)
    saved = Signal(str, str)  # question_id, SAVED_ON_SERVER | SAVED_LOCALLY
    save_failed = Signal(str, object)  # question_id, the exception (not offline)
    incident_recorded = Signal(str, str)  # kind, SAVED_ON_SERVER | SAVED_LOCALLY
    ended = Signal(object)  # wire.ExamResult: submitted, abandoned or expired
    end_failed = Signal(str, object)  # "submit" | "abandon" | "refresh", the exception
    idle = Signal()  # every answer given so far has been handled

    def __init__(self, ctx: AppContext, attempt_id: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.attempt_id = attempt_id
        self.owner = ctx.id_number or ""
        self.widget = parent
        self._queue: dict[str, list[str]] = {}
        self._saving = False
        self.closed = False

    @property
    def busy(self) -> bool:
        return self._saving or bool(self._queue)

    # ------------------------------------------------------------------ answers
    def save(self, question_id: str, answer: list[str]) -> None:
        # A newer answer to a question waiting in the queue replaces it (and moves last).
        self._queue.pop(question_id, None)
        self._queue[question_id] = list(answer)
        self._save_next()

    def _save_next(self) -> None:
        if self._saving or self.closed:
            return
        if not self._queue:
            self.idle.emit()
            return
        question_id = next(iter(self._queue))
        answer = self._queue.pop(question_id)
        self._saving = True
        run_in_background(
            self.widget,
            lambda: self._save_work(question_id, answer),
            on_success=self._saved,
            on_failure=lambda exc: self._save_refused(question_id, exc),
        )

    def _journal_holds_answers(self) -> bool:
        return any(
            entry.payload.get("attempt_id") == self.attempt_id
            for entry in self.ctx.journal.pending(self.owner, Kind.ANSWER)
        )

    def _journal_answer(self, question_id: str, answer: list[str]) -> None:
        self.ctx.journal.append_answer(
            self.owner, self.ctx.session_id, self.attempt_id, question_id, answer
        )
        if self.ctx.sender is not None:
            self.ctx.sender.wake()

    def _save_work(self, question_id: str, answer: list[str]) -> tuple[str, str, Any]:
        """Worker thread: (question_id, where, fresh attempt or None)."""
        if self._journal_holds_answers():
            self._journal_answer(question_id, answer)
            return question_id, SAVED_LOCALLY, None
        try:
            self.ctx.api.save_answer(self.attempt_id, question_id, answer)
        except (OfflineError, ServerError):
            self._journal_answer(question_id, answer)  # EXAM-4: kept here, sent later
            return question_id, SAVED_LOCALLY, None
        try:
            fresh: Any = self.ctx.api.attempt(self.attempt_id)  # EXAM-2: the server's time
        except (OfflineError, ServerError):
            fresh = None
        return question_id, SAVED_ON_SERVER, fresh

    def _saved(self, value: tuple[str, str, Any]) -> None:
        question_id, where, fresh = value
        self._saving = False
        self.saved.emit(question_id, where)
        if fresh is not None:
            self._take(fresh)
        self._save_next()

    def _save_refused(self, question_id: str, exc: Exception) -> None:
        self._saving = False
        if isinstance(exc, RefusedError) and exc.code == "attempt_closed":
            self.refresh()  # the deadline passed (or another device ended it): the result
            return
        self.save_failed.emit(question_id, exc)
        self._save_next()

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
            self.ended.emit(result)

    def submit(self) -> None:
        """Answers still journaled go first (in order), then the submit."""
        run_in_background(
            self.widget,
            self._submit_work,
            on_success=self._end,
            on_failure=lambda exc: self._end_refused("submit", exc),
        )

    def _submit_work(self) -> wire.ExamResult:
        entries = [
            entry
            for entry in self.ctx.journal.pending(self.owner, Kind.ANSWER)
            if entry.payload.get("attempt_id") == self.attempt_id
        ]
        latest = {entry.payload["question_id"]: entry for entry in entries}
        for entry in latest.values():
            self.ctx.api.save_answer(
                self.attempt_id, entry.payload["question_id"], entry.payload["answer"]
            )
        self.ctx.journal.mark_answered(Answer(entry.entry_id, "saved") for entry in entries)
        return self.ctx.api.submit_attempt(self.attempt_id)

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
        incident = cast(
            wire.Incident,
            {
                "incident_id": f"incident-{uuid.uuid4()}",
                "kind": kind,
                "at": server_now().isoformat(),
                "detail": detail[:500],
            },
        )
        run_in_background(
            self.widget,
            lambda: self._incident_work(incident),
            on_success=lambda where: self.incident_recorded.emit(kind, where),
            on_failure=lambda exc: log.warning("incident %s not recorded: %s", kind, exc),
        )

    def _incident_work(self, incident: wire.Incident) -> str:
        try:
            self.ctx.api.report_incident(self.attempt_id, incident)
        except (OfflineError, ServerError):
            self.ctx.journal.append_incident(
                self.owner, self.ctx.session_id, self.attempt_id, incident
            )
            if self.ctx.sender is not None:
                self.ctx.sender.wake()
            return SAVED_LOCALLY
        return SAVED_ON_SERVER
