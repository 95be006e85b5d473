"""One lesson in the lessons list: title, duration, credit hours, its progress, the way in
(重新观看 / 继续学习（从 05:12 开始）/ 开始学习), and the download for offline study
(progress bar, cancel, resume, the checksum's verdict)."""

from __future__ import annotations

from pathlib import Path

from app.core import intervals
from app.qt import QHBoxLayout, QProgressBar, QWidget, Signal, Slot
from app.sync import wire
from app.sync.download import ChecksumError, NotEnoughSpaceError
from app.ui.kit.context import AppContext
from app.ui.kit.errors import describe, problem_text
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import Card, button, format_clock, format_duration, label, set_role
from app.ui.lessons.downloads import (
    LessonDownload,
    delete_download,
    downloaded_file,
    partial_bytes,
)

COMPLETE_SLACK_S = 2.0  # LEARN-2: complete when at most 2 s are uncredited


def lesson_percent(lesson: wire.Lesson) -> int:
    """This lesson's credited share (LEARN-2), 100 only when the server says complete."""
    duration = float(lesson["duration_s"]) or 1.0
    if lesson["complete"]:
        return 100
    return min(99, int(100 * float(lesson["credited_s"]) / duration))


def lesson_frontier(lesson: wire.Lesson) -> float:
    """How far the trainee may seek (LEARN-3): never past what the server credited."""
    if lesson["complete"]:
        return float(lesson["duration_s"])
    return max(float(lesson["credited_s"]), float(lesson["resume_s"]))


def resume_point(lesson: wire.Lesson) -> float:
    """Where playback starts: at the first stretch still to watch (a make-up), else where
    it stopped; the start again once complete."""
    if lesson["complete"]:
        return 0.0
    duration = float(lesson["duration_s"])
    stretches = [(float(a), float(b)) for a, b in lesson.get("credited", [])]
    gap = intervals.first_gap(stretches, duration, before=lesson_frontier(lesson))
    if gap is not None:
        return gap
    resume = min(float(lesson["resume_s"]), lesson_frontier(lesson))
    # Within the last seconds: start over rather than open on the final frame.
    return 0.0 if float(lesson["duration_s"]) - resume < COMPLETE_SLACK_S else resume


def action_text(lesson: wire.Lesson) -> str:
    if lesson["complete"]:
        return translate("LessonRow", "重新观看")
    start = resume_point(lesson)
    if start > 0.5 or lesson["credited_s"] > 0.5:
        return translate("LessonRow", "继续学习（从 %1 开始）").replace("%1", format_clock(start))
    return translate("LessonRow", "开始学习")


def action_verb(lesson: wire.Lesson) -> str:
    """The lesson window's button: the verb alone (the time it starts from is said under
    it), so the button is as narrow at 1:02:03 as at 00:12 and the panel can be narrow."""
    if lesson["complete"]:
        return translate("LessonRow", "重新观看")
    start = resume_point(lesson)
    if start > 0.5 or lesson["credited_s"] > 0.5:
        return translate("LessonRow", "继续学习")
    return translate("LessonRow", "开始学习")


def lesson_length(seconds: float) -> str:
    """A lesson's length: 1小时05分 / 12分钟, or seconds for the short demo lessons."""
    if seconds < 60:
        return translate("LessonRow", "%1秒").replace("%1", str(round(seconds)))
    return format_duration(seconds)


def lesson_heading(lesson: wire.Lesson) -> str:
    return translate("LessonRow", "第 %1 课  %2").replace("%1", str(lesson["index"])).replace(
        "%2", lesson["title"]
    )


def total_percent(lessons: list[wire.Lesson]) -> int:
    """LEARN-5: credited seconds over total duration across the enrollment's lessons."""
    total = sum(float(lesson["duration_s"]) for lesson in lessons)
    if not total:
        return 0
    if all(lesson["complete"] for lesson in lessons):
        return 100
    credited = sum(min(float(x["credited_s"]), float(x["duration_s"])) for x in lessons)
    return min(99, int(100 * credited / total))


class LessonRow(Card):
    open_requested = Signal(object)  # wire.Lesson

    def __init__(
        self,
        ctx: AppContext,
        enrollment_id: int,
        lesson: wire.Lesson,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enrollment_id = enrollment_id
        self.lesson = lesson
        self.download: LessonDownload | None = None
        index = lesson["index"]
        self.setObjectName(f"lesson_row_{index}")

        self.heading = label(lesson_heading(lesson), "heading")
        facts = translate("LessonRow", "时长 %1 · %2 学时")
        self.facts = label(
            facts.replace("%1", lesson_length(lesson["duration_s"])).replace(
                "%2", f"{lesson['credit_hours']:g}"
            ),
            "hint",
        )
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.percent = label("", "heading", wrap=False)
        self.percent.setObjectName(f"lesson_percent_{index}")
        self.offline = False  # the list is this PC's last copy (set_offline)
        self.open_button = button("")
        self.open_button.setObjectName(f"lesson_button_{index}")
        self.open_button.clicked.connect(self._open)

        self.download_button = button(translate("LessonRow", "下载，离线学习"))
        self.download_button.setObjectName(f"download_button_{index}")
        self.download_button.clicked.connect(self.start_download)
        self.cancel_button = button(translate("LessonRow", "取消下载"))
        self.cancel_button.setObjectName(f"cancel_download_button_{index}")
        self.cancel_button.clicked.connect(self.cancel_download)
        self.delete_button = button(translate("LessonRow", "删除下载"))
        self.delete_button.setObjectName(f"delete_download_button_{index}")
        self.delete_button.clicked.connect(self.delete)
        self.download_bar = QProgressBar()
        self.download_bar.setRange(0, 1000)
        self.download_bar.setAccessibleName(translate("LessonRow", "下载进度"))
        self.download_state = label("", "hint")
        self.download_state.setObjectName(f"download_state_{index}")

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.open_button)
        progress = QHBoxLayout()
        progress.addWidget(self.bar, 1)
        progress.addWidget(self.percent)
        downloads = QHBoxLayout()
        downloads.addWidget(self.download_state, 1)
        downloads.addWidget(self.download_bar, 1)
        for widget in (self.download_button, self.cancel_button, self.delete_button):
            downloads.addWidget(widget)
        self.body.addLayout(top)
        self.body.addWidget(self.facts)
        self.body.addLayout(progress)
        self.body.addLayout(downloads)
        self.show_lesson(lesson)

    # ------------------------------------------------------------------ showing
    def show_lesson(self, lesson: wire.Lesson) -> None:
        self.lesson = lesson
        percent = lesson_percent(lesson)
        self.bar.setValue(percent)
        self.bar.setAccessibleName(translate("LessonRow", "本课学习进度"))
        self.percent.setText(f"{percent}%")
        text = action_text(lesson)
        self.open_button.setText(text)
        self.open_button.setAccessibleName(lesson["title"] + " " + text)
        set_role(self.percent, "ok" if lesson["complete"] else "heading")
        self.show_download_state()

    def set_offline(self, offline: bool) -> None:
        """The list came from this PC, not the server: a lesson not downloaded can be
        neither opened nor downloaded now, and says so (issue 16)."""
        self.offline = offline
        self.show_download_state()

    def show_download_state(self, message: str | None = None, role: str = "hint") -> None:
        running = self.download is not None and self.download.running
        done = downloaded_file(self.ctx, self.lesson) is not None
        partial = partial_bytes(self.ctx, self.lesson)
        away = self.offline and not done and not running
        self.open_button.setEnabled(not away)
        if away and message is None:
            message, role = translate("LessonRow", "没有下载，联网后才能学习这一课"), "reason"
        # Kiosk: nothing of a trainee stays on a shared PC, so no download is offered.
        self.download_button.setVisible(
            not running and not done and not self.ctx.options.kiosk and not away)
        self.cancel_button.setVisible(running)
        self.delete_button.setVisible(done and not running)
        self.download_bar.setVisible(running or (partial > 0 and not done))
        total = max(int(self.lesson["media"]["bytes"]), 1)
        if not running:
            self.download_bar.setValue(int(1000 * min(partial, total) / total))
        if message is None:
            if done:
                message = translate("LessonRow", "已下载，没有网络也能学习")
            elif running:
                message = translate("LessonRow", "正在下载…")
            elif partial:
                message = translate("LessonRow", "已下载一部分，点击继续下载")
                self.download_button.setText(translate("LessonRow", "继续下载"))
            else:
                message = ""
                self.download_button.setText(translate("LessonRow", "下载，离线学习"))
        self.download_state.setText(message)
        set_role(self.download_state, role)

    # ------------------------------------------------------------------ actions
    def _open(self) -> None:
        self.open_requested.emit(self.lesson)

    def start_download(self) -> None:
        if self.download is not None and self.download.running:
            return
        download = LessonDownload(self.ctx, self.enrollment_id, self.lesson)
        download.progressed.connect(self._on_progress)
        download.finished.connect(self._on_finished)
        download.failed.connect(self._on_failed)
        download.cancelled.connect(self._on_cancelled)
        self.download = download
        download.start()
        self.show_download_state()

    def cancel_download(self) -> None:
        if self.download is not None:
            self.download.cancel()

    def delete(self) -> None:
        delete_download(self.ctx, self.lesson)
        self.show_download_state()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.download_bar.setValue(int(1000 * done / max(total, 1)))
        text = translate("LessonRow", "正在下载… %1 / %2 MB")
        self.download_state.setText(
            text.replace("%1", f"{done / 2**20:.1f}").replace("%2", f"{total / 2**20:.1f}")
        )

    @Slot(object)
    def _on_finished(self, _path: Path) -> None:
        self.show_download_state(translate("LessonRow", "下载完成，已校验，没有网络也能学习"), "ok")

    @Slot()
    def _on_cancelled(self) -> None:
        self.show_download_state(translate("LessonRow", "已取消下载，下次可接着下载"))

    @Slot(object)
    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, ChecksumError):
            message = translate(
                "LessonRow", "下载的视频文件不完整或已损坏，已删除。请重新下载。"
            )
        elif isinstance(exc, NotEnoughSpaceError):
            message = translate("LessonRow", "磁盘空间不足，无法下载。请清理磁盘后再试。")
        else:
            message = problem_text(describe(exc))
        self.show_download_state(message, "error")
