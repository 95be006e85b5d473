"""What the client shows when the server refuses for want of identity (EXAM-1, FACE-8):
an exam start with no passed exam check of this login, and a clerk's supervision beyond
their number of live ones. Real windows under Xvfb, the real server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.error_boxes import shown_box
from tests.support.exam_client import WANG_WU, wait_stage
from tests.support.kiosk import Kiosk
from tests.support.live_server import LiveServer

ZHANG = "530102198001010015"


def test_an_exam_start_without_a_check_is_explained(
    styled_app: Any,
    qtbot: Any,
    host: Any,
    sign_in_wang_wu: Callable[..., Any],
    screenshot: Callable[[str], Path],
) -> None:
    # RULES: EXAM-1. As when the check passed on this PC but never reached the server.
    from app.ui.exam.exam_flow import ExamFlow

    ctx = sign_in_wang_wu()
    flow = ExamFlow(ctx, ctx.me["enrollments"][0], host)
    host.show()
    flow._start_attempt()
    box = shown_box(qtbot)
    assert "人脸识别" in box.text() and "0871-63122229" in box.text()
    assert "exam_identity_required" in box.informativeText()
    screenshot("exam-identity-refused")
    box.accept()
    wait_stage(qtbot, flow, "done")
    assert ctx.api.me()["enrollments"][0]["exam"]["attempts_used"] == 0


def test_a_clerk_at_their_limit_is_told_whom_they_supervise(
    styled_app: Any,
    qtbot: Any,
    kiosk: Kiosk,
    ui_server: LiveServer,
    screenshot: Callable[[str], Path],
) -> None:
    # RULES: FACE-8. One live supervision each on this server; admin holds ZHANG's.
    ui_server.context.settings.supervisions_per_clerk = 1
    held = ui_server.client.open_supervision(ui_server.admin_token(), ZHANG, place="培训点")
    assert held.status_code == 201, held.text
    dialog = kiosk.sign_in_form(WANG_WU)
    dialog.id_card_box.setChecked(True)
    dialog.start_button.click()
    qtbot.waitUntil(dialog.error.isVisible, timeout=20000)
    text = dialog.error.text()
    assert "上限" in text and "张*" in text and "退出登录" in text
    assert not kiosk.window.home_page.cards  # nobody signed in at this kiosk
    screenshot("supervision-limit")
    dialog.reject()
