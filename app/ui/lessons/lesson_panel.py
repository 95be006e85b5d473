"""Beside the lesson video: this lesson's credited progress (big %), the face-check state,
the sync state and the one action; and the pause while the disk is too full to journal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from app.player.lesson_player import LessonPlayer
from app.player.state import PlaybackState
from app.qt import QLabel, QObject, QProgressBar, Qt, QWidget, Slot
from app.sync import wire
from app.sync.journal import JournalFullError
from app.sync.outbox import OutboxStatus
from app.sync.sender import SenderStatus
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext
from app.ui.kit.errors import show_error
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import Card, format_clock, label, primary_button, set_role
from app.ui.lessons import lesson_words as words
from app.ui.lessons.lesson_row import action_verb, lesson_heading, lesson_percent, resume_point

log = logging.getLogger(__name__)
T = TypeVar("T")


_job_parent: QObject | None = None


def run_while_open(
    is_open: Callable[[], bool],
    work: Callable[[], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[Exception], None] | None = None,
) -> None:
    """`ops.run_in_background` for windows that may close (and be deleted) while the work
    runs: the relay hangs on a parent that lives as long as the app, and the answer is
    dropped once `is_open()` is False."""
    global _job_parent
    if _job_parent is None:
        _job_parent = QObject()

    def succeed(value: T) -> None:
        if is_open():
            on_success(value)

    def fail(exc: Exception) -> None:
        if is_open() and on_failure is not None:
            on_failure(exc)
        elif not is_open():
            log.info("answer for a closed window dropped: %s", exc)

    run_in_background(_job_parent, work, on_success=succeed, on_failure=fail)


class PauseWhileJournalFull(QObject):
    """A full disk pauses the lesson (played time that cannot be journaled would not be
    credited) and says so with the one error display; playing again retries the write,
    and pauses again if the disk is still full. The outbox's status says when."""

    def __init__(
        self, ctx: AppContext, player: LessonPlayer, notice: QLabel, window: QWidget
    ) -> None:
        super().__init__(window)
        self.outbox, self.player, self.notice, self.window = ctx.outbox, player, notice, window
        self.waiting = False  # paused for the disk: the next play retries
        self._notices = self.outbox.status.full_notices  # those said before this lesson
        ctx.signals.sync_status.connect(self._on_status, Qt.ConnectionType.QueuedConnection)
        player.state_changed.connect(self._on_state)

    @Slot(object)
    def _on_status(self, status: OutboxStatus) -> None:
        if status.full_notices > self._notices:
            self._notices = status.full_notices
            self._on_full(JournalFullError())

    def _on_full(self, exc: Exception) -> None:
        self.waiting = True
        self.player.pause()
        text = translate(
            "LessonPanel",
            "磁盘空间已满，学习记录无法保存，视频已暂停。请删除不用的文件后点“播放”继续。",
        )
        self.notice.setText(text)
        box = show_error(self.window, exc)
        if box is not None:  # the box took the focus (LEARN-4 wrote its own notice)
            box.finished.connect(lambda _code: self.notice.setText(text))

    @Slot(str, str)
    def _on_state(self, state: str, _reason: str) -> None:
        if state == "playing" and self.waiting:
            self.waiting = False
            self.outbox.retry_held()


PANEL_MIN_WIDTH = 260
PANEL_MAX_WIDTH = 360


def start_from_text(lesson: wire.Lesson) -> str:
    """Under 继续学习: where it starts (a make-up: the first stretch still to watch)."""
    start = resume_point(lesson)
    if lesson["complete"] or start <= 0.5:
        return ""
    return translate("LessonPanel", "从 %1 开始播放。").replace("%1", format_clock(start))


class LessonPanel(Card):
    """The column beside the video. One of its three buttons shows at a time."""

    def __init__(self, lesson: wire.Lesson) -> None:
        super().__init__()
        # Between narrow and comfortable: the video takes what is left. Nothing in it needs
        # more than PANEL_MIN_WIDTH (the texts wrap, the buttons hold short verbs), so the
        # lesson window fits a 1024x768 screen with room to spare, not by a few pixels.
        self.setMinimumWidth(PANEL_MIN_WIDTH)
        self.setMaximumWidth(PANEL_MAX_WIDTH)
        self.percent = label("", "big", wrap=False)
        self.percent.setObjectName("lesson_percent_label")
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(translate("LessonPanel", "本课学习进度"))
        self.credited = label("", "hint")
        self.face_state = label(translate("LessonPanel", "开始学习前需要进行人脸识别。"), "hint")
        self.face_state.setObjectName("face_state_label")
        self.sync_state = label("", "hint")
        self.sync_state.setObjectName("sync_state_label")
        self.start_button = primary_button(action_verb(lesson))
        self.start_button.setObjectName("start_lesson_button")
        self.start_from = label(start_from_text(lesson), "hint")
        self.start_from.setObjectName("lesson_start_from_label")
        self.check_button = primary_button(translate("LessonPanel", "重新进行人脸识别"))
        self.check_button.setObjectName("face_check_button")
        self.next_button = primary_button(translate("LessonPanel", "学习下一课"))
        self.next_button.setObjectName("next_lesson_button")
        self.action_hint = label("", "hint")
        self.action_hint.setObjectName("lesson_action_hint")

        body = self.body
        body.addWidget(label(translate("LessonPanel", "本课学习进度"), "hint"))
        body.addWidget(self.percent)
        body.addWidget(self.bar)
        body.addWidget(self.credited)
        body.addSpacing(8)
        body.addWidget(label(translate("LessonPanel", "人脸识别"), "hint"))
        body.addWidget(self.face_state)
        body.addSpacing(8)
        body.addWidget(label(translate("LessonPanel", "学习记录"), "hint"))
        body.addWidget(self.sync_state)
        body.addStretch(1)
        for widget in (self.start_button, self.check_button, self.next_button):
            body.addWidget(widget)
        body.addWidget(self.start_from)
        body.addWidget(self.action_hint)
        self.check_button.hide()
        self.next_button.hide()

    def show_credit(self, lesson: wire.Lesson, upcoming: wire.Lesson | None) -> None:
        percent = lesson_percent(lesson)
        self.percent.setText(f"{percent}%")
        self.bar.setValue(percent)
        text = translate("LessonPanel", "已计入 %1 / %2")
        self.credited.setText(
            text.replace("%1", format_clock(round(min(lesson["credited_s"], lesson["duration_s"]))))
            .replace("%2", format_clock(lesson["duration_s"]))
        )
        if not lesson["complete"]:
            return
        if upcoming is not None:
            text = translate("LessonPanel", "本课时已学完，学时已计入。下一课：%1")
            self.action_hint.setText(text.replace("%1", lesson_heading(upcoming)))
            self.next_button.setAccessibleName(
                translate("LessonPanel", "学习下一课：%1").replace("%1", lesson_heading(upcoming))
            )
            self.next_button.show()
        else:
            self.action_hint.setText(
                translate("LessonPanel", "本课时已学完。全部课时已完成，可回到首页参加考试。")
            )

    def show_face(self, text: str, role: str) -> None:
        self.face_state.setText(text)
        set_role(self.face_state, role)

    def show_presence(self, face_in_view: bool, playback: str) -> None:
        """The watch's latest sample, said with what the video is doing: credit is counted
        only while it plays with the face in view, and the panel claims no more than that
        (a lesson paused by the trainee, a window change or a full disk counts nothing)."""
        if not face_in_view:
            text = translate("LessonPanel", "未检测到人脸，这段时间不计入学时。请正对摄像头。")
            self.show_face(text, "error")
        elif playback == PlaybackState.PLAYING:
            self.show_face(translate("LessonPanel", "人脸识别通过，正在计入学时。"), "ok")
        elif playback == PlaybackState.PAUSED:
            text = translate("LessonPanel", "人脸识别通过。视频已暂停，暂停时不计入学时。")
            self.show_face(text, "hint")
        elif playback == PlaybackState.ENDED:
            self.show_face(translate("LessonPanel", "人脸识别通过。视频已播放完。"), "hint")
        else:  # opening, buffering or stopped by an error: nothing plays, nothing counts
            text = translate("LessonPanel", "人脸识别通过。视频播放时才计入学时。")
            self.show_face(text, "hint")

    def show_sync(self, status: SenderStatus, journaled: int) -> None:
        text, role = words.sync_text(status, journaled)
        self.sync_state.setText(text)
        set_role(self.sync_state, role)
