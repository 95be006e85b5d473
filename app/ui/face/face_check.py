"""The face check dialog (FACE-3, FACE-4, FACE-6): live preview, what to do now (look at
the camera, then the one gesture asked: blink, or turn the head left or right, also said
aloud), a 30-second countdown, and the result in plain words.

The check runs on the camera thread (check_runner.CheckRunner); the verdict is the
server's when it can be reached, else the client's, journaled for the sender. On a pass
the dialog shows 「识别通过」 and closes by itself after 1.5 s (manual: 识别通过后课程自动
播放); on a failure it offers 重试 and 取消, and after three failures in a row the face
support line beside the retry button (FACE-6).

For tests: `finished_check` (FaceCheckOutcome) fires when the verdict is in;
`status_shown` (hint) when the prompt changes; object names are listed in `NAMES`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.qt import (
    QDialog,
    QHBoxLayout,
    QImage,
    QLabel,
    QLayout,
    QPixmap,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from app.sync.errors import ApiError, AuthError
from app.ui.face import face_words as words
from app.ui.face.check_runner import (
    CheckRunner,
    CheckStatus,
    FaceCheckOutcome,
    FinishedCheck,
    prepare,
    settle,
)
from app.ui.face.consent_step import ConsentStep
from app.ui.kit.background import run_in_background
from app.ui.kit.errors import Problem, describe, problem_text, show_error
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import button, label, primary_button, set_role

if TYPE_CHECKING:
    from app.ui.kit.context import AppContext

__all__ = ["FaceCheckDialog", "FaceCheckOutcome"]

PASS_CLOSE_MS = 1500
TONE_OK = "color: #0a6b2d; font-size: 24pt;"
TONE_ERROR = "color: #b00020; font-size: 24pt;"
FAILURES_FOR_SUPPORT = 3  # FACE-6
PREVIEW_SIZE = (640, 360)
NAMES = {
    "preview": "face_preview",
    "prompt": "face_prompt",
    "countdown": "face_countdown",
    "result": "face_result",
    "support": "face_support",
    "retry": "face_retry_button",
    "cancel": "face_cancel_button",
}

# FACE-6 counts failures in a row per trainee and login, across dialogs (a lesson
# reopens one after each failure).
_failures_in_a_row: dict[str, int] = {}


def _trainee_key(ctx: AppContext) -> str:
    return f"{ctx.id_number or ''}/{ctx.session_id or ''}"


def failures_in_a_row(ctx: AppContext) -> int:
    return _failures_in_a_row.get(_trainee_key(ctx), 0)


class FaceCheckDialog(QDialog, ConsentStep):
    finished_check = Signal(object)  # FaceCheckOutcome
    status_shown = Signal(str)  # the hint now on screen (for tests)

    # Tests shorten the 30 s (a still photo only fails at the deadline).
    check_seconds: float | None = None

    def __init__(
        self,
        ctx: AppContext,
        purpose: str,
        *,
        lesson_id: int | None = None,
        attempt_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.purpose = purpose
        self.lesson_id = lesson_id
        self.attempt_id = attempt_id
        self.outcome: FaceCheckOutcome | None = None
        self.runner: CheckRunner | None = None
        self._started = False
        self._holding = False
        self._hint = ""
        self._closed = False
        self.setWindowTitle(translate("FaceCheck", "人脸识别"))
        self.setModal(True)
        self._build()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(10)
        # Grow with the verdict and the support line instead of squeezing the preview.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(label(translate("FaceCheck", "人脸识别"), "title"))
        layout.addWidget(label(words.purpose_text(self.purpose), "hint"))

        self.preview = QLabel()
        self.preview.setObjectName(NAMES["preview"])
        self.preview.setFixedSize(*PREVIEW_SIZE)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #20262d; color: #ffffff; border-radius: 8px;")
        self.preview.setAccessibleName(translate("FaceCheck", "摄像头画面"))
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)

        row = QHBoxLayout()
        self.prompt = label(words.hint_text("starting"), "heading")
        self.prompt.setObjectName(NAMES["prompt"])
        self.prompt.setMinimumHeight(60)  # the 24 pt verdict fits without a relayout
        self.countdown = label("30", "big", wrap=False)
        self.countdown.setObjectName(NAMES["countdown"])
        self.countdown.setAccessibleName(translate("FaceCheck", "剩余秒数"))
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.prompt, 1)
        row.addWidget(self.countdown)
        layout.addLayout(row)

        self.result_label = label("", "reason")
        self.result_label.setObjectName(NAMES["result"])
        self.result_label.hide()
        layout.addWidget(self.result_label)

        buttons = QHBoxLayout()
        self.retry_button = primary_button(translate("FaceCheck", "重试"))
        self.retry_button.setObjectName(NAMES["retry"])
        self.retry_button.clicked.connect(self.retry)
        self.retry_button.hide()
        self.photo_button = primary_button(
            translate("FaceCheck", "设置本人照片"),
            name="face_set_photo_button",
            on_click=self._set_photo,
        )
        self.photo_button.hide()
        # FACE-8: without the trainee's consent the check cannot run; reading the consent
        # screen is then the way on (同意 starts the check, 不同意 closes it).
        self.consent_button = primary_button(
            translate("FaceCheck", "阅读人脸信息处理同意书"),
            name="face_consent_button",
            on_click=self._open_consent,
        )
        self.consent_button.hide()
        self._consented = False
        self.support = label("", "hint")
        self.support.setObjectName(NAMES["support"])
        self.support.hide()
        self.cancel_button = button(translate("FaceCheck", "取消"))
        self.cancel_button.setObjectName(NAMES["cancel"])
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.photo_button)
        buttons.addWidget(self.consent_button)
        buttons.addWidget(self.support, 1)
        buttons.addStretch()
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ running
    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._started:
            self._started = True
            QTimer.singleShot(0, self.start_check)

    def start_check(self) -> None:
        """Open the camera (if needed) and start a fresh check."""
        self.outcome = None
        self.result_label.hide()
        self.retry_button.hide()
        self.consent_button.hide()
        self.support.hide()
        if self._consent_missing():
            self._offer_consent()  # no camera before the consent (FACE-8)
            return
        self.countdown.show()
        self._show_hint("starting")
        camera = self.ctx.camera()
        if not self._holding:
            camera.preview.connect(self.show_preview)
            camera.problem.connect(self.show_camera_problem)
            self._holding = True
        camera.acquire(self)
        # The enrolled embedding and the gesture (the server's challenge, or offline the
        # client's own pick), in the background: the server may be slow or away.
        run_in_background(
            self, lambda: prepare(self.ctx), on_success=self._run_check,
            on_failure=self._on_settle_failed,
        )  # fmt: skip

    def _run_check(self, prepared: tuple[Any, Any]) -> None:
        if self._closed:
            return
        enrolled, challenge = prepared
        timeout = self.check_seconds
        runner = CheckRunner(
            self.purpose, enrolled, challenge=challenge, lesson_id=self.lesson_id,
            attempt_id=self.attempt_id, parent=self,
            **({"timeout_s": timeout} if timeout else {}),
        )  # fmt: skip
        runner.status.connect(self._on_status)
        runner.ended.connect(self._on_ended)
        self._drop_runner()
        self.runner = runner
        self.countdown.setText(str(round(runner.timeout_s)))
        self.ctx.camera().add_consumer(runner)

    def _drop_runner(self) -> None:
        if self.runner is not None:
            self.ctx.camera().remove_consumer(self.runner)
            self.runner.status.disconnect(self._on_status)
            self.runner.ended.disconnect(self._on_ended)
            self.runner.deleteLater()
            self.runner = None

    def retry(self) -> None:
        self.start_check()

    @Slot(QImage)
    def show_preview(self, image: QImage) -> None:
        # A frame the camera thread queued before the camera was let go still arrives
        # after the disconnect: it must not show a face the consent screen just cleared.
        if not self._holding:
            return
        pixmap = QPixmap.fromImage(image).scaled(
            self.preview.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.preview.setPixmap(pixmap)

    @Slot(object)
    def _on_status(self, status: CheckStatus) -> None:
        if self.runner is None or self.sender() is not self.runner:
            return
        self.countdown.setText(str(max(0, int(status.seconds_left + 0.999))))
        self._show_hint(status.hint)

    def _show_hint(self, hint: str) -> None:
        if hint != self._hint:
            self._hint = hint
            self._set_prompt(words.hint_text(hint), "")
            if hint in words.SPOKEN_HINTS:
                self.ctx.voice().say(hint)  # the gesture said aloud, for slow readers
            self.status_shown.emit(hint)

    @Slot(object)
    def _on_ended(self, finished: FinishedCheck) -> None:
        if self.runner is None or self.sender() is not self.runner:
            return
        self.ctx.camera().remove_consumer(self.runner)
        self._show_hint("deciding")
        self.countdown.hide()
        run_in_background(
            self, lambda: settle(self.ctx, finished), on_success=self._on_outcome,
            on_failure=self._on_settle_failed,
        )  # fmt: skip

    # ------------------------------------------------------------------ results
    def _on_outcome(self, outcome: FaceCheckOutcome) -> None:
        self.outcome = outcome
        key = _trainee_key(self.ctx)
        if outcome.passed:
            _failures_in_a_row[key] = 0
            self._set_prompt(translate("FaceCheck", "识别通过"), TONE_OK)
            if outcome.decided_by == "client":
                self._show_result(translate("FaceCheck", "暂未联网，联网后由系统复核。"), "hint")
            self.cancel_button.setEnabled(False)
            self._release_camera()
            self.finished_check.emit(outcome)
            QTimer.singleShot(PASS_CLOSE_MS, self.accept)
            return
        _failures_in_a_row[key] = _failures_in_a_row.get(key, 0) + 1
        self._set_prompt(translate("FaceCheck", "识别没有通过"), TONE_ERROR)
        self._show_result(words.failure_text(outcome.reason), "reason")
        if outcome.reason == "no_photo":
            self._offer_photo()  # retrying could only fail again
        else:
            self._offer_retry()
        self.finished_check.emit(outcome)

    def _on_settle_failed(self, exc: Exception) -> None:
        if isinstance(exc, AuthError):
            show_error(self, exc)
            self.reject()
            return
        if isinstance(exc, ApiError) and exc.code == "consent_required":
            self._consented = False
            self._offer_consent()  # the server has no 同意 (withdrawn elsewhere, say)
            return
        problem = describe(exc)
        self._set_prompt(translate("FaceCheck", "暂时无法完成识别"), TONE_ERROR)
        self._show_result(problem_text(problem), "error")
        self._offer_retry()

    @Slot(object)
    def show_camera_problem(self, problem: Problem) -> None:
        """No camera, a virtual camera, a lost camera: what to do, and 重试."""
        if self.outcome is not None and self.outcome.passed:
            return
        self._drop_runner()
        self.countdown.hide()
        self._set_prompt(translate("FaceCheck", "摄像头不能使用"), TONE_ERROR)
        self._show_result(problem.message, "error")
        self._offer_retry()

    def _set_prompt(self, text: str, tone: str) -> None:
        """The big line: what to do now, or the verdict in its colour."""
        self.prompt.setText(text)
        self.prompt.setStyleSheet(tone)

    def _show_result(self, text: str, role: str) -> None:
        self.result_label.setText(text)
        set_role(self.result_label, role)
        self.result_label.show()

    def _offer_photo(self) -> None:
        """No enrolled photo (staff reset it): setting one is the only way on."""
        self.retry_button.hide()
        self.photo_button.show()
        self.photo_button.setFocus()

    def _set_photo(self) -> None:
        from app.ui.face.photo import PhotoDialog

        dialog = PhotoDialog(self.ctx, self.parentWidget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._photo_dialog = dialog  # kept alive too when this check has no parent
        self.reject()
        dialog.open()

    def _offer_retry(self) -> None:
        self.retry_button.show()
        self.retry_button.setFocus()
        if failures_in_a_row(self.ctx) >= FAILURES_FOR_SUPPORT:
            self.support.setText(words.support_text())
            self.support.show()

    # ------------------------------------------------------------------ closing
    def _release_camera(self) -> None:
        self._drop_runner()
        if self._holding:
            camera = self.ctx.camera()
            camera.preview.disconnect(self.show_preview)
            camera.problem.disconnect(self.show_camera_problem)
            camera.release(self)
            self._holding = False

    def done(self, result: int) -> None:
        self._closed = True
        self._release_camera()
        super().done(result)
