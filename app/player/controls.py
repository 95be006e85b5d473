"""The trainee's controls under the lesson video: play/pause, the position bar, the time.

Every seek made here goes through `LessonPlayer.request_seek`, so the guard decides
(LEARN-3); the bar snaps back to where playback really went, and the reason for a
refusal, a speed reset or a pause is shown beside it in plain words (UX.md).
"""

from app.player.lesson_player import LessonPlayer
from app.player.state import ERROR_MESSAGES, ErrorReason, PlaybackState
from app.qt import (
    QAbstractSlider,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    Qt,
    QVBoxLayout,
    QWidget,
)

PLAY_TEXT = "播放"
PAUSE_TEXT = "暂停"
FRONTIER_TIP = "已学到 %1"
# UX.md: body text at least 14 pt; the time reads at a glance, a little larger.
BODY_POINT_SIZE = 15
TIME_POINT_SIZE = 17


def clock_text(seconds: float) -> str:
    """05:12 on timers (UX.md), 1:05:12 past an hour."""
    total = max(int(seconds), 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


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
        self.play_button.setMinimumWidth(120)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setPageStep(10_000)  # ms: a click on the bar moves 10 s
        self.slider.setSingleStep(5_000)
        self.slider.setObjectName("position_slider")
        self.slider.setMinimumHeight(36)
        self.time_label = QLabel(clock_text(0) + " / " + clock_text(0))
        self.notice_label = QLabel("")
        self.notice_label.setWordWrap(True)
        self.time_label.setObjectName("time_label")
        # A style sheet of its own: the app's sheet sets every widget's size otherwise.
        self.time_label.setStyleSheet(f"font-size: {TIME_POINT_SIZE}pt; font-weight: bold;")

        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addWidget(self.slider, 1)
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
        self.time_label.setText(f"{clock_text(position_s)} / {clock_text(self.player.duration_s)}")
        self.slider.setToolTip(self.frontier_tip.replace("%1", clock_text(self.player.frontier_s)))

    def _show_duration(self, duration_s: float) -> None:
        self.slider.setRange(0, int(duration_s * 1000))

    def _show_state(self, state: str, reason: str) -> None:
        playing = state in (PlaybackState.PLAYING, PlaybackState.LOADING)
        text = self.pause_text if playing else self.play_text
        self.play_button.setText(text)
        self.play_button.setAccessibleName(text)
        if state == PlaybackState.ERROR and reason:
            self.notice_label.setText(ERROR_MESSAGES[ErrorReason(reason)])
