"""SIGKILL the real exam window's process mid-exam, with the link down (EXAM-4, SYNC-1):
every answer the window said was saved on this PC (已保存在本机) is on its disk, and a
new client resumes the same attempt with those answers, sends them, and invents none.

tests/faults/test_exam_kill.py kills a process that journals and sends by itself; the
crash tests of test_exam_journal / test_exam_resume drop the window inside the test's
own process and shut its context down, which closes the journal cleanly. Here the
process killed is the real client: the locked ExamWindow with its writer thread and
sender and the presence watch on the face video, answering as clicks do, killed with
its next answers still on their way to the disk; with the link down, the journal is the
only place the saved answers are. And the kill leaves the desktop's settings as they
were (EXAM-7: nothing the exam sets survives the process).

Run as `python -m tests.ui.test_exam_killed URL DATA_DIR CAMERA FIRST LAST`, this module
is that client (the child): it starts the attempt, loses the link, then answers in
bursts of BURST questions, printing `given <question_id> <key>` for each click and
`idle` each time the window has every answer journaled again."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.exam_client import NEW_PASSWORD, WANG_WU, wait_stage
from tests.support.live_server import LiveServer

pytestmark = [pytest.mark.display, pytest.mark.timeout(120)]
REPO = Path(__file__).resolve().parents[2]
BURST = 4  # answers given in a row, without waiting for the saves
CLICK_MS = 30  # between two answers of a burst
DEAD_LINK = "http://127.0.0.1:1"
IDLE_BEFORE_KILL = 2  # bursts that reached 已保存 before the kill
KILL_AFTER_S = 0.04  # into the next burst: its answers are in flight


# ---------------------------------------------------------------------------- the child
def run_child(url: str, data_dir: str, camera: str, first: int, last: int) -> None:
    from app.qt import QApplication, QTimer
    from app.ui.exam.exam_window import ExamWindow
    from app.ui.kit.context import AppContext
    from app.ui.kit.options import ClientOptions
    from app.ui.kit.style import apply_style
    from tests.support.exam_start import start_exam_as

    app = QApplication(sys.argv[:1])
    apply_style(app)
    options = ClientOptions(
        server_url=url, camera=camera, camera_frames=(first, last), data_dir=Path(data_dir)
    )
    ctx = AppContext(options, url)
    ctx.begin_session(ctx.api.login(WANG_WU, NEW_PASSWORD))
    enrollment = ctx.refresh_me()["enrollments"][0]
    attempt = start_exam_as(ctx.api, enrollment["id"])
    window = ExamWindow(ctx, enrollment, attempt)
    window.show_locked()
    ctx.set_server(DEAD_LINK)  # the link goes: what is saved is saved on this PC only
    print(f"attempt {attempt['id']}", flush=True)
    questions = window.questions
    state = {"next": 0, "in_burst": 0}

    def click() -> None:
        index = state["next"]
        if index >= len(questions):
            return
        state["next"] += 1
        state["in_burst"] += 1
        question = questions[index]
        key = question["options"][index % len(question["options"])]["key"]
        # Said before the click: the writer thread may journal it before a line printed
        # after could go out, and a kill in between would leave it journaled, unnamed.
        print(f"given {question['id']} {key}", flush=True)
        window.navigator.buttons[index].click()
        window.question_view.choose([key])
        if state["in_burst"] < BURST:
            QTimer.singleShot(CLICK_MS, click)

    def on_idle() -> None:
        if state["in_burst"] >= BURST:  # this burst's answers are all journaled
            print("idle", flush=True)
            state["in_burst"] = 0
            QTimer.singleShot(CLICK_MS, click)

    window.channel.idle.connect(on_idle)
    QTimer.singleShot(500, click)  # the window shown and its channel settled
    app.exec()


# ---------------------------------------------------------------------------- the test
def system_settings() -> dict[str, str]:
    """What a lock-down could leave changed on this desktop (EXAM-7; SEB's crash leaves
    Task Manager disabled): X's keyboard, screen saver and power settings and the keyboard
    map. On Windows the exam calls nothing that outlives it (app/proctor/win32.py, held by
    tests/proctor/test_win32_decls.py)."""
    return {
        command[0]: subprocess.run(command, capture_output=True, text=True, timeout=20).stdout
        for command in (["xset", "q"], ["setxkbmap", "-query"])
    }


def answers_of(lines: list[str], upto: int | None = None) -> dict[str, list[str]]:
    """The answers printed in lines[:upto] (each question answered once)."""
    words = (line.split() for line in lines[:upto])
    return {w[1]: [w[2]] for w in words if len(w) == 3 and w[0] == "given"}


def next_burst_begun(lines: list[str]) -> bool:
    idle = [n for n, line in enumerate(lines) if line == "idle\n"]
    return len(idle) >= IDLE_BEFORE_KILL and any(
        line.startswith("given") for line in lines[idle[IDLE_BEFORE_KILL - 1]:]
    )


def kill_mid_burst(args: list[str], timeout_s: float = 60) -> list[str]:
    """Run the child until IDLE_BEFORE_KILL bursts were saved and the next has begun,
    then SIGKILL it a moment into that burst. Returns what it printed."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.test_exam_killed", *args],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(child.stdout.readline, "")))  # type: ignore[union-attr]
    reader.start()
    deadline = time.monotonic() + timeout_s
    try:
        while not next_burst_begun(lines) and child.poll() is None:
            assert time.monotonic() < deadline, f"the child did not get going: {lines}"
            time.sleep(0.01)
        assert child.poll() is None, f"the child ended by itself: {lines}"
        time.sleep(KILL_AFTER_S)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
        reader.join(timeout=10)
    assert child.returncode == -signal.SIGKILL
    return [line.strip() for line in lines]


def test_killing_the_exam_window_keeps_what_it_saved_and_a_new_client_resumes_it(
    styled_app: Any, qtbot: Any, client_options: Any, ui_server: LiveServer, host: Any,
    client_contexts: list[Any],
) -> None:
    # RULES: EXAM-4, SYNC-1, EXAM-7
    from app.sync.journal import Kind
    from app.ui.exam import exam_flow
    from app.ui.kit.context import AppContext

    ui_server.ready_trainee(WANG_WU, NEW_PASSWORD)
    first, last = client_options.camera_frames
    settings_before = system_settings()
    assert all(settings_before.values()), settings_before
    lines = kill_mid_burst([
        client_options.server_url, str(client_options.data_dir), str(client_options.camera),
        str(first), str(last),
    ])
    assert system_settings() == settings_before  # the killed exam left the PC as it was
    attempt_id = next(line.split()[1] for line in lines if line.startswith("attempt"))
    last_idle = max(n for n, line in enumerate(lines) if line == "idle")
    saved = answers_of(lines, last_idle)  # the window showed 已保存在本机 after these
    given = answers_of(lines)
    assert len(saved) >= IDLE_BEFORE_KILL * BURST and len(given) > len(saved)
    token = ui_server.login(WANG_WU, NEW_PASSWORD)["token"]
    on_server = ui_server.call("GET", f"/attempts/{attempt_id}", token).json()["answers"]
    assert on_server == {}  # the link was down: only this PC's journal has them

    # A new client on this PC: /me says 继续考试, and the window opens with the answers.
    again = AppContext(client_options, client_options.server_url)
    client_contexts.append(again)
    again.begin_session(again.api.login(WANG_WU, NEW_PASSWORD))
    enrollment = again.refresh_me()["enrollments"][0]
    assert enrollment["exam"]["open_attempt_id"] == attempt_id
    exam_flow.resume_exam(again, enrollment, attempt_id, host)
    flow = exam_flow.last_flow()
    wait_stage(qtbot, flow, "exam", 20000)
    resumed = flow.window
    assert resumed.channel.attempt_id == attempt_id
    assert saved.items() <= resumed.answers.items()  # nothing said saved was lost
    assert resumed.answers.items() <= given.items()  # and nothing made up
    # What the killed client journaled and did not send goes now; the server has it all.
    qtbot.waitUntil(lambda: not again.journal.pending(WANG_WU, Kind.ANSWER), timeout=20000)
    assert again.api.attempt(attempt_id)["answers"] == resumed.answers
    assert not again.journal.refused(WANG_WU)
    resumed.discard()


if __name__ == "__main__":
    run_child(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
