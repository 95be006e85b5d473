"""Nothing a trainee answers is lost (EXAM-4, SYNC-1): every answer is journaled the
moment it is given, also while an earlier save is still in flight, so a crash keeps it
and the next start sends it; only the journal's sender sends answers, oldest first, so
the latest answer to a question is the one the server keeps. A submit goes only after
the sender has every journaled answer acknowledged: with the link down it waits, says
so, and goes by itself when the link is back, graded with every answer."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.error_boxes import shown_box
from tests.support.exam_client import WANG_WU, ExamUnderWay, wait_stage
from tests.support.exam_screens import answer, attempt_row, confirm, wait_saved
from tests.support.full_disk import fill_the_disk, free_the_disk
from tests.support.live_server import LiveServer

DEAD_LINK = "http://127.0.0.1:1"


def journaled_answers(path: Path, attempt_id: str) -> list[tuple[str, list[str]]]:
    """What the journal file holds for the attempt, read through a connection of its own
    (as the next start would read it): (question_id, answer), oldest first."""
    from app.sync.journal import Journal, Kind

    journal = Journal(path)
    try:
        return [
            (entry.payload["question_id"], entry.payload["answer"])
            for entry in journal.pending(WANG_WU, Kind.ANSWER)
            if entry.payload["attempt_id"] == attempt_id
        ]
    finally:
        journal.close()


def change_answer(window: Any, index: int) -> list[str]:
    """Answer question `index` again, with its last option."""
    window.navigator.buttons[index].click()
    later = [window.questions[index]["options"][-1]["key"]]
    window.question_view.choose(later)
    return later


def test_answers_given_while_a_save_is_in_flight_survive_a_crash_and_reach_the_server(
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    begin_wang_wus_exam: Callable[..., ExamUnderWay],
) -> None:
    # RULES: EXAM-4, SYNC-1
    exam = begin_wang_wus_exam()
    ctx, window, attempt_id = exam.ctx, exam.window, exam.attempt_id
    ids = [q["id"] for q in window.questions]
    expected = {ids[0]: answer(qtbot, window, 0)}
    wait_saved(qtbot, window)

    # The link goes; four clicks in a row, the GUI never idle between them, so the first
    # save is still in flight while the others are given (one changes an earlier answer).
    ctx.set_server(DEAD_LINK)
    for index in (1, 2, 3):
        expected[ids[index]] = answer(qtbot, window, index)
    expected[ids[1]] = change_answer(window, 1)
    # The power goes now: the GUI thread never runs again. The journal on disk must
    # hold all four answers, in the order given.
    deadline = time.monotonic() + 15
    on_disk = journaled_answers(client_options.journal_path, attempt_id)
    while len(on_disk) < 4 and time.monotonic() < deadline:
        time.sleep(0.1)
        on_disk = journaled_answers(client_options.journal_path, attempt_id)
    assert [question for question, _ in on_disk] == [ids[1], ids[2], ids[3], ids[1]]
    assert on_disk[-1][1] == expected[ids[1]]

    exam.crash()  # no leave flow, the context gone
    assert attempt_row(ui_server, attempt_id).state == "open"

    # The next start: the journaled answers reach the server, the paper shows them, and
    # the later answer to question 2 is the one kept.
    resumed = exam.resume().window
    again = exam.ctx
    assert resumed.answers == expected
    qtbot.waitUntil(
        lambda: not journaled_answers(client_options.journal_path, attempt_id), timeout=20000
    )
    assert again.api.attempt(attempt_id)["answers"] == expected
    assert not again.journal.refused(WANG_WU)
    resumed.discard()


def test_a_submit_while_the_link_is_down_waits_and_goes_with_every_answer_when_it_is_back(
    styled_app: Any, qtbot: Any, ui_server: LiveServer,
    begin_wang_wus_exam: Callable[..., ExamUnderWay], screenshot: Callable[[str], Path],
) -> None:
    # RULES: EXAM-4, EXAM-2, SYNC-1
    from app.sync.journal import Kind

    exam = begin_wang_wus_exam()
    ctx, flow, window, attempt_id = exam.ctx, exam.flow, exam.window, exam.attempt_id
    ids = [q["id"] for q in window.questions]
    expected = {ids[i]: answer(qtbot, window, i) for i in (0, 1)}
    wait_saved(qtbot, window)
    assert window.save_state.text() == "已保存"

    ctx.set_server(DEAD_LINK)  # offline: these are only in the journal
    expected[ids[2]] = answer(qtbot, window, 2)
    expected[ids[0]] = change_answer(window, 0)
    wait_saved(qtbot, window)
    assert window.save_state.text() == "已保存在本机"

    window.submit_button.click()
    confirm(qtbot, window, "confirm_submit_button")
    qtbot.waitUntil(lambda: "联网后会自动交卷" in window.banner.text(), timeout=20000)
    assert "答案都已保存在本机" in window.banner.text()
    assert not window.question_view.isEnabled()  # confirmed: no more changes
    assert not window.submit_button.isEnabled() and not window.leave_button.isEnabled()
    qtbot.wait(300)
    screenshot("exam-submit-waiting-for-the-link")
    assert attempt_row(ui_server, attempt_id).state == "open"
    assert flow.current == "exam"

    ctx.set_server(ui_server.url)  # the link is back; nobody clicks anything
    wait_stage(qtbot, flow, "result", 40000)
    row = attempt_row(ui_server, attempt_id)
    assert row.state == "submitted"
    assert flow.result_dialog.exam_result["score"] == row.score
    # Graded with every answer given, the later one for question 1; none came too late.
    assert ctx.api.attempt(attempt_id)["answers"] == expected
    sent = [
        ctx.journal.entry(entry_id)
        for entry_id in ctx.journal.all_ids()
        if entry_id.startswith("answer-")
    ]
    assert sent and {entry.status for entry in sent} <= {"saved", "superseded"}
    assert not ctx.journal.pending(WANG_WU, Kind.ANSWER)
    flow.result_dialog.close_button.click()
    wait_stage(qtbot, flow, "done")


def test_with_the_disk_full_answers_go_straight_to_the_server_and_offline_it_says_so(
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer,
    begin_wang_wus_exam: Callable[..., ExamUnderWay],
) -> None:
    # RULES: EXAM-4, SYNC-1
    from app.qt import QPushButton

    exam = begin_wang_wus_exam()
    ctx, window, attempt_id = exam.ctx, exam.window, exam.attempt_id
    ids = [q["id"] for q in window.questions]
    fill_the_disk(ctx.journal)
    given = answer(qtbot, window, 0)  # nothing waits in the journal: server first
    wait_saved(qtbot, window)
    assert window.save_state.text() == "已保存"
    assert ctx.api.attempt(attempt_id)["answers"] == {ids[0]: given}

    ctx.set_server(DEAD_LINK)  # and no disk: the trainee is told, in plain words
    answer(qtbot, window, 1)
    box = shown_box(qtbot)
    assert "磁盘空间已满" in box.text() and box.informativeText() == "代码：disk_full"
    assert window.save_state.text() == "未能保存，请重新选择"
    assert 2 in window.unanswered()  # not saved anywhere: shown unanswered, to choose again
    box.findChild(QPushButton, "error_ok_button").click()

    free_the_disk(ctx.journal)  # room again: the next choice is journaled, then sent
    again = answer(qtbot, window, 1)
    wait_saved(qtbot, window)
    assert window.save_state.text() == "已保存在本机"
    ctx.set_server(ui_server.url)
    ctx.sender.wake()
    qtbot.waitUntil(
        lambda: not journaled_answers(client_options.journal_path, attempt_id), timeout=20000
    )
    assert ctx.api.attempt(attempt_id)["answers"] == {ids[0]: given, ids[1]: again}
    window.discard()
