"""Setting the enrolled photo (FACE-1, FACE-2): choose a file or take one with the webcam,
checked here first with the reason for each refusal in plain words, 「自动换白底」 when the
background (or the webcam's picture size) is the problem, then uploaded (PUT /me/photo,
which locks it) and confirmed with a live face check (purpose "photo_confirm").

`exec()` returns Accepted when the server accepted the photo AND the confirm check
passed. Nothing of the webcam goes to disk (FACE-7): the capture is encoded in memory;
a chosen file is read in memory.

For tests: `use_file(path)` / `capture()` stand for the buttons; `verdict_shown(reason)`
("" when the photo is fine), `upload_done()`, `locked_shown()`; object names in NAMES.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import support
from app.qt import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QImage,
    QLabel,
    QPixmap,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
)
from app.sync.errors import ApiError
from app.ui.kit.background import run_in_background
from app.ui.kit.errors import Problem, describe, problem_text
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import button, label, primary_button, set_role
from app.ui.kit.words import reason_text

if TYPE_CHECKING:
    from app.ui.kit.context import AppContext

log = logging.getLogger(__name__)

PHOTO_VIEW = (295, 413)  # the 1-inch ratio, at screen size
WHITEN_HELPS = ("background_not_white", "too_small")
NAMES = {
    "view": "photo_view",
    "message": "photo_message",
    "choose": "choose_photo_button",
    "camera": "take_photo_button",
    "capture": "capture_photo_button",
    "whiten": "whiten_photo_button",
    "upload": "upload_photo_button",
    "confirm": "confirm_photo_button",
    "cancel": "photo_cancel_button",
}


def read_photo_file(path: Path) -> bytes | str:
    """The file's bytes, or the refusal reason (too large, unreadable) without reading a
    huge file whole."""
    from app.proctor.photo import MAX_PHOTO_BYTES

    try:
        if path.stat().st_size > MAX_PHOTO_BYTES:
            return "photo_too_large"
        return path.read_bytes()
    except OSError:
        return "not_an_image"


def verdict_of(data: bytes) -> tuple[bytes, str | None]:
    """(the photo, FACE-1 refusal reason or None): check_photo, off the GUI thread."""
    from app.proctor.photo import check_photo

    return data, check_photo(data).reason


def whitened(data: bytes) -> tuple[bytes, str | None]:
    """「自动换白底」 then the same check; the result stays in memory."""
    from app.proctor.whiten import whiten_bytes

    result = whiten_bytes(data)
    if result.image is None:
        return data, result.reason
    return verdict_of(result.jpeg())


def upload(ctx: AppContext, data: bytes) -> None:
    from app.ui.face.check_runner import remember_enrolled

    kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    ctx.api.upload_photo(data, kind)
    remember_enrolled(ctx, data)  # offline checks compare against it (FACE-3)


def refusal_text(reason: str) -> str:
    if reason == "photo_too_large":
        return translate("Photo", "照片文件太大（不能超过5MB），请换一张较小的照片。")
    return reason_text(reason) or translate("Photo", "照片不符合要求，请换一张照片。")


class PhotoDialog(QDialog):
    verdict_shown = Signal(str)  # the refusal reason, "" when the photo may be uploaded
    upload_done = Signal()
    locked_shown = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.photo: bytes | None = None
        self.reason: str | None = None
        self.uploaded = False
        self._camera_on = False
        self.setWindowTitle(translate("Photo", "设置本人照片"))
        self._build()
        if ctx.me is not None and ctx.me.get("photo", {}).get("status") == "locked":
            self.show_locked()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 20, 28, 20)
        outer.setSpacing(12)
        outer.addWidget(label(translate("Photo", "设置本人照片"), "title"))
        row = QHBoxLayout()
        row.setSpacing(24)
        self.view = QLabel(translate("Photo", "还没有照片"))
        self.view.setObjectName(NAMES["view"])
        self.view.setFixedSize(*PHOTO_VIEW)
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setStyleSheet("background: #e6eaef; border: 1px solid #d0d7de;")
        self.view.setAccessibleName(translate("Photo", "照片"))
        row.addWidget(self.view, 0, Qt.AlignmentFlag.AlignTop)

        side = QVBoxLayout()
        side.setSpacing(10)
        rules = translate(
            "Photo",
            "请使用近期一寸免冠正面照：白色背景，只有本人，露出整张脸，清晰不模糊。"
            "可以选择 JPG 或 PNG 照片文件（不超过5MB），也可以用摄像头现场拍照。",
        )
        side.addWidget(label(rules, "hint"))
        self.lock_warning = label(
            translate("Photo", "照片上传后会锁定，不能自行更改，请仔细确认。"), "reason"
        )
        side.addWidget(self.lock_warning)
        self.message = label("", "reason")
        self.message.setObjectName(NAMES["message"])
        self.message.hide()
        side.addWidget(self.message)
        self.upload_button = primary_button(translate("Photo", "上传照片"))
        self.capture_button = primary_button(translate("Photo", "拍照"))
        self.confirm_button = primary_button(translate("Photo", "进行人脸识别确认"))
        self.whiten_button = button(translate("Photo", "自动换白底"))
        self.choose_button = button(translate("Photo", "选择照片文件"))
        self.camera_button = button(translate("Photo", "用摄像头拍照"))
        self.cancel_button = button(translate("Photo", "关闭"))
        for key, widget, slot in (
            ("upload", self.upload_button, self.upload_photo),
            ("capture", self.capture_button, self.capture),
            ("confirm", self.confirm_button, self.confirm),
            ("whiten", self.whiten_button, self.whiten),
            ("choose", self.choose_button, self.choose_file),
            ("camera", self.camera_button, self.start_camera),
            ("cancel", self.cancel_button, self.reject),
        ):
            widget.setObjectName(NAMES[key])
            widget.clicked.connect(slot)
            side.addWidget(widget)
        for hidden in (self.upload_button, self.capture_button, self.confirm_button,
                       self.whiten_button):  # fmt: skip
            hidden.hide()
        side.addStretch()
        row.addLayout(side, 1)
        outer.addLayout(row)
        self.setMinimumSize(860, 660)  # room for the wrapped rules beside the photo

    # ------------------------------------------------------------------ sources
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("Photo", "选择照片文件"),
            str(Path.home()),
            translate("Photo", "照片 (*.jpg *.jpeg *.png)"),
        )
        if path:
            self.use_file(Path(path))

    def use_file(self, path: Path) -> None:
        self.stop_camera()
        self._busy(translate("Photo", "正在检查照片……"))
        run_in_background(self, lambda: self._checked_file(path), on_success=self._show_verdict)

    @staticmethod
    def _checked_file(path: Path) -> tuple[bytes | None, str | None]:
        data = read_photo_file(path)
        if isinstance(data, str):
            return None, data
        return verdict_of(data)

    def start_camera(self) -> None:
        camera = self.ctx.camera()
        if not self._camera_on:
            camera.preview.connect(self.show_preview)
            camera.problem.connect(self.show_camera_problem)
            self._camera_on = True
        camera.acquire(self)
        self.photo = None
        self.view.setText(translate("Photo", "正在打开摄像头……"))
        self.message.hide()
        for hidden in (self.upload_button, self.whiten_button, self.confirm_button):
            hidden.hide()
        self.capture_button.show()
        self.capture_button.setFocus()

    def stop_camera(self) -> None:
        if self._camera_on:
            camera = self.ctx.camera()
            camera.preview.disconnect(self.show_preview)
            camera.problem.disconnect(self.show_camera_problem)
            camera.release(self)
            self._camera_on = False
        self.capture_button.hide()

    @Slot(QImage)
    def show_preview(self, image: QImage) -> None:
        self.view.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.view.size(),
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    @Slot(object)
    def show_camera_problem(self, problem: Problem) -> None:
        self.stop_camera()
        self._say(problem_text(problem), "error")

    def capture(self) -> None:
        """The newest webcam frame, as a JPEG in memory (FACE-7: never on disk)."""
        frame = self.ctx.camera().still()
        if frame is None:
            return
        self.stop_camera()
        self._busy(translate("Photo", "正在检查照片……"))

        def check() -> tuple[bytes | None, str | None]:
            from app.proctor.imagefile import encode_jpeg

            return verdict_of(encode_jpeg(frame, quality=92))

        run_in_background(self, check, on_success=self._show_verdict)

    def whiten(self) -> None:
        data = self.photo
        if data is None:
            return
        self._busy(translate("Photo", "正在换白底……"))
        run_in_background(self, lambda: whitened(data), on_success=self._show_verdict)

    # ------------------------------------------------------------------ verdict
    def _busy(self, text: str) -> None:
        for hidden in (self.upload_button, self.whiten_button, self.confirm_button):
            hidden.hide()
        self._say(text, "hint")

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        set_role(self.message, role)
        self.message.show()

    def _show_verdict(self, result: tuple[bytes | None, str | None]) -> None:
        data, reason = result
        self.photo, self.reason = data, reason
        if data is not None and reason != "not_an_image":
            pixmap = QPixmap()
            if pixmap.loadFromData(data):
                self.view.setPixmap(
                    pixmap.scaled(
                        self.view.size(),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
        if reason is None:
            self._say(translate("Photo", "照片符合要求，可以上传。"), "ok")
            self.upload_button.show()
            self.upload_button.setFocus()
        else:
            self._say(refusal_text(reason), "reason")
            if reason in WHITEN_HELPS and data is not None:
                self.whiten_button.show()
                self.whiten_button.setFocus()
        self.verdict_shown.emit(reason or "")

    # ------------------------------------------------------------------ upload, confirm
    def upload_photo(self) -> None:
        data = self.photo
        if data is None or self.reason is not None:
            return
        self.upload_button.setEnabled(False)
        self._say(translate("Photo", "正在上传……"), "hint")
        run_in_background(
            self, lambda: upload(self.ctx, data), on_success=self._on_uploaded,
            on_failure=self._on_upload_failed,
        )  # fmt: skip

    def _on_uploaded(self, _none: object) -> None:
        self.uploaded = True
        self.upload_button.hide()
        self.upload_button.setEnabled(True)
        for hidden in (self.choose_button, self.camera_button, self.whiten_button,
                       self.lock_warning):  # fmt: skip
            hidden.hide()
        self._say(translate("Photo", "照片已上传并锁定。请进行人脸识别，确认是本人。"), "ok")
        self.upload_done.emit()
        self.confirm()

    def _on_upload_failed(self, exc: Exception) -> None:
        self.upload_button.setEnabled(True)
        if isinstance(exc, ApiError) and exc.code == "photo_locked":
            self.show_locked()
            return
        if isinstance(exc, ApiError) and exc.code == "photo_rejected" and exc.reason:
            self.upload_button.hide()
            self._say(refusal_text(exc.reason), "reason")
            self.verdict_shown.emit(exc.reason)
            return
        self._say(problem_text(describe(exc)), "error")

    def show_locked(self) -> None:
        """FACE-2: only staff can reset a locked photo."""
        self.stop_camera()
        for hidden in (self.upload_button, self.whiten_button, self.choose_button,
                       self.camera_button, self.confirm_button, self.lock_warning):  # fmt: skip
            hidden.hide()
        text = translate(
            "Photo",
            "您的照片已经设置并锁定，不能自行更改。如果照片传错了，请致电 %1，由工作人员重置。",
        ).replace("%1", support.SUPPORT_CLIENT)
        self._say(text, "reason")
        self.view.setText(translate("Photo", "照片已锁定"))
        self.cancel_button.setFocus()
        self.locked_shown.emit()

    def confirm(self) -> None:
        from app.ui.face.face_check import FaceCheckDialog

        self.confirm_button.hide()
        check = FaceCheckDialog(self.ctx, "photo_confirm", parent=self)
        check.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        check.finished.connect(self._on_confirmed)
        self.confirm_check = check
        check.open()

    @Slot(int)
    def _on_confirmed(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            self.accept()
            return
        self._say(translate("Photo", "照片已上传，但人脸识别确认没有完成，请再试一次。"), "reason")
        self.confirm_button.show()
        self.confirm_button.setFocus()

    def done(self, result: int) -> None:
        self.stop_camera()
        super().done(result)
