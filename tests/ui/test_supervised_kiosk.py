"""Supervised study at a training centre's kiosk, end to end under Xvfb (FACE-8): a clerk
signs in with a staff account after checking the ID card; the trainee (no consent, no
photo, and no camera at all on this PC) studies a lesson to 100%; the server credits it
under the clerk's supervision record, which staff see; a clerk ends it at the kiosk with
their password."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.server.models import AuditEntry, Supervision
from tests.support.home_screens import ZHANG_SAN
from tests.support.kiosk import Kiosk, start_supervision
from tests.support.live_server import ADMIN_PASSWORD, LiveServer


def test_a_clerk_supervises_a_lesson_to_100_percent_without_a_camera(
    styled_app: Any,
    qtbot: Any,
    kiosk: Kiosk,
    ui_server: LiveServer,
    screenshot: Callable[[str], Path],
) -> None:
    # RULES: FACE-8, LEARN-2
    window = kiosk.window
    dialog = kiosk.sign_in_form(ZHANG_SAN)
    assert not dialog.start_button.isEnabled()  # the ID card is checked first
    assert "身份证" in dialog.why.text()
    dialog.id_card_box.setChecked(True)
    assert dialog.start_button.isEnabled()
    qtbot.wait(300)
    screenshot("supervised-sign-in")
    start_supervision(qtbot, window, dialog)
    card = window.home_page.face_data
    qtbot.waitUntil(lambda: "监督" in card.heading.text(), timeout=10000)
    assert "admin" in card.text.text()
    screenshot("supervised-home")

    enrollment = window.ctx.me["enrollments"][0]
    window.home_page.cards[0].buttons["lessons_button"].click()
    lessons = window.windows[f"lessons:{enrollment['id']}"]
    qtbot.waitUntil(lambda: bool(getattr(lessons, "lessons", None)), timeout=20000)
    lessons.open_lesson(lessons.lessons[0])
    lesson = lessons.lesson_window
    qtbot.waitUntil(lesson.isActiveWindow, timeout=10000)
    with qtbot.waitSignal(lesson.playback_started, timeout=20000):
        lesson.start_button.click()
    assert lesson.check_dialog is None  # no face check was opened
    qtbot.waitUntil(lambda: lesson.player.position_s > 2.0, timeout=20000)
    screenshot("supervised-lesson")
    with qtbot.waitSignal(lesson.completed, timeout=90000):
        pass
    assert window.ctx._camera is None  # no camera was ever started
    token = window.ctx.api.token
    first = ui_server.call("GET", f"/enrollments/{enrollment['id']}/lessons", token)
    assert first.json()[0]["complete"]
    # The server credited it under the clerk's record, and staff see who supervised.
    listed = ui_server.call(
        "GET", f"/admin/trainees/{ZHANG_SAN}/supervisions", ui_server.admin_token()
    ).json()
    assert listed[0]["clerk"] == "admin" and listed[0]["credited_s"] > 0
    assert listed[0]["device_name"]
    with ui_server.context.sessions() as db:
        entries = db.scalars(
            select(AuditEntry).where(AuditEntry.action == "supervision_started")
        ).all()
        assert [(e.staff_username, e.target) for e in entries] == [("admin", ZHANG_SAN)]

    # The clerk ends it at the kiosk with their own password (the trainee is there).
    supervision = window.ctx.supervision()
    assert supervision is not None
    lesson.close()
    home = window.home_page
    end_button = home.header_buttons["end_supervision_button"]
    qtbot.waitUntil(end_button.isVisible, timeout=10000)
    end_button.click()
    qtbot.waitUntil(lambda: "end_supervision" in window.windows, timeout=20000)
    ending = window.windows["end_supervision"]
    qtbot.waitExposed(ending)
    assert ending.clerk_edit.text() == "admin"  # who started it, named
    ending.clerk_password_edit.setText("not-the-password")
    ending.end_button.click()
    qtbot.waitUntil(ending.error.isVisible, timeout=20000)
    assert ending.error.text() == "工作人员账号或密码不正确。"  # the clerk's, not the trainee's
    assert window.ctx.id_number == ZHANG_SAN  # a wrong password ends nothing
    screenshot("supervision-end-refused")
    ending.clerk_password_edit.setText(ADMIN_PASSWORD)
    ending.end_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page, timeout=20000)
    assert "监督学习已结束" in window.login_page.banner.text()
    assert window.ctx.api.token is None
    screenshot("supervision-ended-at-kiosk")
    with ui_server.context.sessions() as db:
        ended = db.get_one(Supervision, supervision["id"])
        assert ended.ended_by == "clerk" and ended.ended_at is not None
        entries = db.scalars(
            select(AuditEntry).where(AuditEntry.action == "supervision_ended")
        ).all()
        assert [(e.staff_username, e.target) for e in entries] == [("admin", ZHANG_SAN)]
