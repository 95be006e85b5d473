"""How a supervised session ends at a kiosk, in words (FACE-8), under Xvfb with the real
main window, journal, sender and server: the clerk who ends it while the journal still
holds records it could not send is told how many and what becomes of them before
confirming, and they are kept and credited later; a supervision a clerk ended in the
console is said as that at the kiosk, not as a generic expired login."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.sync import wire
from tests.support.home_screens import NEW_PASSWORD, ZHANG_SAN, log_in
from tests.support.kiosk import Kiosk
from tests.support.live_server import ADMIN_PASSWORD, LiveServer

DEAD_LINK = "http://127.0.0.1:1"


def supervised_seconds(window: Any) -> wire.ProgressEvent:
    """Two seconds of the first lesson, played under the running supervision (no face
    check): stamped on the server's clock from the supervision's start."""
    ctx = window.ctx
    supervision = ctx.supervision()
    assert supervision is not None and ctx.session_id is not None
    lesson_id = ctx.api.lessons(ctx.me["enrollments"][0]["id"])[0]["id"]
    start = dt.datetime.fromisoformat(supervision["started_at"])
    return {
        "event_id": f"kiosk-{uuid.uuid4()}",
        "session_id": ctx.session_id,
        "lesson_id": lesson_id,
        "from_s": 0.0,
        "to_s": 2.0,
        "started_at": start.isoformat(),
        "ended_at": (start + dt.timedelta(seconds=2)).isoformat(),
        "face_check_id": None,
    }


# RULES: FACE-8, SYNC-1, SYNC-3
def test_ending_a_supervision_with_unsent_records_says_how_many_and_keeps_them(
    styled_app: Any, qtbot: Any, kiosk: Kiosk, ui_server: LiveServer,
    screenshot: Callable[[str], Path],
) -> None:
    window = kiosk.window
    kiosk.supervise(ZHANG_SAN)
    ctx = window.ctx
    event = supervised_seconds(window)
    ctx.set_server(DEAD_LINK)  # the centre's link drops with a record not yet sent
    ctx.journal.append_progress(ZHANG_SAN, event)
    window.home_page.header_buttons["end_supervision_button"].click()
    qtbot.waitUntil(lambda: "kiosk_logout" in window.windows, timeout=10000)
    upload = window.windows["kiosk_logout"]
    qtbot.waitUntil(upload.ok_button.isVisible, timeout=90000)  # it could not send
    upload.ok_button.click()
    qtbot.waitUntil(lambda: "end_supervision" in window.windows, timeout=10000)
    ending = window.windows["end_supervision"]
    qtbot.waitExposed(ending)
    # Before the clerk confirms: how many, and what becomes of them.
    assert ending.unsent.isVisible()
    words = ending.unsent.text()
    assert "还有 1 条学习记录没有上传" in words, words
    assert "学员下次在这台电脑登录时自动上传" in words and "照常计入" in words
    qtbot.wait(300)  # painted before the grab
    screenshot("supervision-end-unsent")

    ctx.set_server(ui_server.url)  # the link is back for the clerk's password
    ending.clerk_password_edit.setText(ADMIN_PASSWORD)
    ending.end_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page, timeout=20000)
    assert ctx.journal.pending_count(ZHANG_SAN) == 1  # kept on this PC, for him

    # He signs in here again: the record goes and is credited under the supervision
    # it was played in, though that has ended.
    log_in(qtbot, window, ZHANG_SAN, NEW_PASSWORD)
    qtbot.waitUntil(lambda: ctx.journal.pending_count(ZHANG_SAN) == 0, timeout=30000)
    sent = ctx.journal.entry(event["event_id"])
    assert sent is not None and sent.status == "credited", sent


# RULES: FACE-8
def test_a_supervision_ended_in_the_console_is_said_at_the_kiosk(
    styled_app: Any, qtbot: Any, kiosk: Kiosk, ui_server: LiveServer,
    screenshot: Callable[[str], Path],
) -> None:
    window = kiosk.window
    kiosk.supervise(ZHANG_SAN)
    ctx = window.ctx
    supervision = ctx.supervision()
    assert supervision is not None
    played = supervised_seconds(window)
    # Another clerk ends it from the console (the same service as its 结束 button).
    ended = ui_server.call(
        "POST", f"/supervision/sessions/{supervision['id']}/end", ui_server.admin_token()
    )
    assert ended.status_code == 200, ended.text
    # The kiosk's next call (the lesson's progress, sent by the sender) learns it.
    ctx.journal.append_progress(ZHANG_SAN, played)
    ctx.sender.wake()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page, timeout=20000)
    banner = window.login_page.banner.text()
    assert banner.startswith("监督学习已由工作人员在管理端结束"), banner
    assert "登录已失效" not in banner
    qtbot.wait(300)
    screenshot("supervision-ended-in-console")


# RULES: FACE-8
def test_at_the_centres_limit_the_kiosk_signs_the_trainee_out_saying_why(
    styled_app: Any, qtbot: Any, kiosk: Kiosk, ui_server: LiveServer,
    screenshot: Callable[[str], Path],
) -> None:
    from app.ui.account.supervision_limit import SLACK_S

    settings = ui_server.context.settings
    centres_limit = settings.supervision_max_minutes
    settings.supervision_max_minutes = 1  # this centre supervises one minute at a time
    try:
        ctx = kiosk.supervise(ZHANG_SAN)
    finally:
        settings.supervision_max_minutes = centres_limit
    limit = kiosk.window.supervision_limit
    # Armed for the limit: the kiosk asks the server then, a few seconds after it.
    assert limit.timer.isActive()
    assert 0 < limit.timer.remainingTime() <= (60 + SLACK_S + 5) * 1000  # offset measured
    # Before it, the server says the supervision runs: nothing happens.
    limit.timer.stop()
    limit.check()
    qtbot.waitUntil(limit.timer.isActive, timeout=10000)  # armed again from its answer
    assert ctx.id_number == ZHANG_SAN
    # The server's clock passes the limit; the timer's moment comes (not waited for).
    ui_server.clock.advance(minutes=2)
    limit.check()
    window = kiosk.window
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page, timeout=20000)
    banner = window.login_page.banner.text()
    assert banner.startswith("监督学习已到培训点规定的时长（1 分钟）"), banner
    assert ctx.api.token is None
    qtbot.wait(300)
    screenshot("supervision-limit-reached")
