"""The exam's countdown (EXAM-2): the server's time left, never the PC's clock.

It starts from the server's `remaining_s` and is re-synced on every answer the server
saves and every minute (`resync_due`); between syncs it runs on a monotonic timer. At
zero it says 时间到 and emits `time_up` once: the window then asks the server, which
grades the saved answers at its own deadline (`time_up` comes again on each sync that
still finds no time left, so an answer lost on the way is asked for again).
"""

from __future__ import annotations

from app.qt import QElapsedTimer, QLabel, QObject, QTimer, QWidget, Signal, Slot
from app.sync import wire
from app.ui.kit.i18n import translate
from app.ui.kit.widgets import format_clock, label, set_role

TICK_MS = 1000
RESYNC_MS = 60_000
WARN_BELOW_S = 300  # the last five minutes in the error colour
# Time warnings said aloud (kit/voice.py), as the time left passes each: prompt id by seconds.
SPOKEN_WARNINGS = ((600, "exam_10_minutes"), (300, "exam_5_minutes"), (60, "exam_1_minute"))


class ExamCountdown(QObject):
    time_up = Signal()  # the time left has reached zero
    resync_due = Signal()  # every minute: ask the server for the time left
    warning = Signal(str)  # a SPOKEN_WARNINGS prompt id, once as the time left passes it

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.caption: QLabel = label(translate("ExamCountdown", "剩余时间"), "hint", wrap=False)
        self.clock: QLabel = label("", "big", wrap=False)
        self.clock.setObjectName("exam_countdown")
        self._since_sync = QElapsedTimer()
        self._remaining_at_sync = 0.0
        self._last_left: float | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._update)
        self._resync = QTimer(self)
        self._resync.setInterval(RESYNC_MS)
        self._resync.timeout.connect(self.resync_due)

    def start(self, attempt: wire.Attempt) -> None:
        self.sync(attempt)
        self._tick.start()
        self._resync.start()

    @Slot(object)
    def sync(self, attempt: wire.Attempt) -> None:
        """The server's word on the time left (every save, every resync)."""
        self._remaining_at_sync = float(attempt["remaining_s"])
        self._since_sync.start()
        self._update()

    def remaining_s(self) -> float:
        return max(0.0, self._remaining_at_sync - self._since_sync.elapsed() / 1000)

    def stop(self) -> None:
        self._tick.stop()
        self._resync.stop()

    @Slot()
    def _update(self) -> None:
        left = self.remaining_s()
        before, self._last_left = self._last_left, left
        for threshold, prompt_id in SPOKEN_WARNINGS:
            # Passed since the last look (not at a resumed start already below it).
            if before is not None and before > threshold >= left > 0:
                self.warning.emit(prompt_id)
        self.clock.setText(format_clock(left))
        set_role(self.clock, "error" if left < WARN_BELOW_S else "big")
        if left <= 0:
            self._tick.stop()
            self.clock.setText(translate("ExamCountdown", "时间到"))
            self.time_up.emit()
