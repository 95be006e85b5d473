"""Offline sign-in, the whole way (issue 16), with real parts: the server on loopback,
the main window under Xvfb, libvlc, the face check on the face video.

张三 logs in online and downloads a lesson; the client closes; the server goes away; the
client starts again and he signs in with the same password (a wrong one first: the
online refusal); the home page says it is offline since when and what waits for the
network; he plays the downloaded lesson after a face check the client decides; the
server comes back: the client logs in for real by itself (the token was kept in memory
only: a fresh login with the password typed offline), sends the journal, the home page
is online, and the server credited every journaled second once and judged the offline
check passed."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.database_counts import counted_once
from tests.support.home_screens import log_in
from tests.support.lesson_screens import NEW_PASSWORD, ZHANG_SAN
from tests.support.lesson_window import quiet_vlc, start_with_face_check
from tests.support.live_server import LiveServer
from tests.support.sync_server import bring_back, take_down

__all__ = ["quiet_vlc"]  # fixture used below

pytestmark = [pytest.mark.display, pytest.mark.timeout(300)]


def _start_client(qtbot: Any, options: Any) -> Any:
    from app.ui.launch import create_main_window

    window, _ = create_main_window(options)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "offline_logins" in window.ctx.__dict__, timeout=10000)  # warm
    return window


def _close_client(window: Any) -> None:
    from app.qt import QThreadPool

    window.close()
    QThreadPool.globalInstance().waitForDone(15000)
    window.ctx.shutdown()


def _open_lessons(qtbot: Any, window: Any) -> Any:
    """进入学习 on the first card (once the card shows the photo set)."""
    home = window.home_page
    qtbot.waitUntil(lambda: home.cards[0].main_button.text() == "进入学习", timeout=15000)
    card = home.cards[0]
    card.main_button.click()
    key = f"lessons:{card.enrollment['id']}"
    qtbot.waitUntil(lambda: key in window.windows, timeout=5000)
    lessons = window.windows[key]
    qtbot.waitUntil(lambda: bool(lessons.lessons), timeout=15000)
    return lessons


# RULES: SYNC-1, SYNC-3, FACE-3, PROG-5
def test_offline_sign_in_studies_a_downloaded_lesson_credited_once_when_back(
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    enrolled_photo: bytes, screenshot: Callable[[str], Path],
) -> None:
    from app.ui.face.check_runner import remember_enrolled
    from app.ui.lessons.downloads import downloaded_file

    options = dataclasses.replace(client_options, reconnect_s=1.0)
    ui_server.ready_trainee(ZHANG_SAN, NEW_PASSWORD)

    # Online: log in, set the photo, download the first lesson.
    window = _start_client(qtbot, options)
    try:
        log_in(qtbot, window, ZHANG_SAN, NEW_PASSWORD)
        ctx = window.ctx
        qtbot.waitUntil(lambda: bool(window.home_page.cards), timeout=15000)
        ctx.api.decide_consent(True, "test")  # FACE-8
        ctx.api.upload_photo(enrolled_photo, "image/jpeg")
        assert remember_enrolled(ctx, enrolled_photo)  # as the photo screen does
        window.refresh()  # the /me the offline home will show: the photo set
        qtbot.waitUntil(lambda: ctx.offline_logins.has(ZHANG_SAN) and ctx.offline_logins._read(
            ZHANG_SAN)["me"]["photo"]["status"] != "missing", timeout=15000)
        lessons = _open_lessons(qtbot, window)
        lesson = lessons.lessons[0]
        lessons.rows[lesson["id"]].download_button.click()
        qtbot.waitUntil(lambda: downloaded_file(ctx, lesson) is not None, timeout=20000)
        enrollment_id = lessons.enrollment["id"]
    finally:
        _close_client(window)  # closed, not logged out: the login goes on

    # The server goes away; the client starts again.
    take_down(ui_server)
    window = _start_client(qtbot, options)
    try:
        ctx = window.ctx
        assert ctx.credentials.memory_only  # no keyring here: no token survived
        log_in(qtbot, window, ZHANG_SAN, "Wrong2026!x")
        qtbot.waitUntil(window.login_page.error.isVisible, timeout=15000)
        assert "身份证号或密码不正确" in window.login_page.error.text()
        log_in(qtbot, window, ZHANG_SAN, NEW_PASSWORD)
        home = window.home_page
        qtbot.waitUntil(lambda: window.stack.currentWidget() is home and bool(home.cards),
                        timeout=15000)
        assert ctx.offline_since is not None
        assert home.offline_note.isVisible()
        assert home.offline_title.text().startswith("离线，自 ")
        assert "联网时的信息" in home.offline_data_age.text()  # how old what it shows is
        assert not home.header_buttons["change_password_home_button"].isVisible()
        card = home.cards[0]
        assert card.main_button is not None and card.main_button.text() == "进入学习"
        qtbot.wait(300)
        screenshot("offline-home")

        # The downloaded lesson plays after a face check the client decides.
        lessons = _open_lessons(qtbot, window)
        assert lessons.problem.isVisible()  # 「暂时无法连接服务器。下面是上次的课程信息…」
        second = lessons.rows[lessons.lessons[1]["id"]]
        assert not second.open_button.isEnabled()  # not downloaded: says so, cannot fail
        qtbot.wait(300)
        screenshot("offline-lessons")
        lessons.open_lesson(lessons.lessons[0])
        lesson_window = lessons.lesson_window
        qtbot.waitUntil(lesson_window.isActiveWindow, timeout=5000)
        start_with_face_check(qtbot, lesson_window)
        assert str(downloaded_file(ctx, lesson)) in str(lesson_window.player.backend.source)
        from app.player.state import PlaybackState

        qtbot.waitUntil(lambda: lesson_window.player.state == PlaybackState.ENDED, timeout=90000)
        check_id = lesson_window.face_check_id
        lesson_window.close()
        qtbot.waitUntil(lambda: ctx.journal.pending_count(ZHANG_SAN) >= 2, timeout=15000)
        assert ctx.journal.entry(check_id) is not None  # journaled, not sent
        journaled = [
            ctx.journal.entry(e.entry_id) for e in ctx.journal.pending(ZHANG_SAN, _progress())
        ]

        # The server is back: a real login by itself, the journal sent, the home online.
        bring_back(ui_server)
        qtbot.waitUntil(lambda: ctx.offline_since is None, timeout=30000)
        qtbot.waitUntil(lambda: not home.offline_note.isVisible(), timeout=15000)
        qtbot.waitUntil(lambda: ctx.journal.pending_count(ZHANG_SAN) == 0, timeout=30000)
        assert ctx.journal.refused(ZHANG_SAN) == []
        assert home.header_buttons["change_password_home_button"].isVisible()
        assert ctx.offline_logins.has(ZHANG_SAN)  # the new login's, for next time
    finally:
        _close_client(window)

    _assert_credited_once(ui_server, enrollment_id, lesson["id"], check_id, journaled)


def _progress() -> Any:
    from app.sync.journal import Kind

    return Kind.PROGRESS


def _assert_credited_once(
    server: LiveServer, enrollment_id: int, lesson_id: int, check_id: str, journaled: list[Any]
) -> None:
    from sqlalchemy import select

    from app.core.intervals import covered_seconds, union
    from app.server.models import FaceCheck, LessonProgress, ProgressEvent

    with server.context.sessions() as db:
        checks = db.scalars(select(FaceCheck).where(FaceCheck.check_id == check_id)).all()
        events = db.scalars(select(ProgressEvent).where(
            ProgressEvent.event_id.in_([e.entry_id for e in journaled]))).all()
        progress = db.scalars(select(LessonProgress).where(
            LessonProgress.enrollment_id == enrollment_id,
            LessonProgress.lesson_id == lesson_id)).one()
    assert [c.passed for c in checks] == [True], "the offline check, judged by the server"
    assert len(events) == len(journaled) and {e.status for e in events} == {"credited"}
    assert {e.face_check_id for e in events} == {check_id}
    played = covered_seconds(union([(e.payload["from_s"], e.payload["to_s"]) for e in journaled]))
    assert played > 6.0  # the 8 s lesson, played offline
    assert progress.credited_s == pytest.approx(played, abs=0.05)
    url = server.context.engine.url.render_as_string(hide_password=False)
    assert counted_once(url, enrollment_id) == []
