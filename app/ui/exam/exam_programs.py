"""EXAM-7, what else runs and what the PC is: the list of forbidden programs (the
server's, else the bundled one), the check before the exam starts, and during the exam
the watch (a program that starts is a `forbidden_program` incident and a warning, watched
until it ends) and the machine check (`virtual_machine`, `remote_session`: incidents for
staff to review, never a refusal).

    fetch_programs(ctx)            # worker thread: the ProgramList
    refusal_text(found)            # 「请关闭以下程序后再开始考试」 and one line each
    (the exam window's warning words are in exam_banner)
    ExamWatch(ctx, parent).start() # during the exam: incident(kind, detail), running(names)
"""

from __future__ import annotations

import logging

from app.core.support import SUPPORT_CLIENT
from app.proctor import programs as forbidden
from app.proctor.machine import check_machine
from app.proctor.programs import Found, ProgramList, ProgramWatch
from app.qt import QObject, Signal, Slot
from app.sync.errors import ApiError
from app.ui.kit.background import run_in_background
from app.ui.kit.context import AppContext
from app.ui.kit.i18n import translate

log = logging.getLogger(__name__)
WATCH_INTERVAL_S = 2.0  # a program started mid-exam is on the server within ~3 s


def fetch_programs(ctx: AppContext) -> ProgramList:
    """Worker thread: the server's list (the province may have updated it); the bundled
    one when the server cannot be asked or answers nothing usable."""
    try:
        return forbidden.parse_list(ctx.api.forbidden_programs())
    except (ApiError, forbidden.ProgramListError) as exc:
        log.info("forbidden programs: the bundled list (%s)", exc)
        return forbidden.load_list()


def find_running(ctx: AppContext) -> list[Found]:
    """Worker thread: the forbidden programs running now."""
    return forbidden.running(fetch_programs(ctx))


def refusal_text(found: list[Found]) -> str:
    lines = [translate("ExamPrograms", "请关闭以下程序后再开始考试：")]
    lines += [f"· {name}" for name in forbidden.names_for_trainee(found)]
    lines.append(
        translate("ExamPrograms", "关闭后请点“重新检查”。有疑问请致电 %1。").replace(
            "%1", SUPPORT_CLIENT
        )
    )
    return "\n".join(lines)


class ExamWatch(QObject):
    """During the exam, on its own thread: forbidden programs every 2 s, the machine
    once. `running` carries the names still running (empty when the last one ended)."""

    incident = Signal(str, str)  # kind, detail
    running = Signal(list)  # names for the trainee
    _changed = Signal(list, list)  # started, ended: from the watch thread, queued

    def __init__(self, ctx: AppContext, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.watch: ProgramWatch | None = None
        self.stopped = False
        self._changed.connect(self._on_changed)

    def start(self) -> None:
        run_in_background(
            self,
            self._prepare,
            on_success=self._prepared,
            on_failure=lambda exc: log.warning("exam watch not started: %s", exc),
        )

    def _prepare(self) -> tuple[ProgramList, tuple[list[str], list[str]]]:
        return fetch_programs(self.ctx), check_machine()

    def _prepared(self, prepared: tuple[ProgramList, tuple[list[str], list[str]]]) -> None:
        if self.stopped:
            return
        programs, (vm, remote) = prepared
        if vm:
            self.incident.emit("virtual_machine", "; ".join(vm))
        if remote:
            self.incident.emit("remote_session", "; ".join(remote))
        # Started empty: whatever runs now (it started after the check before the exam,
        # or the exam was resumed) is reported at the first scan.
        self.watch = ProgramWatch(programs, self._changed.emit, WATCH_INTERVAL_S)
        self.watch.start()

    @Slot(list, list)
    def _on_changed(self, started: list[Found], ended: list[Found]) -> None:
        if self.stopped or self.watch is None:
            return
        for item in started:
            self.incident.emit("forbidden_program", f"started: {item.detail}")
        for item in ended:
            self.incident.emit("forbidden_program", f"ended: {item.detail}")
        self.running.emit(forbidden.names_for_trainee(self.watch.current.values()))

    def stop(self) -> None:
        self.stopped = True
        if self.watch is not None:
            self.watch.stop()
            self.watch = None
