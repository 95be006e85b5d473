"""The trainee's controls under the lesson video: play/pause, the position bar, the time.

Every seek made here goes through `LessonPlayer.request_seek`, so the guard decides
(LEARN-3); the bar snaps back to where playback really went, and the reason for a
refusal, a speed reset or a pause is shown beside it in plain words (UX.md).
"""

from collections.abc import Sequence

from app.player.lesson_player import LessonPlayer
from app.player.state import ERROR_MESSAGES, ErrorReason, PlaybackState
from app.qt import (
    QAbstractSlider,
    QColor,
    QHBoxLayout,
    QLabel,
    QPainter,
    QPaintEvent,
    QPushButton,
    QSlider,
    Qt,
    QVBoxLayout,
    QWidget,
)

PLAY_TEXT = "播放"
PAUSE_TEXT = "暂停"
FRONTIER_TIP = "已学到 %1"
POSITION_NAME = "播放位置"
# UX.md: body text at least 14 pt; the time reads at a glance, a little larger.
BODY_POINT_SIZE = 15
TIME_POINT_SIZE = 17
# The credit strip: credited stretches in the progress bar's green, gaps in a light grey
# with a dark outline (both readable against the page, UX.md).
CREDITED_COLOUR = "#3fa45f"
GAP_COLOUR = "#d0d7de"
OUTLINE_COLOUR = "#57606a"


def clock_text(seconds: float) -> str:
    """05:12 on timers (UX.md), 1:05:12 past an hour."""
    total = max(int(seconds), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class CreditStrip(QWidget):
    """A thin bar under the position bar: what of the lesson is credited (green) and the
    gaps still to watch (grey), so a make-up shows where it is needed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("credit_strip")
        self.setFixedHeight(12)
        self.credited: list[tuple[float, float]] = []
        self.duration_s = 0.0

    def set_credited(self, credited: Sequence[Sequence[float]], duration_s: float) -> None:
        self.credited = [(float(a), float(b)) for a, b in credited]
        self.duration_s = float(duration_s)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        width, height = self.width(), self.height()
        painter.fillRect(0, 0, width, height, QColor(GAP_COLOUR))
        if self.duration_s > 0:
            for start, end in self.credited:
                left = round(width * max(start, 0.0) / self.duration_s)
                right = round(width * min(end, self.duration_s) / self.duration_s)
                painter.fillRect(left, 0, max(right - left, 1), height, QColor(CREDITED_COLOUR))
        painter.setPen(QColor(OUTLINE_COLOUR))
        painter.drawRect(0, 0, width - 1, height - 1)
        painter.end()


class PlayerControls(QWidget):
    """Buttons and bar bound to one `LessonPlayer`."""

    def __init__(
        self,
        player: LessonPlayer,
        parent: QWidget | None = None,
        *,
        play_text: str = PLAY_TEXT,
        pause_text: str = PAUSE_TEXT,
        frontier_tip: str = FRONTIER_TIP,
        position_name: str = POSITION_NAME,
    ) -> None:
        """The words are the caller's to give (the UI passes them translated; the player
        layer has no catalogue of its own). `frontier_tip` holds `%1` for the time."""
        super().__init__(parent)
        self.player = player
        self.play_text, self.pause_text, self.frontier_tip = play_text, pause_text, frontier_tip
        font = self.font()
        font.setPointSize(max(font.pointSize(), BODY_POINT_SIZE))
        self.setFont(font)
        self.play_button = QPushButton(play_text)
        self.play_button.setObjectName("play_button")
        self.play_button.setAccessibleName(play_text)
        self.play_button.setMinimumHeight(48)  # UX.md: main buttons at least 40 px high
        self.play_button.setMinimumWidth(96)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setPageStep(10_000)  # ms: a click on the bar moves 10 s
        self.slider.setSingleStep(5_000)
        self.slider.setObjectName("position_slider")
        self.slider.setAccessibleName(position_name)
        self.slider.setMinimumHeight(36)
        self.time_label = QLabel(clock_text(0) + " / " + clock_text(0))
        self.notice_label = QLabel("")
        self.notice_label.setWordWrap(True)
        self.time_label.setObjectName("time_label")
        # A style sheet of its own: the app's sheet sets every widget's size otherwise.
        self.time_label.setStyleSheet(f"font-size: {TIME_POINT_SIZE}pt; font-weight: bold;")

        self.credit_strip = CreditStrip()
        bar = QVBoxLayout()
        bar.setSpacing(2)
        bar.addWidget(self.slider)
        bar.addWidget(self.credit_strip)
        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addLayout(bar, 1)
        row.addWidget(self.time_label)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.notice_label)

        self.play_button.clicked.connect(self._on_play_clicked)
        self.slider.sliderReleased.connect(self._seek_to_slider)
        self.slider.actionTriggered.connect(self._on_slider_action)
        player.position_changed.connect(self._show_position)
        player.backend.duration_changed.connect(self._show_duration)
        player.state_changed.connect(self._show_state)
        player.guard_notice.connect(lambda _kind, message: self.notice_label.setText(message))
        player.error.connect(lambda _reason, message: self.notice_label.setText(message))

    # ------------------------------------------------------------------ reactions

    def _on_play_clicked(self) -> None:
        if self.player.backend.wants_to_play:
            self.player.pause()
        elif self.player.play():
            self.notice_label.setText("")

    def _on_slider_action(self, action: int) -> None:
        # Clicks on the bar and arrow keys move the slider without a release: seek now.
        # (When this is emitted the slider position holds the new place already.)
        moved_by_drag = action == QAbstractSlider.SliderAction.SliderMove.value
        if not moved_by_drag and not self.slider.isSliderDown():
            self._seek_to_slider()

    def _seek_to_slider(self) -> None:
        landed = self.player.request_seek(self.slider.sliderPosition() / 1000.0)
        self.slider.setSliderPosition(int(landed * 1000))
        self.slider.setValue(int(landed * 1000))

    def _show_position(self, position_s: float) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(int(position_s * 1000))
        self.show_times(position_s, self.player.duration_s)
        self.slider.setToolTip(self.frontier_tip.replace("%1", clock_text(self.player.frontier_s)))

    def show_times(self, position_s: float, duration_s: float) -> None:
        self.time_label.setText(f"{clock_text(position_s)} / {clock_text(duration_s)}")

    def _show_duration(self, duration_s: float) -> None:
        self.slider.setRange(0, int(duration_s * 1000))

    def _show_state(self, state: str, reason: str) -> None:
        playing = state in (PlaybackState.PLAYING, PlaybackState.LOADING)
        text = self.pause_text if playing else self.play_text
        self.play_button.setText(text)
        self.play_button.setAccessibleName(text)
        if state == PlaybackState.ERROR and reason:
            self.notice_label.setText(ERROR_MESSAGES[ErrorReason(reason)])
