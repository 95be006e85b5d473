"""The locked exam window (EXAM-2..4, EXAM-6, EXAM-7): full screen on one display, no
frame, always on top; a question at a time in large type, the navigator, the answered
count, the server's countdown, 交卷 with the unanswered questions listed, and 退出考试
with the EXAM-3 warning.

The countdown (exam_countdown.ExamCountdown) is the server's time left, never the PC's
clock (EXAM-2); at zero the window asks the server, which grades the saved answers. The
two confirmations are in exam_confirm.

Tests and the end-to-end run drive it through `finished` (the wire.ExamResult) and the
object names: submit_exam_button, leave_exam_button, next_question_button,
previous_question_button, nav_<n>, option_<key>, and the confirm boxes'
confirm_submit_button / confirm_leave_button / continue_exam_button.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.qt import (
    QCloseEvent,
    QGuiApplication,
    QHBoxLayout,
    QMessageBox,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from app.sync import wire
from app.sync.errors import OfflineError
from app.ui.exam import exam_banner as banner
from app.ui.exam.exam_confirm import (
    leave_button_text,
    leave_question,
    open_confirm_box,
    submit_button_text,
    submit_question,
)
from app.ui.exam.exam_countdown import ExamCountdown
from app.ui.exam.exam_gesture import GesturePrompt, banner_slot
from app.ui.exam.exam_header import ExamHeader
from app.ui.exam.exam_lock import ExamLock
from app.ui.exam.exam_programs import ExamWatch
from app.ui.exam.exam_question import QUESTION_STYLE, Navigator, QuestionView, question_scroll
from app.ui.exam.exam_session import SAVED_LOCALLY, AttemptChannel
from app.ui.face.proctoring import ProctorSession
from app.ui.kit.context import AppContext
from app.ui.kit.errors import show_error
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import button, label, primary_button, set_role

log = logging.getLogger(__name__)

RETRY_MS = 5_000


class ExamWindow(QWidget):
    finished = Signal(object)  # wire.ExamResult once the attempt has ended

    def __init__(
        self,
        ctx: AppContext,
        enrollment: wire.Enrollment,
        attempt: wire.Attempt,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, ExamLock.window_flags())
        self.ctx = ctx
        self.enrollment = enrollment
        self.attempt = attempt
        self.questions = attempt["questions"]
        self.answers: dict[str, list[str]] = {k: list(v) for k, v in attempt["answers"].items()}
        self.index = 0
        self.done = False
        self.setObjectName("exam_window")
        self.setWindowTitle(translate("ExamWindow", "考试"))
        self.setStyleSheet(QUESTION_STYLE + "QWidget#exam_window { background: #f5f7fa; }")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.lock = ExamLock(self)
        self.channel = AttemptChannel(ctx, attempt["id"], self)
        self.confirm_box: QMessageBox | None = None
        self.countdown = ExamCountdown(self)
        self.clock = self.countdown.clock
        self._build()
        self._wire()
        self.countdown.start(attempt)  # wired first: no time left asks the server at once
        self.show_question(0)
        self._update_count()
        self.proctor: ProctorSession | None = self._start_proctor()
        self.watch = ExamWatch(ctx, self)  # what else runs, what the PC is (EXAM-7)
        self.watch.incident.connect(self.channel.record_incident)
        self.watch.running.connect(self._programs_running)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.header = ExamHeader(self.enrollment, self.attempt, self.countdown)
        self.count_label = self.header.count_label

        self.banner = banner.banner_label()
        self.gesture_prompt = GesturePrompt()  # a periodic check's gesture, over the banner
        self.save_state = label("", "hint", wrap=False)
        self.save_state.setObjectName("save_state")

        self.question_view = QuestionView()
        self.previous_button = button(translate("ExamWindow", "上一题"))
        self.previous_button.setObjectName("previous_question_button")
        self.next_button = button(translate("ExamWindow", "下一题"))
        self.next_button.setObjectName("next_question_button")
        steps = QHBoxLayout()
        steps.addWidget(self.previous_button)
        steps.addWidget(self.next_button)
        steps.addWidget(self.save_state, 1)
        left = QVBoxLayout()
        left.addWidget(question_scroll(self.question_view), 1)
        left.addLayout(steps)

        self.navigator = Navigator(len(self.questions))
        self.submit_button = primary_button(translate("ExamWindow", "交卷"))
        self.submit_button.setObjectName("submit_exam_button")
        self.leave_button = button(translate("ExamWindow", "退出考试"))
        self.leave_button.setObjectName("leave_exam_button")
        right = QVBoxLayout()
        right.addWidget(label(translate("ExamWindow", "答题卡（绿色为已答）"), "hint"))
        right.addWidget(self.navigator, 1)  # it scrolls: the rest of the column's height
        right.addWidget(self.submit_button)
        right.addWidget(self.leave_button)

        body = QHBoxLayout()
        body.addLayout(left, 1)  # the question takes every pixel the navigator leaves
        body.addSpacing(24)
        body.addLayout(right)
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 20, 32, 20)
        column.setSpacing(12)
        column.addWidget(self.header)
        column.addLayout(banner_slot(self.banner, self.gesture_prompt))
        column.addLayout(body, 1)
        self.navigator.fit_width()

    def _wire(self) -> None:
        self.question_view.answered.connect(self._answered)
        self.navigator.chosen.connect(self.show_question)
        self.previous_button.clicked.connect(self._previous)
        self.next_button.clicked.connect(self._next)
        self.submit_button.clicked.connect(self.ask_submit)
        self.leave_button.clicked.connect(self.ask_leave)
        self.lock.incident.connect(self.channel.record_incident)
        self.lock.focus_lost.connect(self._focus_lost)  # its banner stays after focus_back
        self.channel.synced.connect(self.countdown.sync)
        self.channel.saved.connect(self._saved)
        self.channel.save_failed.connect(self._save_failed)
        self.channel.ended.connect(self._ended)
        self.channel.end_failed.connect(self._end_failed)
        self.channel.submit_waiting.connect(self._submit_waiting)
        self.ctx.signals.logged_out.connect(self.discard)
        self.countdown.resync_due.connect(self.channel.refresh)
        self.countdown.time_up.connect(self._time_up)
        self.countdown.warning.connect(self.ctx.voice().say)

    def _start_proctor(self) -> ProctorSession | None:
        """EXAM-7 (ours): presence and identity keep being checked, as incidents only;
        under a clerk's supervision (FACE-8) the clerk watches instead: no camera."""
        if self.ctx.supervision() is not None:
            return None
        session = ProctorSession(self.ctx, "exam", attempt_id=self.attempt["id"], parent=self)
        session.incident.connect(self._proctor_incident)
        session.gesture_asked.connect(self.ctx.voice().say)  # the check's gesture, aloud
        self.gesture_prompt.follow(session)  # and shown while the check runs
        return session

    # ------------------------------------------------------------------ showing
    def show_locked(self) -> None:
        """Full screen on the primary display, raised and active, then locked."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.lock.engage()
        self.watch.start()
        if self.proctor is not None:
            self.proctor.start()

    @Slot(int)
    def show_question(self, index: int) -> None:
        self.index = max(0, min(index, len(self.questions) - 1))
        question = self.questions[self.index]
        self.question_view.show_question(
            self.index + 1, len(self.questions), question, self.answers.get(question["id"], [])
        )
        self.navigator.current(self.index)
        self.previous_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.questions) - 1)

    @Slot()
    def _previous(self) -> None:
        self.show_question(self.index - 1)

    @Slot()
    def _next(self) -> None:
        self.show_question(self.index + 1)

    def unanswered(self) -> list[int]:
        """Question numbers (from 1) without an answer."""
        return [n for n, q in enumerate(self.questions, 1) if not self.answers.get(q["id"])]

    def _update_count(self) -> None:
        for n, question in enumerate(self.questions):
            self.navigator.mark(n, bool(self.answers.get(question["id"])))
        answered = len(self.questions) - len(self.unanswered())
        self.header.show_count(answered, len(self.questions))

    # ------------------------------------------------------------------ answers
    @Slot(str, list)
    def _answered(self, question_id: str, keys: list[str]) -> None:
        if self.done or self.channel.submitting:
            return
        self.answers[question_id] = list(keys)
        self._update_count()
        self.save_state.setText(translate("ExamWindow", "正在保存…"))
        self.channel.save(question_id, keys)

    @Slot(str, str)
    def _saved(self, _question_id: str, where: str) -> None:
        if self.channel.busy:
            return
        if where == SAVED_LOCALLY:
            self.save_state.setText(translate("ExamWindow", "已保存在本机"))
            self.save_state.setToolTip(
                translate("ExamWindow", "暂时无法连接服务器。答案已保存在本机，联网后自动上传。")
            )
        else:
            self.save_state.setText(translate("ExamWindow", "已保存"))
            self.save_state.setToolTip("")
            if self.banner.text() == banner.cannot_leave_offline_text():
                self.banner.setVisible(False)  # the server answers again (issue 15)

    @Slot(str, object)
    def _save_failed(self, question_id: str, exc: Exception) -> None:
        # Not saved anywhere: shown unanswered, so choosing it again saves it again.
        self.answers.pop(question_id, None)
        self._update_count()
        if self.questions[self.index]["id"] == question_id:
            self.show_question(self.index)
        self.save_state.setText(translate("ExamWindow", "未能保存，请重新选择"))
        show_error(self, exc)

    # ------------------------------------------------------------------ the clock
    def remaining_s(self) -> float:
        return self.countdown.remaining_s()

    @Slot()
    def _time_up(self) -> None:
        if self.done:
            return
        self.show_banner(banner.time_up_text())
        self.channel.refresh()  # the server grades at its deadline (EXAM-2)

    # ------------------------------------------------------------------ submit / leave
    def ask_submit(self) -> None:
        self._confirm(
            submit_question(self.unanswered()),
            submit_button_text(), "confirm_submit_button", self._submit,
        )

    def ask_leave(self) -> None:
        self._confirm(
            leave_question(self.enrollment["exam"]),
            leave_button_text(), "confirm_leave_button", self._leave,
            danger=True,
        )

    def _confirm(
        self, text: str, yes_text: str, yes_name: str, on_yes: Callable[[], None],
        *, danger: bool = False,
    ) -> None:
        """One confirmation at a time, none once the attempt has ended."""
        if self.done or self.confirm_box is not None:
            return

        def decided(yes: bool) -> None:
            self.confirm_box = None
            if yes:
                on_yes()

        self.confirm_box = open_confirm_box(
            self, text, yes_text, yes_name, decided, danger=danger
        )

    def _submit(self) -> None:
        self.submit_button.setEnabled(False)
        self.leave_button.setEnabled(False)
        self.question_view.setEnabled(False)  # confirmed: the answers are final
        self.show_banner(banner.submitting_text(), role="hint")
        self.channel.submit()  # after the sender has every journaled answer saved

    @Slot(object)
    def _submit_waiting(self, _exc: Exception) -> None:
        self.show_banner(banner.submit_waiting_text())

    def _leave(self) -> None:
        self.submit_button.setEnabled(False)
        self.leave_button.setEnabled(False)
        self.channel.abandon()

    @Slot(str, object)
    def _end_failed(self, action: str, exc: Exception) -> None:
        self.submit_button.setEnabled(True)
        self.leave_button.setEnabled(True)
        if action == "refresh":
            if self.remaining_s() <= 0:  # time is up but the server is out of reach
                QTimer.singleShot(RETRY_MS, self.channel.refresh)
            return
        if action == "submit":
            self.question_view.setEnabled(True)
            self.banner.setVisible(False)  # the error box says what went wrong
        else:
            self.show_banner(banner.cannot_leave_offline_text())
        if not isinstance(exc, OfflineError):
            show_error(self, exc)

    @Slot(object)
    def _ended(self, result: wire.ExamResult) -> None:
        self._close_down()
        self.finished.emit(result)
        self.close()

    @Slot()
    def discard(self) -> None:
        """Close without telling the server (session lost, program quitting): the attempt
        stays open and can be resumed (EXAM-4) until its deadline."""
        self._close_down()
        self.close()

    def _close_down(self) -> None:
        self.done = True
        self.channel.closed = True
        self.channel.flush()  # every answer given is in the journal before the window goes
        self.countdown.stop()
        self.lock.release()
        self.watch.stop()
        if self.proctor is not None:
            self.proctor.stop()
            self.proctor = None
        if self.confirm_box is not None:
            self.confirm_box.close()
            self.confirm_box = None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.done:
            event.accept()
            return
        event.ignore()  # EXAM-3: closing is leaving; ask first
        self.ask_leave()

    # ------------------------------------------------------------------ warnings
    def show_banner(self, text: str, role: str = "error") -> None:
        self.banner.setText(text)
        set_role(self.banner, role)
        self.banner.setVisible(True)

    @Slot()
    def _focus_lost(self) -> None:
        self.show_banner(banner.left_window_warning())
        QTimer.singleShot(300, self._take_focus_back)

    @Slot()
    def _take_focus_back(self) -> None:
        if not self.done:
            self.raise_()
            self.activateWindow()

    @Slot(list)
    def _programs_running(self, names: list[str]) -> None:
        if names:
            self.show_banner(banner.programs_running_warning(names))
        else:
            self.show_banner(banner.programs_closed_text(), role="hint")

    @Slot(str, str)
    def _proctor_incident(self, kind: str, detail: str) -> None:
        self.channel.record_incident(kind, detail)
        self.show_banner(banner.incident_warning(kind))

