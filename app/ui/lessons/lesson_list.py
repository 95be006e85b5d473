"""The lessons of one enrollment (LEARN-1, LEARN-5, LEARN-6): the study period and days
left, the total progress, one row per lesson, and the one main action — continue with
the first lesson not yet complete. Unpaid or closed study is explained in plain words
with the support line instead of the list.

Tests drive it through `lessons_loaded` (the list arrived and is shown), `problem_shown`
(the server refused the list), `open_lesson(lesson)` and `lesson_window`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.core.beijing import beijing_today
from app.qt import (
    QCloseEvent,
    QHBoxLayout,
    QHideEvent,
    QKeySequence,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QShortcut,
    QShowEvent,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from app.sync import wire
from app.sync.sender import SenderStatus
from app.ui.kit.context import AppContext, days_left, enrollment_title
from app.ui.kit.errors import describe
from app.ui.kit.i18n import translate
from app.ui.kit.screen import fit_to_screen
from app.ui.kit.widgets import Card, add_shown, format_date, label, primary_button, set_role
from app.ui.kit.words import support_sentence
from app.ui.lessons.downloads import downloaded_file, lessons_or_last_seen
from app.ui.lessons.lesson_panel import run_while_open
from app.ui.lessons.lesson_row import LessonRow, lesson_heading, total_percent

OFFLINE_RETRY_MS = 15_000  # the list asks the server again while it shows the offline notice


class LessonsWindow(QWidget):
    """A top-level window, one per enrollment."""

    lessons_loaded = Signal(list)  # list[wire.Lesson], after they are shown
    problem_shown = Signal(str)  # the error code (not_paid, study_closed, offline, ...)

    def __init__(self, ctx: AppContext, enrollment: wire.Enrollment, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.ctx = ctx
        self.enrollment = enrollment
        self.lessons: list[wire.Lesson] = []
        self.rows: dict[int, LessonRow] = {}
        self._focus_placed = False  # on the main action, once, when the list first shows
        self.lesson_window: QWidget | None = None
        self.offline = False  # the list shown is this PC's last copy, not the server's
        self._closed = False
        # When the last lesson window closed: its last stretch is read back once sent.
        self._closed_lesson_at: datetime | None = None
        self.setObjectName("lessons_window")
        self.setWindowTitle(
            translate("Lessons", "课程学习 - %1").replace("%1", enrollment_title(enrollment))
        )
        fit_to_screen(self, 1000, 760)

        self.title = label(enrollment_title(enrollment), "title")
        self.period = label("", "hint")
        self.period.setObjectName("study_period_label")
        self.days = label("", "big", wrap=False)
        self.days.setObjectName("days_left_label")
        self.total_bar = QProgressBar()
        self.total_bar.setRange(0, 100)
        self.total_bar.setTextVisible(False)
        self.total_bar.setAccessibleName(translate("Lessons", "总学习进度"))
        self.total_percent = label("", "big", wrap=False)
        self.total_percent.setObjectName("total_percent_label")

        self.problem = Card()
        self.problem.setObjectName("lessons_problem")
        self.problem_text = label("", "error")
        self.problem_text.setObjectName("lessons_problem_label")
        self.problem_support = label("", "hint")
        self.problem.body.addWidget(self.problem_text)
        self.problem.body.addWidget(self.problem_support)
        self.problem.hide()

        self.start_button = primary_button(translate("Lessons", "开始学习"))
        self.start_button.setObjectName("start_lesson_button")
        self.start_button.clicked.connect(self.continue_studying)
        self.start_why = label("", "hint")
        self.start_why.setObjectName("start_lesson_why")
        QShortcut(QKeySequence(Qt.Key.Key_Return), self, self._enter)
        QShortcut(QKeySequence(Qt.Key.Key_Enter), self, self._enter)

        self.list_box = QWidget()
        self.list_layout = QVBoxLayout(self.list_box)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list_box)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        header = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.title)
        names.addWidget(self.period)
        header.addLayout(names, 1)
        header.addWidget(self.days)
        total = QHBoxLayout()
        total.addWidget(label(translate("Lessons", "总学习进度"), "heading", wrap=False))
        total.addWidget(self.total_bar, 1)
        total.addWidget(self.total_percent)
        action = QHBoxLayout()
        action.addWidget(self.start_button)
        action.addWidget(self.start_why, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addLayout(total)
        layout.addWidget(self.problem)
        layout.addLayout(action)
        layout.addWidget(scroll, 1)

        self.show_enrollment(enrollment)
        ctx.signals.me_changed.connect(self._on_me_changed)
        ctx.signals.sync_status.connect(self._on_sync_status, Qt.ConnectionType.QueuedConnection)
        # Offline, the server is asked again now and then, so the notice goes once it
        # answers (issue 15: no stale notice).
        self._offline_retry = QTimer(self)
        self._offline_retry.setSingleShot(True)
        self._offline_retry.timeout.connect(self.refresh)
        self._retry_when_shown = False  # a retry was due while the window was hidden
        self.refresh()

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        run_while_open(self._is_open, self._fetch, self._on_fetched, self.show_problem)

    def _is_open(self) -> bool:
        return not self._closed

    def _fetch(self) -> tuple[list[wire.Lesson], bool]:
        return lessons_or_last_seen(self.ctx, self.enrollment["id"])

    def _on_fetched(self, answer: tuple[list[wire.Lesson], bool]) -> None:
        lessons, from_cache = answer
        self.offline = from_cache
        self.show_lessons(lessons)
        if from_cache:
            self.problem_text.setText(
                translate(
                    "Lessons",
                    "暂时无法连接服务器。下面是上次的课程信息，已下载的课时可以离线学习，"
                    "学习记录会在联网后自动上传。",
                )
            )
            set_role(self.problem_text, "reason")
            self.problem_support.setText("")
            self.problem.show()
            self._retry_later()

    def _retry_later(self) -> None:
        """Ask again in a while, but only while the trainee can see the list: a hidden
        window waits until it is shown again (no requests from windows nobody sees)."""
        if self.isVisible():
            self._offline_retry.start(OFFLINE_RETRY_MS)
        else:
            self._retry_when_shown = True

    def refresh_me(self) -> None:
        """Total progress in /me moves with the lessons: tell every view (home too)."""
        run_while_open(self._is_open, self.ctx.refresh_me, self.ctx.publish_me,
                       lambda _exc: None)

    @Slot(object)
    def _on_me_changed(self, me: wire.Me) -> None:
        for enrollment in me.get("enrollments", []):
            if enrollment["id"] == self.enrollment["id"]:
                self.show_enrollment(enrollment)
                if self.problem.isVisible():  # paid, extended: ask again (issue 15)
                    self.refresh()

    def show_enrollment(self, enrollment: wire.Enrollment) -> None:
        self.enrollment = enrollment
        study = enrollment["study"]
        if study["opens_on"] and study["closes_on"]:
            text = translate("Lessons", "学习期限：%1 至 %2")
            self.period.setText(
                text.replace("%1", format_date(study["opens_on"])).replace(
                    "%2", format_date(study["closes_on"])
                )
            )
        else:
            self.period.setText(translate("Lessons", "缴费后开始计算学习期限（30 天）"))
        left = days_left(study["closes_on"], beijing_today())
        if study["open"] and left is not None:
            self.days.setText(translate("Lessons", "剩余 %1 天").replace("%1", str(max(left, 0))))
            self.days.show()
        else:
            self.days.hide()
        if not self.lessons:
            self._show_total(int(enrollment["progress"]["percent"]))

    def _show_total(self, percent: int) -> None:
        self.total_bar.setValue(percent)
        self.total_percent.setText(f"{percent}%")

    @Slot(object)
    def show_lessons(self, lessons: list[wire.Lesson]) -> None:
        self.problem.hide()
        self.lessons = sorted(lessons, key=lambda lesson: lesson["index"])
        for lesson in self.lessons:
            row = self.rows.get(lesson["id"])
            if row is None:
                row = LessonRow(self.ctx, self.enrollment["id"], lesson)
                row.open_requested.connect(self.open_lesson)
                self.rows[lesson["id"]] = row
                add_shown(self.list_layout, row)  # the focus below may go to its button
            else:
                row.show_lesson(lesson)
            row.set_offline(self.offline)
        if self.list_layout.count() == len(self.rows):
            self.list_layout.addStretch(1)
        self._show_total(total_percent(self.lessons))
        self._show_next()
        if not self._focus_placed and self.lessons:
            self._focus_placed = True
            # The main action first, so Enter opens the lesson to watch (or, all watched,
            # the first lesson again).
            first = self.rows[self.lessons[0]["id"]].open_button
            usable = self.start_button.isEnabled() and not self.start_button.isHidden()
            (self.start_button if usable else first).setFocus()
        self.lessons_loaded.emit(self.lessons)

    def _show_next(self) -> None:
        upcoming = self.next_lesson()
        self.start_button.setEnabled(True)
        self.start_why.setText("")
        if upcoming is None:
            self.start_button.setText(translate("Lessons", "全部课时已学完"))
            self.start_button.setEnabled(False)
            why = translate("Lessons", "可回到首页参加考试；也可点击下方课时复习。")
            self.start_why.setText(why)
        elif upcoming["credited_s"] > 0.5:
            text = translate("Lessons", "继续学习：%1").replace("%1", lesson_heading(upcoming))
            self.start_button.setText(text)
        else:
            text = translate("Lessons", "开始学习：%1").replace("%1", lesson_heading(upcoming))
            self.start_button.setText(text)
        if self.offline and upcoming is not None and downloaded_file(self.ctx, upcoming) is None:
            self.start_button.setEnabled(False)  # issue 16: nothing to play without a network
            self.start_why.setText(translate("Lessons", "这一课没有下载，联网后才能学习。"))
        self.start_button.setAccessibleName(self.start_button.text())

    def next_lesson(self, after: wire.Lesson | None = None) -> wire.Lesson | None:
        """The first lesson not complete (after `after`, when given, wrapping round)."""
        order = self.lessons
        if after is not None:
            at = next((n for n, x in enumerate(order) if x["id"] == after["id"]), -1)
            order = order[at + 1 :] + order[: at + 1]
        return next((lesson for lesson in order if not lesson["complete"]), None)

    def show_problem(self, exc: Exception) -> None:
        """LEARN-6: unpaid or closed study in plain words with the support line."""
        problem = describe(exc)
        set_role(self.problem_text, "error")
        if problem.code == "session_replaced" or problem.code == "not_logged_in":
            from app.ui.kit.errors import show_error

            show_error(self, exc)
            return
        if problem.code == "not_paid":
            message = translate(
                "Lessons",
                "这个项目还没有缴费，缴费成功后才能学习。请在首页按缴费说明完成缴费。",
            )
        elif problem.code == "study_closed":
            message = translate(
                "Lessons",
                "30 天学习期限已经结束，课程已关闭。请在首页“申请”中申请延期，审核通过后可继续学习。",  # noqa: E501
            )
        else:
            message = problem.message
            if problem.code == "offline":
                self._retry_later()
        self.problem_text.setText(message)
        self.problem_support.setText(support_sentence(problem.support) if problem.support else "")
        self.problem.show()
        if not self.lessons:
            self.start_button.setEnabled(False)
            self.start_why.setText(translate("Lessons", "暂时不能学习，原因见上方说明。"))
        self.problem_shown.emit(problem.code)

    def _enter(self) -> None:
        """Enter presses the focused button (as Space does), else the main action."""
        focused = self.focusWidget()
        if isinstance(focused, QPushButton) and focused.isEnabled():
            focused.click()
        else:
            self.start_button.click()

    # ------------------------------------------------------------------ the lesson window
    def continue_studying(self) -> None:
        upcoming = self.next_lesson()
        if upcoming is not None:
            self.open_lesson(upcoming)

    @Slot(object)
    def open_lesson(self, lesson: wire.Lesson) -> None:
        from app.ui.lessons.lesson_window import LessonWindow

        current = self.lesson_window
        if current is not None:
            if getattr(current, "lesson", {}).get("id") == lesson["id"]:
                current.raise_()
                current.activateWindow()
                return
            current.close()
        window = LessonWindow(self.ctx, self.enrollment, lesson, self.lessons)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.credit_changed.connect(self._on_credit_changed)
        window.next_lesson_requested.connect(self._open_next)
        window.closed.connect(self._on_lesson_window_closed)
        self.lesson_window = window
        window.show()
        window.raise_()
        window.activateWindow()

    @Slot(object)
    def _on_credit_changed(self, lesson: wire.Lesson) -> None:
        self.lessons = [lesson if x["id"] == lesson["id"] else x for x in self.lessons]
        row = self.rows.get(lesson["id"])
        if row is not None:
            row.show_lesson(lesson)
        self._show_total(total_percent(self.lessons))
        self._show_next()
        self.refresh_me()

    @Slot(object)
    def _open_next(self, after: wire.Lesson) -> None:
        upcoming = self.next_lesson(after)
        if upcoming is not None:
            self.open_lesson(upcoming)

    @Slot()
    def _on_lesson_window_closed(self) -> None:
        self.lesson_window = None
        self.refresh()
        self.refresh_me()
        self._closed_lesson_at = datetime.now(UTC)

    @Slot(object)
    def _on_sync_status(self, status: SenderStatus) -> None:
        """The stretch journaled as the lesson window closed has reached the server: show
        the credit and resume point it made (the refresh at closing may predate it)."""
        since = self._closed_lesson_at
        if since is not None and status.all_sent_since(since):
            self._closed_lesson_at = None
            self.refresh()
            self.refresh_me()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        if self._offline_retry.isActive():
            self._offline_retry.stop()
            self._retry_when_shown = True
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._retry_when_shown and not self._closed:
            self._retry_when_shown = False
            self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self._closed = True
        self._retry_when_shown = False
        self._offline_retry.stop()
        if self.lesson_window is not None:
            self.lesson_window.close()
        for row in self.rows.values():
            row.cancel_download()
        super().closeEvent(event)
