"""One lesson (FACE-4, FACE-5, LEARN-2/3/4, SYNC-1): a face check first, then the video
from where it stopped, the guard's notices in plain words, this lesson's credited
progress, the face-check state and the sync state. The face checks and what the panel
says of them are lesson_face.LessonFaceChecks'.

Progress: every stretch the player closes (every few seconds, at pause, seek, check,
close), naming the session and the latest passed check, goes to the outbox
(app.sync.outbox), which journals it in order and wakes the sender. When the outbox says
all is sent, the lesson's credit is read back from the server and the frontier moves on.

Tests drive it with: `start_button` (objectName start_lesson_button), `check_dialog`
(the open FaceCheckDialog), `proctor` and `face_check_id` (of `face`), `playback_started`
(after a passed check, playing), `credit_changed` (the server's credit read back),
`completed`, `player`, `controls`.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from app.player.controls import PlayerControls
from app.player.lesson_player import LessonPlayer
from app.qt import (
    QCloseEvent,
    QDialog,
    QHBoxLayout,
    QKeySequence,
    QShortcut,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from app.sync import wire
from app.sync.outbox import OutboxStatus
from app.ui.kit.context import AppContext
from app.ui.kit.errors import show_error
from app.ui.kit.i18n import translate
from app.ui.kit.screen import fit_to_screen
from app.ui.kit.widgets import label
from app.ui.lessons import lesson_words as words
from app.ui.lessons.downloads import downloaded_file
from app.ui.lessons.lesson_face import LessonFaceChecks
from app.ui.lessons.lesson_panel import LessonPanel, PauseWhileJournalFull, run_while_open
from app.ui.lessons.lesson_row import lesson_frontier, lesson_heading, resume_point

log = logging.getLogger(__name__)
REWOUND_NOTICE_MS = 10_000


class LessonWindow(QWidget):
    credit_changed = Signal(object)  # wire.Lesson, as the server credits it now
    next_lesson_requested = Signal(object)  # this wire.Lesson: open the one after it
    playback_started = Signal()
    completed = Signal()
    closed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        enrollment: wire.Enrollment,
        lesson: wire.Lesson,
        lessons: list[wire.Lesson] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setObjectName("lesson_window")
        self.ctx = ctx
        self.enrollment = enrollment
        self.lesson = lesson
        self.lessons = list(lessons or [lesson])
        self.opened = False
        self.playing_from_file = False
        self._refused_seen = 0
        # What the outbox had journaled before this lesson, and the journaling whose
        # credit was read back last.
        self._journaled_before = ctx.outbox.status.journaled
        self._credit_read_for: datetime | None = None
        self._closing = False
        self._notice_kind = ""
        self.setWindowTitle(lesson_heading(lesson))
        fit_to_screen(self, 1180, 720)

        self.player = LessonPlayer(parent=self)
        self.player.setMinimumSize(400, 225)  # 16:9; the panel beside it takes the rest
        self.controls = PlayerControls(
            self.player,
            play_text=translate("LessonWindow", "播放"),
            pause_text=translate("LessonWindow", "暂停"),
            frontier_tip=translate("LessonWindow", "已学到 %1"),
            position_name=translate("LessonWindow", "播放位置"),
        )
        self.controls.notice_label.hide()  # the window shows the translated notice
        self.notice = label("", "reason")
        self.notice.setObjectName("lesson_notice_label")
        self.disk_guard = PauseWhileJournalFull(ctx, self.player, self.notice, self)
        self.player.guard_notice.connect(self._on_guard_notice)
        self.player.error.connect(self._on_player_error)
        self.player.progress_event.connect(ctx.outbox.record_progress)
        self.player.state_changed.connect(self._on_state)

        self.heading = label(lesson_heading(lesson), "heading")
        self.panel = LessonPanel(lesson)
        self.start_button = self.panel.start_button
        self.check_button = self.panel.check_button
        self.next_button = self.panel.next_button
        self.face = LessonFaceChecks(ctx, lesson["id"], self.player, self.panel, self)
        self.face.start_passed.connect(self.begin_playback)
        self.face.recheck_passed.connect(self._play_after_recheck)
        self.start_button.clicked.connect(self.start)
        self.check_button.clicked.connect(self.face.open_recheck)
        self.next_button.clicked.connect(self._next)
        video = QVBoxLayout()
        video.addWidget(self.heading)
        video.addWidget(self.player, 1)
        video.addWidget(self.controls)
        video.addWidget(self.notice)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addLayout(video, 1)
        layout.addWidget(self.panel)
        self.controls.setEnabled(False)
        # The lesson's length and where it starts, before it plays: the controls take
        # their width with the longest times they will show (1:02:03 / 1:30:00).
        self.controls.show_times(resume_point(lesson), float(lesson["duration_s"]))
        self.show_credit(lesson)
        self.show_sync(ctx.outbox.status)
        ctx.signals.sync_status.connect(self.show_sync, Qt.ConnectionType.QueuedConnection)
        self.start_button.setFocus()
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self, self._main_action)

    def _main_action(self) -> None:
        """Enter = the one visible main action (UX.md: keyboard works)."""
        for button in (self.start_button, self.check_button, self.next_button):
            if button.isVisible() and button.isEnabled():
                button.click()
                return

    # ------------------------------------------------------------------ FACE-4, FACE-5
    def start(self) -> None:
        """The face check first; the video plays when it passes (FACE-4)."""
        self.face.start()

    @property
    def check_dialog(self) -> QDialog | None:
        return self.face.check_dialog

    @property
    def proctor(self) -> Any:  # app.ui.face.proctoring.ProctorSession once playing
        return self.face.proctor

    @property
    def face_check_id(self) -> str | None:
        return self.face.face_check_id

    def _play_after_recheck(self) -> None:
        self.activateWindow()
        QTimer.singleShot(0, self._play)

    def begin_playback(self) -> None:
        """Open the video where it stopped (a downloaded file when there is one) and play."""
        lesson = self.lesson
        local = downloaded_file(self.ctx, lesson)
        source = str(local) if local is not None else lesson["media"]["url"]
        self.playing_from_file = local is not None
        self.player.open_lesson(
            source,
            session_id=self.ctx.session_id or "",
            lesson_id=int(lesson["id"]),
            duration_s=float(lesson["duration_s"]),
            resume_s=resume_point(lesson),
            frontier_s=lesson_frontier(lesson),
            face_check_id=self.face.face_check_id,
        )
        self.opened = True
        self.controls.setEnabled(True)
        self.start_button.hide()
        self.panel.start_from.hide()
        self.panel.action_hint.setText(
            translate("LessonWindow", "正在播放本机下载的视频。") if local is not None else ""
        )
        self.face.watch()
        self.raise_()
        self.activateWindow()
        QTimer.singleShot(0, self._play)

    def _play(self, tries: int = 20) -> None:
        """Play once this window has the focus back from the check dialog (LEARN-4 would
        pause a window without focus at once)."""
        if self._closing:
            return
        if not self.isActiveWindow() and tries > 0:
            self.activateWindow()
            QTimer.singleShot(100, lambda: self._play(tries - 1))
            return
        if self.player.play():
            self.notice.setText("")
            self.playback_started.emit()

    # ------------------------------------------------------------------ the guard
    @Slot(str, str)
    def _on_guard_notice(self, kind: str, _message: str) -> None:
        self._notice_kind = kind
        self.notice.setText(words.guard_notice_text(kind, self.player.frontier_s))
        if kind == "rewound":  # said as playback goes on: leave it up a while
            QTimer.singleShot(REWOUND_NOTICE_MS, self._clear_rewound_notice)

    def _clear_rewound_notice(self) -> None:
        if self._notice_kind == "rewound" and not self._closing:
            self._notice_kind = ""
            self.notice.setText("")

    @Slot(str, str)
    def _on_state(self, state: str, _reason: str) -> None:
        if state == "playing" and self._notice_kind not in ("refused", "rewound"):
            self.notice.setText("")  # what paused it is over
        self.face.show_presence()

    @Slot(str, str)
    def _on_player_error(self, reason: str, _message: str) -> None:
        self.notice.setText(words.player_error_text(reason))
        if reason == "media_forbidden" and not self.playing_from_file:
            enrollment_id = self.enrollment["id"]
            run_while_open(
                self._is_open,
                lambda: self.ctx.api.lessons(enrollment_id),
                self._reload_fresh_url,
                self._on_refresh_failed,
            )

    def _reload_fresh_url(self, lessons: list[wire.Lesson]) -> None:
        fresh = next((x for x in lessons if x["id"] == self.lesson["id"]), None)
        if fresh is None or self._closing:
            return
        self.lessons = lessons
        self.lesson = {**self.lesson, "media": fresh["media"]}
        self.player.reload(fresh["media"]["url"])
        self.notice.setText("")
        QTimer.singleShot(0, self._play)

    # ------------------------------------------------------------------ progress and sync
    @property
    def journaled(self) -> int:
        """Progress events of this lesson window journaled so far."""
        return self.ctx.outbox.status.journaled - self._journaled_before

    @Slot(object)
    def show_sync(self, status: OutboxStatus) -> None:
        journaled = status.journaled - self._journaled_before
        self.panel.show_sync(status, journaled)
        # Read the credit back only once an upload after the last journaling is reported:
        # an older status would read the old credit, and the window never show 100%.
        since = status.last_journaled_at
        if (
            journaled > 0 and since is not None and since != self._credit_read_for
            and status.all_sent_since(since)
        ):  # fmt: skip
            self._credit_read_for = since
            self.refresh_credit()

    def refresh_credit(self) -> None:
        """Read this lesson's credit back from the server (after the sender reported)."""
        enrollment_id, owner = self.enrollment["id"], self.ctx.id_number or ""

        def work() -> tuple[list[wire.Lesson], list[Any]]:
            refused = [
                entry for entry in self.ctx.journal.refused(owner)
                if entry.payload.get("lesson_id") == self.lesson["id"]
            ]
            return self.ctx.api.lessons(enrollment_id), refused

        run_while_open(self._is_open, work, self._on_credit, self._on_refresh_failed)

    def _is_open(self) -> bool:
        return not self._closing

    def _on_refresh_failed(self, exc: Exception) -> None:
        """Offline or refused: the journal keeps everything; say it only when it matters."""
        from app.sync.errors import AuthError

        if isinstance(exc, AuthError):
            show_error(self, exc)  # the session ended: back to the login screen
        else:
            log.info("lesson credit not refreshed: %s", exc)

    def _on_credit(self, answer: tuple[list[wire.Lesson], list[Any]]) -> None:
        lessons, refused = answer
        fresh = next((x for x in lessons if x["id"] == self.lesson["id"]), None)
        if fresh is None or self._closing:
            return
        self.lessons = lessons
        was_complete = self.lesson["complete"]
        self.lesson = fresh
        self.player.set_frontier(lesson_frontier(fresh))
        self.show_credit(fresh)
        if len(refused) > self._refused_seen:
            self._refused_seen = len(refused)
            self._notice_kind = "refused"
            self.notice.setText(words.refused_summary(len(refused), refused[-1].reason))
        self.credit_changed.emit(fresh)
        if fresh["complete"] and not was_complete:
            self.completed.emit()

    def show_credit(self, lesson: wire.Lesson) -> None:
        self.panel.show_credit(lesson, self._next_lesson())
        self.controls.credit_strip.set_credited(lesson.get("credited", []), lesson["duration_s"])
        if lesson["complete"] and self._notice_kind in ("seek_refused", "seek_undone"):
            # At 100% every point may be sought: a refusal said before is no longer true.
            self._notice_kind = ""
            self.notice.setText("")

    def _next_lesson(self) -> wire.Lesson | None:
        order = sorted(self.lessons, key=lambda x: x["index"])
        later = [x for x in order if x["index"] > self.lesson["index"]] + order
        return next((x for x in later if not x["complete"] and x["id"] != self.lesson["id"]), None)

    def _next(self) -> None:
        self.next_lesson_requested.emit(self.lesson)

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        """Journal what was played (nothing lost), stop watching, release the camera."""
        self._closing = True
        self.face.stop()
        self.player.release()  # closes the open stretch: its event goes to the outbox
        if not self.ctx.outbox.flush():
            log.error("progress not all journaled within 10 s of closing")
        self.ctx.outbox.wake()
        self.closed.emit()
        super().closeEvent(event)
