"""A lesson player in a real top-level window, on either engine."""

from dataclasses import dataclass, field
from pathlib import Path

from app.player.backend import VideoBackend
from app.player.lesson_player import LessonPlayer
from app.player.qt_backend import QtMultimediaBackend
from app.player.tracker import ProgressEvent
from app.qt import QApplication, QVBoxLayout, QWidget
from tests.support.player_media import VLC_TEST_ARGS


def make_backend(kind: str, *, stall_timeout_s: float = 20.0) -> VideoBackend:
    if kind == "vlc":
        from app.player.vlc_backend import VlcBackend

        return VlcBackend(VLC_TEST_ARGS, stall_timeout_s=stall_timeout_s)
    return QtMultimediaBackend(stall_timeout_s=stall_timeout_s)


@dataclass
class Lesson:
    player: LessonPlayer
    window: QWidget
    events: list[ProgressEvent] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)
    states: list[tuple[str, str]] = field(default_factory=list)

    def open(
        self,
        source: str | Path,
        *,
        duration_s: float,
        resume_s: float = 0.0,
        frontier_s: float = 0.0,
    ) -> None:
        self.player.open_lesson(
            source,
            session_id="session-1",
            lesson_id=1,
            duration_s=duration_s,
            resume_s=resume_s,
            frontier_s=frontier_s,
            face_check_id="check-1",
        )

    def intervals(self) -> list[tuple[float, float]]:
        return [(event.from_s, event.to_s) for event in self.events]


def open_window(kind: str, *, stall_timeout_s: float = 20.0) -> Lesson:
    player = LessonPlayer(make_backend(kind, stall_timeout_s=stall_timeout_s))
    window = QWidget()
    window.setWindowTitle(f"lesson ({kind})")
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(player)
    window.resize(320, 240)
    window.move(40, 40)
    lesson = Lesson(player, window)
    player.progress_event.connect(lesson.events.append)
    player.guard_notice.connect(lambda kind, message: lesson.notices.append((kind, message)))
    player.state_changed.connect(lambda state, reason: lesson.states.append((state, reason)))
    window.show()
    window.activateWindow()
    QApplication.processEvents()
    return lesson
