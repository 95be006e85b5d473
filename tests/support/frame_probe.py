"""Play a video in a lesson window and print the colours grabbed from the screen.

Run as `python -m tests.support.frame_probe KIND VIDEO` on a 24-bit X display. libvlc
draws nothing on the 16-bit screen that pytest-xvfb starts by default, and trainees'
screens are 24/32-bit, so the frame test gives this its own 24-bit Xvfb.
The grab is of the screen, not of the widget: the engines draw outside Qt's painting.
"""

import json
import sys

from app.qt import QApplication, QGuiApplication, QTimer
from tests.support.player_lessons import open_window


def main(kind: str, video: str) -> None:
    app = QApplication([])
    lesson = open_window(kind)
    lesson.open(video, duration_s=4.0)
    lesson.player.play()
    result: dict[str, object] = {}

    def grab() -> None:
        player = lesson.player
        top_left = player.mapToGlobal(player.rect().topLeft())
        screen = QGuiApplication.primaryScreen()
        image = screen.grabWindow(
            0, top_left.x(), top_left.y(), player.width(), player.height()
        ).toImage()
        result.update(
            backend=player.backend_kind,
            position_s=player.position_s,
            state=str(player.state),
            depth=screen.depth(),
            size=[image.width(), image.height()],
            samples=[
                image.pixelColor(int(image.width() * fx), int(image.height() * fy)).getRgb()[:3]
                for fx in (0.2, 0.5, 0.8)
                for fy in (0.2, 0.5, 0.8)
            ],
        )
        lesson.player.release()
        app.quit()

    QTimer.singleShot(2000, grab)
    app.exec()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
