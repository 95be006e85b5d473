"""Kiosk logout (issue 16): no download offered on a shared PC; records sent while signed
in leave no face crop behind (FACE-7); at logout with the server away the client says so
and keeps the trainee's records on this PC; when the server is back and the same trainee
signs in again on that PC, every kept record reaches the server exactly once and no face
crop is left. Real main window, journal, sender, server."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from tests.support.face_check_data import crops, face_check_meta
from tests.support.home_screens import NEW_PASSWORD, WANG_WU, log_in, ready
from tests.support.live_server import LiveServer
from tests.support.sync_server import bring_back, take_down


def _journal(window: Any, attempt: dict[str, Any], question: int, tag: str) -> str:
    """What a trainee leaves unsent: a face check with its evidence crops, an answer."""
    ctx = window.ctx
    check_id = f"kiosk-{tag}-{datetime.now(UTC).timestamp():.0f}"
    ctx.journal.append_face_check(
        WANG_WU, ctx.api.session_id, face_check_meta(check_id), crops()
    )
    question_id = attempt["questions"][question]["id"]
    ctx.journal.append_answer(WANG_WU, ctx.api.session_id, attempt["id"], question_id, ["A"])
    ctx.sender.wake()  # as the lesson and exam screens do after journaling
    return check_id


def _crops_left(window: Any) -> int:
    journal = window.ctx.journal
    with journal._lock:
        return int(journal._db.execute("SELECT count(*) FROM crops").fetchone()[0])


def _assert_on_server_once(
    server: LiveServer, check_id: str, attempt: dict[str, Any], question: int
) -> None:
    from sqlalchemy import func, select

    from app.server.models import AttemptAnswer, FaceCheck

    question_id = attempt["questions"][question]["id"]
    with server.context.sessions() as db:
        checks = db.scalar(
            select(func.count()).select_from(FaceCheck).where(FaceCheck.check_id == check_id)
        )
        saved = db.scalars(
            select(AttemptAnswer).where(
                AttemptAnswer.attempt_id == attempt["id"], AttemptAnswer.question_id == question_id
            )
        ).all()
    assert checks == 1
    assert [a.answer for a in saved] == [["A"]]


def test_kiosk_logout_sends_first_and_keeps_the_backlog_when_the_server_is_away(
    styled_app: Any, client_options: Any, qtbot: Any, ui_server: LiveServer,
    screenshot: Any,
) -> None:
    from app.ui.launch import create_main_window
    from tests.support.exam_start import exam_check, start_exam_as

    window, _ = create_main_window(replace(client_options, kiosk=True))
    qtbot.addWidget(window)
    window.show()
    try:
        ready(qtbot, window, ui_server, WANG_WU)
        ctx = window.ctx
        ui_server.consent(str(ctx.api.token))  # FACE-8: his face checks are taken
        # A shared PC keeps nothing of a trainee: no download is offered.
        from app.ui.lessons.lesson_row import LessonRow

        enrollment_id = ctx.me["enrollments"][0]["id"]
        row = LessonRow(ctx, enrollment_id, ctx.api.lessons(enrollment_id)[0])
        qtbot.addWidget(row)
        row.show()
        assert not row.download_button.isVisible()
        row.close()

        attempt = start_exam_as(ctx.api, enrollment_id)
        _journal(window, attempt, 0, "online")
        qtbot.waitUntil(lambda: ctx.journal.pending_count(WANG_WU) == 0, timeout=20000)
        assert _crops_left(window) == 0  # sent while signed in: the crops went at once

        # The server goes away; more is journaled; the trainee logs out.
        take_down(ui_server)
        away_check = _journal(window, attempt, 1, "away")
        assert ctx.journal.pending_count(WANG_WU) == 2 and _crops_left(window) == len(crops())
        window.home_page.findChild(object, "logout_button").click()
        dialog = window.windows["kiosk_logout"]
        qtbot.waitUntil(lambda: dialog.ok_button.isVisible(), timeout=90000)
        assert "暂时无法连接服务器" in dialog.message.text()
        assert "下次您在这台电脑登录时会自动上传" in dialog.message.text()
        qtbot.wait(300)  # painted before the grab
        screenshot("kiosk-logout-server-away")
        dialog.ok_button.click()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login_page, timeout=5000)
        assert ctx.journal.pending_count(WANG_WU) == 2  # kept, for him

        # The server is back; the same trainee signs in again on this PC: what was kept
        # goes (SYNC-1, SYNC-3: recorded under the session this login replaces); the
        # answer once this new login passed its exam check for the attempt, as 继续考试
        # makes it (EXAM-1: the attempt was started under the earlier login).
        bring_back(ui_server)
        log_in(qtbot, window, WANG_WU, NEW_PASSWORD)
        qtbot.waitUntil(lambda: bool(window.home_page.cards), timeout=15000)
        assert exam_check(ui_server.api, str(ctx.api.token), attempt_id=attempt["id"])["passed"]
        ctx.sender.wake()
        qtbot.waitUntil(lambda: ctx.journal.pending_count(WANG_WU) == 0, timeout=30000)
        assert ctx.journal.refused(WANG_WU) == []
        entry = ctx.journal.entry(away_check)
        # The server judged it (a grey crop holds no face): it arrived, it was not refused.
        assert entry is not None and entry.status in ("passed", "failed"), entry
        _assert_on_server_once(ui_server, away_check, attempt, 1)
        assert _crops_left(window) == 0  # FACE-7: gone as soon as the server had them
        data_dir = ctx.options.data_dir
        files = sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*") if p.is_file())
        images = [f for f in files if f.lower().endswith((".jpg", ".jpeg", ".png"))]
        assert images == [], files
        assert not [f for f in files if f.startswith("offline")], "no offline sign-in"

    finally:
        window._staff_exit = True  # closing the kiosk shell at teardown asks no PIN
        window.ctx.shutdown()
        if not ui_server.thread.is_alive():
            bring_back(ui_server)  # the fixture stops a running server
