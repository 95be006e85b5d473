"""A full disk during a lesson (SYNC-1): played time that cannot be journaled would not
be credited, so the lesson pauses and says why (the one error display, JournalFullError's
plain message); the unjournaled stretch is held in order; playing again retries, pauses
again while the disk is still full, and once there is room journals the held stretch
first and the lesson goes on to 100%.

The full disk is the journal's file not allowed to grow (PRAGMA max_page_count, as in
tests/sync/test_journal.py): SQLite then answers SQLITE_FULL exactly as on a full disk,
without root (tests/faults/test_disk_full.py fills a real small tmpfs)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.error_boxes import (
    shown_box,
)
from tests.support.full_disk import fill_the_disk, free_the_disk
from tests.support.lesson_screens import open_list
from tests.support.lesson_window import (
    PAUSED_FACE_TEXT,
    face_panel_with_face_in_view,
    open_lesson,
    quiet_vlc,  # noqa: F401  (autouse fixture)
    server_lessons,
    start_with_face_check,
    trainee,  # noqa: F401  (fixture)
)
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.display, pytest.mark.timeout(180)]


def close_box(qtbot: Any, box: Any) -> None:
    from app.qt import QPushButton
    from app.ui.kit.errors import open_error_boxes

    box.findChild(QPushButton, "error_ok_button").click()
    qtbot.waitUntil(lambda: not open_error_boxes(), timeout=5000)


def press_play(qtbot: Any, window: Any) -> None:
    window.activateWindow()  # LEARN-4 would pause a window without the focus
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.controls.play_button.click()


def test_a_full_disk_pauses_the_lesson_says_so_and_playing_again_goes_on(
    styled_app: Any,
    qtbot: Any,
    trainee: Any,  # noqa: F811
    ui_server: LiveServer,
    screenshot: Callable[[str], Path],
) -> None:
    # RULES: SYNC-1, LEARN-2, PROG-5
    from app.player.state import PlaybackState

    ctx = trainee
    enrollment_id = ctx.me["enrollments"][0]["id"]
    lessons_window = open_list(qtbot, ctx)
    window = open_lesson(qtbot, lessons_window)
    start_with_face_check(qtbot, window)
    assert face_panel_with_face_in_view(window) == "人脸识别通过，正在计入学时。"
    fill_the_disk(ctx.journal)
    journaled = window.journaled

    # The next stretch (the 5 s chunk) does not fit: paused, and the trainee is told.
    box = shown_box(qtbot)
    assert "磁盘空间已满" in box.text() and box.informativeText() == "代码：disk_full"
    qtbot.waitUntil(lambda: window.player.state != PlaybackState.PLAYING, timeout=5000)
    assert window.ctx.outbox.held and window.journaled == journaled
    assert "磁盘空间已满" in window.notice.text()
    # Paused for the disk: the face panel does not claim credit is being counted.
    qtbot.waitUntil(lambda: "正在计入学时" not in window.panel.face_state.text(), timeout=3000)
    assert face_panel_with_face_in_view(window) == PAUSED_FACE_TEXT
    qtbot.wait(300)
    screenshot("lesson-disk-full")
    close_box(qtbot, box)
    assert "视频已暂停" in window.notice.text() and "删除不用的文件" in window.notice.text()
    held = [event["event_id"] for event in window.ctx.outbox.held]

    # Still full: playing again retries, and pauses again with the message.
    press_play(qtbot, window)
    box = shown_box(qtbot)
    qtbot.waitUntil(lambda: window.player.state != PlaybackState.PLAYING, timeout=5000)
    assert [event["event_id"] for event in window.ctx.outbox.held][: len(held)] == held
    close_box(qtbot, box)

    # Room again: playing journals the held stretch first, and the lesson goes on.
    free_the_disk(ctx.journal)
    press_play(qtbot, window)
    qtbot.waitUntil(lambda: not window.ctx.outbox.held
                    and window.journaled >= journaled + len(held), timeout=10000)  # fmt: skip
    assert held[0] in ctx.journal.all_ids()
    with qtbot.waitSignal(window.completed, timeout=90000):
        pass
    assert window.panel.percent.text() == "100%"
    first = server_lessons(ui_server, ctx, enrollment_id)[0]
    assert first["complete"] and first["credited_s"] >= first["duration_s"] - 2.0
    refused = ctx.journal.refused(ctx.id_number)
    assert not refused, [(e.reason, e.payload) for e in refused]
