"""The photo dialog (FACE-1, FACE-2) with the real photo checks, the real white-background
helper, the real server on loopback, and the live confirm check on the real video."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from app.qt import Qt
from tests.support.face_screens import CHECK_TIMEOUT_MS
from tests.support.lesson_screens import NEW_PASSWORD, ZHANG_SAN
from tests.support.live_server import LiveServer


@pytest.fixture
def ctx(client_options: Any, ui_server: LiveServer) -> Iterator[Any]:
    from app.ui.kit.context import AppContext

    ui_server.ready_trainee(ZHANG_SAN, NEW_PASSWORD)
    context = AppContext(client_options, client_options.server_url)
    context.begin_session(context.api.login(ZHANG_SAN, NEW_PASSWORD))
    context.api.decide_consent(True, "test")  # FACE-8 (the consent screen: test_consent)
    context.refresh_me()
    yield context
    context.shutdown()


def open_dialog(qtbot: Any, ctx: Any) -> Any:
    from app.ui.face.photo import PhotoDialog

    dialog = PhotoDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(qtbot: Any, dialog: Any, path: Path) -> str:
    with qtbot.waitSignal(dialog.verdict_shown, timeout=60_000) as shown:
        dialog.use_file(path)
    return str(shown.args[0])


# RULES: FACE-1
def test_a_photo_without_a_face_and_a_non_image_are_refused_in_plain_words(
    styled_app: Any, qtbot: Any, ctx: Any, tmp_path: Path
) -> None:
    wall = tmp_path / "wall.png"
    cv2.imwrite(str(wall), np.full((600, 450, 3), 245, np.uint8))
    letter = tmp_path / "photo.jpg"
    letter.write_text("这不是照片", encoding="utf-8")
    dialog = open_dialog(qtbot, ctx)
    assert choose(qtbot, dialog, wall) == "no_face"
    assert dialog.message.text() == "没有看清您的脸，请正对摄像头，光线充足。"
    assert not dialog.upload_button.isVisible() and not dialog.whiten_button.isVisible()
    assert choose(qtbot, dialog, letter) == "not_an_image"
    assert "JPG" in dialog.message.text() and "422" not in dialog.message.text()
    assert not dialog.upload_button.isVisible()


# RULES: FACE-1, FACE-2
def test_whitened_photo_is_accepted_confirmed_and_then_locked(
    styled_app: Any, qtbot: Any, ctx: Any, faces_dir: Path, screenshot: Callable[[str], Path]
) -> None:
    from app.sync.errors import ApiError

    dialog = open_dialog(qtbot, ctx)
    original = faces_dir / "lin_manuel_miranda" / "lin-manuel-miranda.png"
    assert choose(qtbot, dialog, original) == "background_not_white"
    assert "背景不是白色" in dialog.message.text()
    assert dialog.whiten_button.isVisible() and not dialog.upload_button.isVisible()
    qtbot.wait(300)  # let the screen repaint before the grab
    screenshot("photo_refused")
    # Issue 15: Enter does the main action, 自动换白底 and then 上传照片 (the keyboard's way).
    from app.qt import QApplication

    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.whiten_button)
    with qtbot.waitSignal(dialog.verdict_shown, timeout=60_000) as whitened:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert whitened.args == [""]
    assert dialog.upload_button.isVisible() and dialog.photo is not None
    qtbot.wait(300)
    screenshot("photo_ready")
    assert QApplication.focusWidget() is dialog.upload_button
    with qtbot.waitSignal(dialog.accepted, timeout=CHECK_TIMEOUT_MS):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.uploaded and dialog.result() == dialog.DialogCode.Accepted
    # FACE-2: the server now says locked, and the dialog explains who can reset it.
    with pytest.raises(ApiError) as refused:
        ctx.api.upload_photo(dialog.photo)
    assert refused.value.code == "photo_locked"
    ctx.refresh_me()
    again = open_dialog(qtbot, ctx)
    assert "0871-63122229" in again.message.text() and not again.choose_button.isVisible()
    qtbot.wait(300)
    screenshot("photo_locked")


def test_the_photo_and_face_check_screens_speak_english(
    styled_app: Any, qtbot: Any, ctx: Any, tmp_path: Path, faces_dir: Path,
    monkeypatch: pytest.MonkeyPatch, shots_dir: Path,
) -> None:  # fmt: skip
    import dataclasses

    from app.qt import QLocale
    from app.ui.face.face_check import FaceCheckDialog
    from app.ui.kit.i18n import install_translators
    from tests.support.lesson_screens import CHINESE, visible_texts

    wall = tmp_path / "wall.png"
    cv2.imwrite(str(wall), np.full((600, 450, 3), 245, np.uint8))
    translators = install_translators(styled_app, "en")
    try:
        dialog = open_dialog(qtbot, ctx)
        seen = visible_texts(dialog)
        assert choose(qtbot, dialog, wall) == "no_face"
        seen += visible_texts(dialog)
        original = faces_dir / "lin_manuel_miranda" / "lin-manuel-miranda.png"
        assert choose(qtbot, dialog, original) == "background_not_white"
        seen += visible_texts(dialog)
        qtbot.wait(300)
        dialog.grab().save(str(shots_dir / "photo_en.png"))
        dialog.show_locked()
        seen += visible_texts(dialog)
        dialog.reject()
        # The face check, on a camera that sees no one: the prompt, then the failure.
        ctx.options = dataclasses.replace(ctx.options, camera=str(wall), camera_frames=None)
        monkeypatch.setattr(FaceCheckDialog, "check_seconds", 3.0)
        check = FaceCheckDialog(ctx, "lesson_start")
        qtbot.addWidget(check)
        with qtbot.waitSignal(check.finished_check, timeout=CHECK_TIMEOUT_MS):
            check.show()
            qtbot.waitUntil(lambda: check._hint == "no_face", timeout=30_000)
            seen += visible_texts(check)
        seen += visible_texts(check)
        check.grab().save(str(shots_dir / "face_check_en.png"))
        check.reject()
    finally:
        for translator in translators:
            styled_app.removeTranslator(translator)
        QLocale.setDefault(QLocale("zh_CN"))
    chinese = [text for text in seen if CHINESE.search(text)]
    assert chinese == []
    assert any(text == "White background" for text in seen)
