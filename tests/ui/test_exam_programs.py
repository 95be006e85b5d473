"""EXAM-7 in the real windows: a harmless process named like a forbidden program (a copy
of `sleep`) refuses the exam, naming it; closed, the exam starts; started again during the
exam it is an incident on the server within 5 s and a warning on screen. The machine
check's verdict (a virtual machine here or not) reaches the server as an incident too."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.server.models import AttemptIncident
from tests.support.exam_client import wait_stage
from tests.support.fake_programs import StartProgram
from tests.support.live_server import LiveServer

INCIDENT_WITHIN_S = 5.0


def incidents(server: LiveServer, attempt_id: str) -> list[tuple[str, str]]:
    with server.context.sessions() as db:
        rows = db.scalars(
            select(AttemptIncident)
            .where(AttemptIncident.attempt_id == attempt_id)
            .order_by(AttemptIncident.received_at)
        ).all()
    return [(row.kind, row.detail) for row in rows]


def test_a_forbidden_program_refuses_the_exam_and_is_recorded_during_it(
    qtbot: Any,
    host: Any,
    styled_app: Any,
    ui_server: LiveServer,
    sign_in_wang_wu: Callable[..., Any],
    fake_program: StartProgram,
    screenshot: Callable[[str], Path],
) -> None:
    # RULES: EXAM-7
    from app.proctor.machine import check_machine
    from app.ui.exam import exam_flow

    ctx = sign_in_wang_wu()
    todesk = fake_program("ToDesk")
    exam_flow.start_exam(ctx, ctx.me["enrollments"][0], host)
    flow = exam_flow.last_flow()
    assert flow is not None
    dialog = flow.rules_dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.program_reason.isVisible(), timeout=20_000)
    reason = dialog.program_reason.text()
    assert "请关闭以下程序后再开始考试" in reason and "ToDesk（远程控制）" in reason
    assert not dialog.start_button.isEnabled() and dialog.recheck_button.isVisible()
    screenshot("exam-rules-forbidden-program")

    # Starting anyway (Enter, or a script calling accept) looks again and still refuses.
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=20_000)
    assert flow.current == "rules" and dialog.found

    # Closed: 重新检查 lets the exam start.
    todesk.kill()
    todesk.wait()
    dialog.recheck_button.click()
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=20_000)
    assert not dialog.program_reason.isVisible()
    dialog.start_button.click()
    wait_stage(qtbot, flow, "exam")
    window = flow.window
    qtbot.waitExposed(window)
    attempt_id = window.channel.attempt_id
    qtbot.waitUntil(lambda: window.watch.watch is not None, timeout=20_000)

    # Started during the exam: on the server within 5 s, and warned about.
    obs = fake_program("obs64")
    started = time.monotonic()
    qtbot.waitUntil(
        lambda: any(
            kind == "forbidden_program" and "started" in detail and "obs64" in detail
            for kind, detail in incidents(ui_server, attempt_id)
        ),
        timeout=20_000,
    )
    took = time.monotonic() - started
    assert took <= INCIDENT_WITHIN_S, f"the incident took {took:.1f} s"
    qtbot.waitUntil(lambda: "OBS 录屏直播" in window.banner.text(), timeout=5_000)
    assert window.banner.isVisible() and "已被记录" in window.banner.text()
    screenshot("exam-window-forbidden-program")

    # Watched until it ends: its end is recorded, and the warning says so.
    obs.kill()
    obs.wait()
    qtbot.waitUntil(
        lambda: ("forbidden_program", f"ended: OBS 录屏直播 (obs64, pid {obs.pid})")
        in incidents(ui_server, attempt_id),
        timeout=20_000,
    )
    qtbot.waitUntil(lambda: window.banner.text() == "程序已关闭，请继续作答。", timeout=5_000)

    # The machine check: recorded as what this PC is, never a refusal.
    vm, remote = check_machine()
    recorded = incidents(ui_server, attempt_id)
    assert [d for k, d in recorded if k == "virtual_machine"] == (["; ".join(vm)] if vm else [])
    assert [d for k, d in recorded if k == "remote_session"] == (
        ["; ".join(remote)] if remote else []
    )
    assert window.isVisible() and not window.done  # nothing of this ends the attempt
    window.discard()


def test_a_check_that_returns_after_not_now_does_not_start_the_exam(
    qtbot: Any, styled_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """开始考试, then 暂不考试 while the programs are still being looked for: when the
    (clean) answer comes, the closed dialog stays closed and says nothing more."""
    import threading

    from app.ui.exam import exam_rules

    answer = threading.Event()

    def slow_scan(_ctx: Any) -> list[Any]:
        answer.wait(20)
        return []

    monkeypatch.setattr(exam_rules, "find_running", slow_scan)
    enrollment = {
        "trade": {"code": "AQY", "name": "安全员"},
        "exam": {"attempts_used": 0, "attempts_allowed": 5, "minutes": 120},
    }
    dialog = exam_rules.ExamRulesDialog(object(), enrollment)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    codes: list[int] = []
    dialog.finished.connect(codes.append)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.start_button.click()  # waits for the check under way
    dialog.cancel_button.click()
    answer.set()
    qtbot.waitUntil(lambda: not dialog.checking, timeout=20_000)
    qtbot.wait(200)
    assert codes == [0]  # rejected once, never accepted
