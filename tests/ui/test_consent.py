"""The face data consent screen and its withdrawal (FACE-8), through the real main window
against the real server: 同意 leads on to the photo; withdrawal deletes the photo and
template on the server and this PC's template, and the home page sends the trainee to
supervised study."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.server.models import Trainee
from tests.support.home_screens import ZHANG_SAN, main_window, ready
from tests.support.live_server import LiveServer

__all__ = ["main_window"]  # the fixture, used below


def consent_dialog(qtbot: Any, window: Any) -> Any:
    window.home_page.cards[0].main_button.click()  # 设置本人照片
    qtbot.waitUntil(lambda: "consent" in window.windows, timeout=10000)
    dialog = window.windows["consent"]
    qtbot.waitExposed(dialog)
    return dialog


def test_consent_comes_first_and_withdrawal_deletes_the_face_data(
    main_window: Any,
    qtbot: Any,
    ui_server: LiveServer,
    enrolled_photo: bytes,
    screenshot: Callable[[str], Path],
    monkeypatch: Any,
) -> None:
    # RULES: FACE-8
    from app.qt import QMessageBox
    from app.ui.face.check_runner import enrolled_path, remember_enrolled

    window = main_window
    ready(qtbot, window, ui_server, ZHANG_SAN)
    # Without consent the server refuses the photo, whatever a client does.
    refused = ui_server.call("PUT", "/me/photo", window.ctx.api.token, data=enrolled_photo,
                             headers={"Content-Type": "image/jpeg"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "consent_required"
    dialog = consent_dialog(qtbot, window)
    # Equal choices: the same kind of button, the same size, neither the default.
    agree, decline = dialog.agree_button, dialog.decline_button
    assert agree.size() == decline.size() and not agree.isDefault() and not decline.isDefault()
    text = " ".join(w.text() for w in dialog.findChildren(type(dialog.problem)))
    for must in ("特征值", "30天", "一年", "撤回", "培训点"):
        assert must in text, must
    qtbot.wait(400)  # the dialog painted on the X server before the grab
    screenshot("consent")
    agree.click()
    qtbot.waitUntil(lambda: "photo" in window.windows, timeout=15000)
    assert window.ctx.me["face_consent"]["state"] == "granted"
    window.windows["photo"].reject()
    # The photo set (as the photo screen does), this PC keeping its template.
    assert window.ctx.api.upload_photo(enrolled_photo) is None
    assert remember_enrolled(window.ctx, enrolled_photo)
    local = enrolled_path(window.ctx)
    assert local is not None and local.is_file()
    window.refresh()
    card = window.home_page.face_data
    qtbot.waitUntil(lambda: card.isVisible() and card.withdraw_button.isVisible(), timeout=15000)
    screenshot("consent-granted-home")

    # Withdrawal: confirmed, then gone from the server and from this PC's data folder.
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Yes
    )
    card.withdraw_button.click()
    qtbot.waitUntil(lambda: window.ctx.me["face_consent"]["state"] == "withdrawn", timeout=15000)
    assert sorted(local.parent.iterdir()) == []
    with ui_server.context.sessions() as db:
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == ZHANG_SAN)).one()
        assert trainee.photo is None and trainee.photo_embedding is None
    qtbot.waitUntil(lambda: "人工核验" in card.heading.text(), timeout=5000)
    assert "身份证" in card.text.text() and not card.withdraw_button.isVisible()
    screenshot("consent-withdrawn-home")


def test_a_declined_trainee_applies_for_supervised_study(
    main_window: Any, qtbot: Any, ui_server: LiveServer, screenshot: Callable[[str], Path]
) -> None:
    # RULES: FACE-8, APPLY-1
    window = main_window
    ready(qtbot, window, ui_server, ZHANG_SAN)
    dialog = consent_dialog(qtbot, window)
    dialog.decline_button.click()
    card = window.home_page.face_data
    window.refresh()
    qtbot.waitUntil(lambda: card.apply_button.isVisible(), timeout=15000)
    card.apply_button.click()
    enrollment_id = window.ctx.me["enrollments"][0]["id"]
    key = f"applications:{enrollment_id}"
    qtbot.waitUntil(lambda: key in window.windows, timeout=10000)
    applications = window.windows[key]
    qtbot.waitExposed(applications)
    applications.kind_buttons["supervised_study"].setChecked(True)
    applications.phone.setText("13812345678")
    applications.reason.insertPlainText("眼睛看不清，无法完成人脸识别。")
    qtbot.waitUntil(applications.submit_button.isEnabled, timeout=5000)
    with qtbot.waitSignal(applications.submitted, timeout=10000) as sent:
        applications.submit_button.click()
    assert (sent.args[0]["kind"], sent.args[0]["status"]) == ("supervised_study", "pending")
    assert "人工核验申请已提交" in applications.outcome.text()
    qtbot.wait(300)
    screenshot("supervised-study-application")
    queue = ui_server.call("GET", "/admin/applications?status=pending", ui_server.admin_token())
    assert [a["kind"] for a in queue.json()] == ["supervised_study"]
