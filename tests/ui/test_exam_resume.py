"""A crash mid-exam is not leaving (EXAM-4): the same paper reopens with the saved
answers and the server's remaining time. And the deadline is the server's (EXAM-2): with
a 1-minute exam the countdown ends and the result is the server's grading."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.exam_client import WANG_WU, ExamUnderWay, wait_stage
from tests.support.exam_screens import answer, attempt_row, wait_saved
from tests.support.live_server import LiveServer, start_server


def test_a_crash_mid_exam_resumes_the_same_paper_with_the_servers_time(
    styled_app: Any, qtbot: Any, ui_server: LiveServer,
    begin_wang_wus_exam: Callable[..., ExamUnderWay],
) -> None:
    # RULES: EXAM-4, EXAM-2
    exam = begin_wang_wus_exam()
    window = exam.window
    given = {window.questions[i]["id"]: answer(qtbot, window, i) for i in (0, 1, 4)}
    wait_saved(qtbot, window)
    paper = [q["id"] for q in window.questions]

    # The crash: the window and the context go without the leave flow.
    exam.crash()
    assert attempt_row(ui_server, exam.attempt_id).state == "open"

    ui_server.clock.advance(minutes=30)  # the client was away half an hour
    resumed = exam.resume().window  # the home screen's 继续考试
    assert resumed.channel.attempt_id == exam.attempt_id
    assert [q["id"] for q in resumed.questions] == paper
    assert resumed.answers == given
    resumed.navigator.buttons[1].click()
    assert resumed.question_view.chosen() == given[paper[1]]
    assert resumed.unanswered()[:3] == [3, 4, 6]
    # The server's remaining time: 120 minutes less the half hour away (and the test's
    # own seconds), whatever the PC's clock says.
    assert 89 * 60 < resumed.remaining_s() <= 90 * 60
    assert resumed.clock.text().startswith("1:29:") or resumed.clock.text().startswith("1:30:")
    resumed.discard()


@pytest.fixture
def one_minute_server(tmp_path: Path, ui_media_dir: Path) -> Iterator[LiveServer]:
    live = start_server(
        tmp_path / "server-1min", None, ui_media_dir, demo_lesson_seconds=8, exam_minutes=1
    )
    yield live
    live.stop()


def test_with_a_one_minute_exam_the_countdown_ends_in_the_servers_grading(
    styled_app: Any, qtbot: Any, one_minute_server: LiveServer,
    begin_wang_wus_exam: Callable[..., ExamUnderWay],
) -> None:
    # RULES: EXAM-2
    from app.ui.exam.exam_rules import rule_lines

    rules: list[str] = []
    exam = begin_wang_wus_exam(
        one_minute_server, shot=lambda dialog: rules.extend(rule_lines(dialog.enrollment))
    )
    # The rules dialog said the server's length before the start, not the rule's 120.
    assert rules[0].startswith("考试时长 1 分钟")
    flow, window = exam.flow, exam.window
    assert window.header.length_line.text().endswith("时长 1 分钟")
    assert window.remaining_s() <= 60
    answer(qtbot, window, 0)
    wait_saved(qtbot, window)
    # The server's clock runs ahead: the next save re-syncs the countdown to it.
    one_minute_server.clock.advance(seconds=50)
    answer(qtbot, window, 1)
    wait_saved(qtbot, window)
    qtbot.waitUntil(lambda: window.remaining_s() < 12, timeout=5000)
    wait_stage(qtbot, flow, "result", 30000)
    row = attempt_row(one_minute_server, window.channel.attempt_id)
    assert row.state == "expired"
    result = flow.result_dialog.exam_result
    assert result["score"] == row.score and result["attempts_used"] == 1
    flow.result_dialog.close_button.click()
    wait_stage(qtbot, flow, "done")


def test_offline_answers_are_journaled_and_reach_the_server_in_order(
    styled_app: Any, qtbot: Any, ui_server: LiveServer,
    begin_wang_wus_exam: Callable[..., ExamUnderWay],
) -> None:
    # RULES: EXAM-4
    from app.sync.journal import Kind

    exam = begin_wang_wus_exam()
    ctx, window = exam.ctx, exam.window
    first = window.questions[0]
    ctx.set_server("http://127.0.0.1:1")  # the network goes
    answer(qtbot, window, 0)
    wait_saved(qtbot, window)
    assert window.save_state.text() == "已保存在本机"
    assert len(ctx.journal.pending(WANG_WU, Kind.ANSWER)) == 1
    window.navigator.buttons[0].click()
    later = [first["options"][-1]["key"]]
    window.question_view.choose(later)  # changed while offline: the journal keeps order
    wait_saved(qtbot, window)
    ctx.set_server(ui_server.url)  # back
    ctx.sender.wake()
    qtbot.waitUntil(lambda: not ctx.journal.pending(WANG_WU, Kind.ANSWER), timeout=15000)
    saved = ctx.api.attempt(window.channel.attempt_id)["answers"]
    assert saved[first["id"]] == later
    answer(qtbot, window, 1)  # online again: straight to the server
    wait_saved(qtbot, window)
    assert window.save_state.text() == "已保存"
    window.discard()
