"""The gesture a periodic identity check needs during the exam (EXAM-7, FACE-3), shown.

The exam window has no face panel, and the check's gesture is said aloud only: a trainee
with the sound off would not turn when the server asked for a turn, and the check would be
recorded as identity_failed. GesturePrompt shows the prompt in large type while the check
runs, in the room the window keeps for its banner (laid over it, so the question and the
options never move), and clears when the check ends; a warning under it shows again.
"""

from __future__ import annotations

from app.qt import QGridLayout, QLabel, QSizePolicy, Qt, QWidget, Slot
from app.ui.face.face_words import hint_text
from app.ui.face.proctoring import ProctorSession
from app.ui.kit.i18n import translate


class GesturePrompt(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exam_gesture_prompt")
        self.setProperty("role", "gesture")  # large type on a light yellow ground (cedu.qss)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # As tall as the banner's room at most: a prompt never pushes the page down.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.setVisible(False)

    def follow(self, session: ProctorSession) -> None:
        session.gesture_asked.connect(self.show_gesture)
        session.gesture_done.connect(self.clear)

    @Slot(str)
    def show_gesture(self, gesture: str) -> None:
        self.setText(translate("ExamGesture", "人脸核对：%1").replace("%1", hint_text(gesture)))
        self.setVisible(True)
        self.raise_()

    @Slot()
    def clear(self) -> None:
        self.setVisible(False)
        self.setText("")


def banner_slot(banner: QLabel, prompt: GesturePrompt) -> QGridLayout:
    """The banner's room with the prompt laid over it (one grid cell): the room's height
    is the banner's, kept shown or not."""
    slot = QGridLayout()
    slot.setContentsMargins(0, 0, 0, 0)
    slot.addWidget(banner, 0, 0)
    slot.addWidget(prompt, 0, 0)
    return slot
