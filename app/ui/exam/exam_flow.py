"""The way through an exam, as the home screen starts it (EXAM-1..7): the rules
(考试须知, one display), the face check, the attempt (a new one, or the open one when
the server says so), the locked window, the result, and /me refreshed at the end.

    start_exam(ctx, enrollment, parent)             # 参加考试
    resume_exam(ctx, enrollment, attempt_id, parent)  # 继续考试 (EXAM-4)

Nothing here blocks: dialogs are opened with open() and the steps follow their signals,
so a test (or the end-to-end run) follows `last_flow()`'s `stage` signal: "rules",
"face_check", "starting", "exam" (ExamFlow.window is the ExamWindow), "result"
(ExamFlow.result_dialog), then "done".
"""

from __future__ import annotations

import logging
from typing import cast

from app.qt import QDialog, QObject, QWidget, Signal
from app.sync import wire
from app.sync.errors import ApiError
from app.sync.journal import Kind
from app.ui.exam.exam_result import ExamResultDialog
from app.ui.exam.exam_rules import ExamRulesDialog
from app.ui.exam.exam_window import ExamWindow
from app.ui.face.face_check import FaceCheckDialog
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext
from app.ui.kit.errors import show_error

log = logging.getLogger(__name__)
_flows: list[ExamFlow] = []


def start_exam(ctx: AppContext, enrollment: wire.Enrollment, parent: QWidget) -> None:
    ExamFlow(ctx, enrollment, parent).begin()


def resume_exam(
    ctx: AppContext, enrollment: wire.Enrollment, attempt_id: str, parent: QWidget
) -> None:
    ExamFlow(ctx, enrollment, parent).resume(attempt_id)


def last_flow() -> ExamFlow | None:
    return _flows[-1] if _flows else None


class ExamFlow(QObject):
    stage = Signal(str)

    def __init__(self, ctx: AppContext, enrollment: wire.Enrollment, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enrollment = enrollment
        self.parent_widget = parent
        self.current = ""
        self.rules_dialog: ExamRulesDialog | None = None
        self.face_dialog: QDialog | None = None
        self.checked_attempt: str | None = None  # the attempt an exam check was made for
        self.window: ExamWindow | None = None
        self.result_dialog: ExamResultDialog | None = None
        _flows.append(self)

    def _enter(self, stage: str) -> None:
        self.current = stage
        log.info("exam flow: %s", stage)
        self.stage.emit(stage)

    # ------------------------------------------------------------------ steps
    def begin(self) -> None:
        self.rules_dialog = ExamRulesDialog(self.ctx, self.enrollment, self.parent_widget)
        self.rules_dialog.finished.connect(self._rules_answered)
        self._enter("rules")
        self.rules_dialog.open()

    def _rules_answered(self, code: int) -> None:
        if code != QDialog.DialogCode.Accepted:
            self._finish()
            return
        if self.ctx.supervision() is not None:
            self._start_attempt()  # FACE-8: the clerk checked the ID card; no face check
            return
        self.face_dialog = FaceCheckDialog(
            self.ctx, "exam", attempt_id=None, parent=self.parent_widget
        )
        self.face_dialog.finished.connect(self._face_checked)
        self._enter("face_check")
        self.face_dialog.open()

    def _face_checked(self, code: int) -> None:
        if code == QDialog.DialogCode.Accepted:
            self._start_attempt()
        else:
            self._finish()

    def _start_attempt(self) -> None:
        self._enter("starting")
        enrollment_id = self.enrollment["id"]
        run_in_background(
            self.parent_widget,
            lambda: self.ctx.api.start_attempt(enrollment_id),
            on_success=self._open_window,
            on_failure=self._start_refused,
        )

    def _start_refused(self, exc: Exception) -> None:
        if isinstance(exc, ApiError) and exc.reason == "attempt_open":
            attempt_id = exc.details.get("attempt_id")
            if attempt_id:  # an attempt is already running (another start, a crash)
                self.resume(str(attempt_id))
                return
        show_error(self.parent_widget, exc)
        self._finish()

    def resume(self, attempt_id: str) -> None:
        """EXAM-4: the same paper, the saved answers, the server's remaining time. The
        server also says whether this login may answer it: a restart that kept its login
        may; another login (after a re-login here, or on another PC) first passes an exam
        face check for the attempt, unless a clerk supervises it (EXAM-1, FACE-8)."""
        self._enter("starting")
        run_in_background(
            self.parent_widget,
            lambda: paper_as_given(self.ctx, attempt_id),
            on_success=self._paper_read,
            on_failure=self._resume_failed,
        )

    def _paper_read(self, attempt: wire.Attempt) -> None:
        attempt_id = attempt["id"]
        wanted = attempt.get("identity_required") and attempt["state"] == "open"
        if not wanted or self.checked_attempt == attempt_id or self.ctx.supervision():
            # Checked already (its answers wait in the journal if the server still
            # refuses them), or a clerk's login that the server will judge itself.
            self._open_window(attempt)
            return
        self.checked_attempt = attempt_id
        self.face_dialog = FaceCheckDialog(
            self.ctx, "exam", attempt_id=attempt_id, parent=self.parent_widget
        )
        self.face_dialog.finished.connect(
            lambda code: (
                self.resume(attempt_id)  # read again: the time left, the answers sent since
                if code == QDialog.DialogCode.Accepted
                else self._finish()
            )
        )
        self._enter("face_check")
        self.face_dialog.open()

    def _resume_failed(self, exc: Exception) -> None:
        show_error(self.parent_widget, exc)
        self._finish()

    def _open_window(self, attempt: wire.Attempt) -> None:
        if attempt["state"] != "open" and attempt["result"] is not None:
            self._show_result(attempt["result"])  # it ended meanwhile (the deadline)
            return
        self.window = ExamWindow(self.ctx, self.enrollment, attempt)
        self.window.finished.connect(self._show_result)
        self._enter("exam")
        self.window.show_locked()

    def _show_result(self, result: wire.ExamResult) -> None:
        self.result_dialog = ExamResultDialog(result, self.parent_widget)
        self.result_dialog.finished.connect(self._result_closed)
        self._enter("result")
        self.result_dialog.open()

    def _result_closed(self, _code: int) -> None:
        self._finish()

    def _finish(self) -> None:
        """Every way out ends with a fresh /me, so the home card shows the new state."""
        run_in_background(
            self.parent_widget,
            self.ctx.refresh_me,
            on_success=self._published,
            on_failure=self._refresh_failed,
        )

    def _published(self, me: wire.Me) -> None:
        self.ctx.publish_me(me)
        self._done()

    def _refresh_failed(self, exc: Exception) -> None:
        log.info("/me not refreshed after the exam: %s", exc)
        self._done()

    def _done(self) -> None:
        self._enter("done")
        if self in _flows:
            _flows.remove(self)


def paper_as_given(ctx: AppContext, attempt_id: str) -> wire.Attempt:
    """EXAM-4, worker thread: the attempt as the server has it, with the answers this PC
    journaled for it and has not sent yet (the latest per question). The journal is read
    first: an answer the sender sends meanwhile is then in the server's copy."""
    journaled = {
        str(entry.payload["question_id"]): list(entry.payload["answer"])
        for entry in ctx.journal.pending(ctx.id_number or "", Kind.ANSWER)
        if entry.payload.get("attempt_id") == attempt_id
    }
    attempt = ctx.api.attempt(attempt_id)
    return cast(wire.Attempt, {**attempt, "answers": {**attempt["answers"], **journaled}})
