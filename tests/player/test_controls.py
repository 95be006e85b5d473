"""The trainee's controls: clicks and keys go through the guard (LEARN-3)."""

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.player.controls import PAUSE_TEXT, PLAY_TEXT, PlayerControls, clock_text
from app.player.state import RATE_LOCKED_MESSAGE, SEEK_REFUSED_MESSAGE, PlaybackState
from app.qt import Qt, QVBoxLayout, QWidget
from tests.support.player_lessons import Lesson, make_backend
from tests.support.player_media import CLOCK_VIDEO_S

pytestmark = [pytest.mark.display, pytest.mark.timeout(60)]


@pytest.fixture
def lesson_with_controls(qtbot: QtBot) -> Iterator[tuple[Lesson, PlayerControls]]:
    from app.player.lesson_player import LessonPlayer

    player = LessonPlayer(make_backend("vlc"))
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(player, 1)
    controls = PlayerControls(player)
    layout.addWidget(controls)
    window.resize(480, 400)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    lesson = Lesson(player, window)
    yield lesson, controls
    player.release()


def test_play_button_and_a_drag_past_the_frontier(qtbot, lesson_with_controls, clock_video):
    # RULES: LEARN-3
    lesson, controls = lesson_with_controls
    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S, frontier_s=2.0)
    qtbot.mouseClick(controls.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.player.position_s > 0.5, timeout=10000)
    assert controls.play_button.text() == PAUSE_TEXT
    assert controls.slider.maximum() == pytest.approx(CLOCK_VIDEO_S * 1000, abs=100)
    # The trainee drags the bar to the end and lets go.
    controls.slider.setSliderDown(True)
    controls.slider.setSliderPosition(controls.slider.maximum())
    controls.slider.setSliderDown(False)
    assert controls.notice_label.text() == SEEK_REFUSED_MESSAGE
    assert controls.slider.sliderPosition() <= 2600  # snapped back to the frontier
    qtbot.wait(600)
    assert lesson.player.position_s < 3.5
    qtbot.mouseClick(controls.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.player.state == PlaybackState.PAUSED, timeout=3000)
    assert controls.play_button.text() == PLAY_TEXT


def test_keys_on_the_bar_are_guarded_too(qtbot, lesson_with_controls, clock_video):
    # RULES: LEARN-3
    lesson, controls = lesson_with_controls
    lesson.open(clock_video, duration_s=CLOCK_VIDEO_S, frontier_s=1.0)
    qtbot.mouseClick(controls.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lesson.player.position_s > 0.3, timeout=10000)
    controls.slider.setFocus()
    qtbot.keyClick(controls.slider, Qt.Key.Key_End)
    assert controls.notice_label.text() == SEEK_REFUSED_MESSAGE
    qtbot.wait(600)
    assert lesson.player.position_s < 3.0
    lesson.player.set_rate(1.5)
    assert controls.notice_label.text() == RATE_LOCKED_MESSAGE


def test_clock_text():
    assert clock_text(0) == "00:00"
    assert clock_text(312.7) == "05:12"
    assert clock_text(3912) == "1:05:12"
