"""The client side of the exam tests: a trainee signed in, the exam begun through the
rules dialog and the real face check up to the locked window, a crash of the whole
client, and the next start resuming the open attempt (EXAM-4).

tests/support/ui_fixtures.py turns these into the fixtures `sign_in_wang_wu` and
`begin_wang_wus_exam`; tests/ui/test_exam.py re-exports the helpers for older imports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from tests.support.live_server import LiveServer

WANG_WU = "532501198811200037"  # every lesson credited, no attempt yet
NEW_PASSWORD = "Anquan2026!"
FLOW_TIMEOUT_MS = 60_000  # the face check with the real engine included


def signed_in(options: Any, server: LiveServer, id_number: str, photo: bytes | None) -> Any:
    """An AppContext logged in as the trainee (password changed), /me loaded."""
    from app.ui.kit.context import AppContext

    server.ready_trainee(id_number, NEW_PASSWORD)
    ctx = AppContext(options, options.server_url)
    ctx.begin_session(ctx.api.login(id_number, NEW_PASSWORD))
    if photo is not None and ctx.api.me()["photo"]["status"] == "missing":
        ctx.api.decide_consent(True, "test")  # FACE-8
        ctx.api.upload_photo(photo)
    ctx.refresh_me()
    return ctx


# The loop ends 20 frames sooner: the eyes-open frames before the blink are other ones.
RESUME_FRAMES = (82, 190)


def wait_stage(qtbot: Any, flow: Any, stage: str, timeout: int = FLOW_TIMEOUT_MS) -> None:
    qtbot.waitUntil(lambda: flow.current == stage, timeout=timeout)


def begin_exam(qtbot: Any, ctx: Any, host: Any, *, shot: Callable[[Any], None] | None = None
               ) -> Any:
    """start_exam through the rules dialog and the real face check up to the window."""
    from app.ui.exam import exam_flow

    exam_flow.start_exam(ctx, ctx.me["enrollments"][0], host)
    flow = exam_flow.last_flow()
    assert flow is not None and flow.current == "rules"
    dialog = flow.rules_dialog
    qtbot.waitExposed(dialog)
    if shot is not None:
        shot(dialog)
    assert dialog.start_button.isEnabled()
    dialog.start_button.click()
    wait_stage(qtbot, flow, "exam")
    assert flow.window is not None
    qtbot.waitExposed(flow.window)
    return flow


@dataclass
class ExamUnderWay:
    """王五 in the locked exam window: his context, the exam flow (at "exam") and the
    parent the home screen would pass. `contexts` are shut down after the test."""

    qtbot: Any
    options: Any
    ctx: Any
    flow: Any
    host: Any
    attempt_id: str
    contexts: list[Any] = field(default_factory=list)

    @property
    def window(self) -> Any:
        return self.flow.window

    def crash(self) -> None:
        """The whole client goes at once, without the leave flow: the window (its face
        watch and lock) and the context, journal and sender included."""
        window = self.window
        window.proctor.stop()
        window.watch.stop()
        window.lock.release()
        window.hide()
        window.deleteLater()
        self.ctx.shutdown()
        self.contexts.remove(self.ctx)
        self.qtbot.wait(100)

    def resume(self) -> Any:
        """The next start: a new context logs in, /me names the open attempt (the home
        screen's 继续考试), an exam face check for the attempt, and the exam resumes in a
        new window. Returns the new flow,
        at "exam"; `ctx` and `flow` are the new ones from now on."""
        from app.core.clock import set_server_offset
        from app.ui.exam import exam_flow
        from app.ui.kit.context import AppContext

        attempt_id = self.attempt_id
        # The camera met elsewhere in the clip: a check on the very frames of the start's
        # check is a replay to the server (FACE-3), which a live camera never sends.
        options = replace(self.options, camera_frames=RESUME_FRAMES)
        again = AppContext(options, options.server_url)
        self.contexts.append(again)
        again.begin_session(again.api.login(WANG_WU, NEW_PASSWORD))
        # As the login page does: the exam check's times are judged on the server's clock.
        set_server_offset(again.api.measure_clock_offset())
        enrollment = again.refresh_me()["enrollments"][0]
        assert enrollment["exam"]["open_attempt_id"] == attempt_id
        exam_flow.resume_exam(again, enrollment, attempt_id, self.host)
        flow = exam_flow.last_flow()
        wait_stage(self.qtbot, flow, "exam")  # its face check first
        self.qtbot.waitExposed(flow.window)
        self.ctx, self.flow = again, flow
        return flow
