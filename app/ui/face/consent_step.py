"""The face check's consent step (FACE-8): a trainee who declined or withdrew face data
is offered the consent screen as the one action, instead of a camera check the server
would refuse; 同意 starts the check, 不同意 closes it (the home page offers 人工核验).

A mixin of FaceCheckDialog (face_check.py), the dialog's own widgets and steps named
below: the consent step is its own seam, the dialog's flow stays in face_check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.qt import QDialog, QLabel, QPushButton, Qt, QTimer
from app.ui.face import face_words as words
from app.ui.kit.background import run_in_background

if TYPE_CHECKING:
    from app.ui.kit.context import AppContext


class ConsentStep:
    # The dialog's (FaceCheckDialog._build and __init__).
    ctx: AppContext
    preview: QLabel
    countdown: QLabel
    support: QLabel
    retry_button: QPushButton
    photo_button: QPushButton
    consent_button: QPushButton
    _consented: bool
    _closed: bool

    def _release_camera(self) -> None:
        raise NotImplementedError

    def _set_prompt(self, text: str, tone: str) -> None:
        raise NotImplementedError

    def _show_result(self, text: str, role: str) -> None:
        raise NotImplementedError

    def start_check(self) -> None:
        raise NotImplementedError

    def _dialog(self) -> QDialog:
        assert isinstance(self, QDialog)  # mixed into FaceCheckDialog only
        return self

    def _consent_missing(self) -> bool:
        """/me says the trainee declined or withdrew face data: no camera for a check the
        server would refuse. (Never decided: the server's consent_required says so.)"""
        if self._consented:
            return False
        consent = self.ctx.me.get("face_consent") if self.ctx.me else None
        return consent is not None and consent["state"] in ("declined", "withdrawn")

    def _offer_consent(self) -> None:
        """No consent to face data: the consent screen is the one action (重试 could only
        be refused again), and the camera is let go."""
        self._release_camera()
        self.preview.clear()  # no face shown while the trainee has not agreed
        self.countdown.hide()
        self.retry_button.hide()
        self.photo_button.hide()
        self.support.hide()
        self._set_prompt(words.consent_prompt_text(), "")
        self._show_result(words.consent_needed_text(), "hint")
        self.consent_button.show()
        self.consent_button.setFocus()

    def _open_consent(self) -> None:
        from app.ui.face.consent import ConsentDialog

        dialog = ConsentDialog(self.ctx, self._dialog())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.finished.connect(self._consent_decided)
        dialog.open()

    def _consent_decided(self, _result: int) -> None:
        consent = self._dialog().sender()
        decision = getattr(consent, "decision", None)
        # Once the consent screen has finished closing, not from inside its signal.
        QTimer.singleShot(0, self._dialog(), lambda: self._after_consent(decision))

    def _after_consent(self, decision: bool | None) -> None:
        if self._closed:
            return
        if decision is None:  # closed without a choice: the offer stays
            self.consent_button.setFocus()
            return
        if not decision:  # 不同意, recorded: no check; the home page offers 人工核验
            self._dialog().reject()
            return
        self._consented = True
        run_in_background(
            self._dialog(), self.ctx.refresh_me, on_success=self.ctx.publish_me,
            on_failure=lambda _exc: None,  # the check goes on; /me is read again later
        )  # fmt: skip
        self.start_check()
