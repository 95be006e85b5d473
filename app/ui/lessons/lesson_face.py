"""The face checks of one lesson (FACE-4, FACE-5) and what the face panel says of them: the
check before the video plays, the presence watch and the periodic checks while it plays,
a check the watch asks for (the video paused until one passes), and the trainee's own
retry after a failed one.

The lesson window plays on `start_passed` and `recheck_passed`; the player is told who
is in view (`set_face_present`, credit only with the face in view) and which passed check
later progress names (`set_face_check_id`, PROG-5).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.player.lesson_player import LessonPlayer
from app.qt import QDialog, QObject, Qt, QWidget, Signal, Slot
from app.sync import wire
from app.ui.kit.attention import AttentionCall
from app.ui.kit.context import AppContext
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import format_time
from app.ui.lessons import lesson_words as words
from app.ui.lessons.lesson_panel import LessonPanel


class LessonFaceChecks(QObject):
    start_passed = Signal()  # the check before the video passed: play
    recheck_passed = Signal()  # a check during the lesson passed: play again

    def __init__(
        self,
        ctx: AppContext,
        lesson_id: int,
        player: LessonPlayer,
        panel: LessonPanel,
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.ctx, self.lesson_id = ctx, lesson_id
        self.player, self.panel, self.window = player, panel, window
        self.face_check_id: str | None = None  # the latest passed check
        self.check_dialog: QDialog | None = None  # the open FaceCheckDialog
        self.proctor: Any = None  # app.ui.face.proctoring.ProctorSession once playing
        self._face_in_view: bool | None = None  # the presence watch's latest sample
        # FACE-5: a check due calls the trainee back (sound, window forward, taskbar).
        self.attention = AttentionCall(window, lambda: ctx.voice().say("face_check_due"))

    # ------------------------------------------------------------------ FACE-4: the start
    def supervision(self) -> wire.Supervision | None:
        """FACE-8: this login is a clerk's supervised session: no face checks, no camera."""
        study = self.ctx.me.get("supervised_study") if self.ctx.me else None
        session = study["session"] if study else None
        return session if session is not None and session["active"] else None

    def start(self) -> None:
        """The face check first; `start_passed` when it passes (FACE-4). Under a clerk's
        supervision (FACE-8) the supervision covers the time instead: play at once."""
        supervision = self.supervision()
        if supervision is not None:
            self.panel.show_face(translate(
                "LessonFace", "工作人员 %1 监督学习中，不需要人脸识别"
            ).replace("%1", supervision["clerk"]), "ok")
            self.start_passed.emit()
            return
        self.panel.start_button.setEnabled(False)
        self._open_check("lesson_start", self._on_start_check)

    def _open_check(self, purpose: str, then: Any) -> None:
        from app.ui.face.face_check import FaceCheckDialog

        dialog = FaceCheckDialog(self.ctx, purpose, lesson_id=self.lesson_id, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(lambda result, d=dialog: then(result, d))
        self.check_dialog = dialog
        dialog.open()

    def _on_start_check(self, result: int, dialog: Any) -> None:
        self.check_dialog = None
        outcome = getattr(dialog, "outcome", None)
        if result != QDialog.DialogCode.Accepted or outcome is None or not outcome.passed:
            self.panel.start_button.setEnabled(True)
            self.panel.show_face(translate("LessonFace", "人脸识别没有通过，请重试。"), "error")
            return
        self._passed(outcome.check_id, outcome.at)
        self.start_passed.emit()

    def _passed(self, check_id: str, at: datetime | None) -> None:
        self.face_check_id = check_id
        text = translate("LessonFace", "人脸识别通过")
        if at is not None:
            text += translate("LessonFace", "（%1）").replace("%1", format_time(at))
        self.panel.show_face(text, "ok")

    # ------------------------------------------------------------------ FACE-5: while playing
    def watch(self) -> None:
        """Start the presence watch and the periodic checks (once)."""
        if self.proctor is not None or self.supervision() is not None:
            return
        from app.ui.face.proctoring import ProctorSession

        proctor = ProctorSession(self.ctx, "periodic", lesson_id=self.lesson_id, parent=self)
        proctor.presence_changed.connect(self._on_presence)
        proctor.check_needed.connect(self._on_check_needed)
        proctor.identity_checked.connect(self._on_identity_checked)
        proctor.gesture_asked.connect(self._on_gesture_asked)
        self.proctor = proctor
        proctor.start()

    @Slot(str)
    def _on_gesture_asked(self, gesture: str) -> None:
        """A periodic check needs a gesture (FACE-3): shown and said, the video plays on."""
        from app.ui.face.face_words import hint_text

        self.panel.show_face(hint_text(gesture), "reason")
        self.ctx.voice().say(gesture)

    @Slot(bool, object)
    def _on_presence(self, present: bool, last_seen_at: object) -> None:
        seen = last_seen_at if isinstance(last_seen_at, datetime) else None
        self.player.set_face_present(present, seen)
        self._face_in_view = present
        self.show_presence()

    def show_presence(self) -> None:
        """The face panel, as the latest sample and the video's state now are (a pause
        for the trainee, a window change, a full disk or the end credits nothing); the
        window calls it on every change of playback state too."""
        if self._face_in_view is not None and not self.player.held_for_check:
            self.panel.show_presence(self._face_in_view, self.player.state)

    @Slot(str)
    def _on_check_needed(self, reason: str) -> None:
        if self.player.held_for_check and self.check_dialog is not None:
            return
        self.player.pause_for_check(reason)
        self.panel.show_face(words.check_needed_text(reason), "reason")
        self.open_recheck()
        self.attention.start()

    def open_recheck(self) -> None:
        """A check during the lesson (asked for by the watch, or the trainee's retry)."""
        if self.check_dialog is not None:
            return
        if self.proctor is not None:
            self.proctor.pause()
        self.panel.check_button.hide()
        self._open_check("periodic", self._on_recheck)

    def _on_recheck(self, result: int, dialog: Any) -> None:
        self.check_dialog = None
        self.attention.stop()
        outcome = getattr(dialog, "outcome", None)
        if result != QDialog.DialogCode.Accepted or outcome is None or not outcome.passed:
            self.panel.show_face(
                translate("LessonFace", "人脸识别没有通过，通过后才能继续学习。"), "error"
            )
            self.panel.check_button.show()
            return
        self._passed(outcome.check_id, outcome.at)
        self.player.set_face_check_id(outcome.check_id)
        self.player.set_face_present(True)
        self._face_in_view = True
        self.player.release_check()
        if self.proctor is not None:
            self.proctor.resume()
        self.recheck_passed.emit()

    @Slot(object)
    def _on_identity_checked(self, outcome: Any) -> None:
        if getattr(outcome, "passed", False):
            self.player.set_face_check_id(outcome.check_id)
            self._passed(outcome.check_id, getattr(outcome, "at", None))

    def stop(self) -> None:
        """The window closes: no dialog left open, the watch stopped, the camera let go."""
        self.attention.stop()
        if self.check_dialog is not None:
            self.check_dialog.reject()
        if self.proctor is not None:
            self.proctor.stop()
            self.proctor = None
