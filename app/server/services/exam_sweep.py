"""EXAM-2 without anyone asking: a background thread that ends overdue attempts (and the
thread that runs a job periodically, also used by the daily retention job).

Reads and writes of an attempt already expire it when they notice the deadline; the
sweep makes sure an attempt left alone (client crashed and never came back) is graded
too, so its score counts for GET /me, the receipt and the retake rule.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from app.server.context import ServerContext
from app.server.services.exam import expire_if_overdue, lock_attempt, overdue_attempt_ids

log = logging.getLogger(__name__)


def expire_overdue_attempts(context: ServerContext) -> int:
    """One pass: expire and grade every open attempt past its deadline; returns how many."""
    with context.sessions() as db:
        ids = overdue_attempt_ids(db, context.now())
    expired = 0
    for attempt_id in ids:
        # One transaction per attempt: a slow or failing one does not hold up the rest.
        with context.sessions() as db:
            attempt = lock_attempt(db, attempt_id)
            if attempt is not None and expire_if_overdue(db, context, attempt):
                db.commit()
                expired += 1
    return expired


class PeriodicJob:
    """Runs `job` every `interval_s` (first at start when `at_start`) until stopped, on a
    thread of its own; a failing round is logged and the next one runs anyway."""

    def __init__(
        self, name: str, interval_s: float, job: Callable[[], int], *, at_start: bool = False
    ) -> None:
        self._name = name
        self._job = job
        self._interval_s = interval_s
        self._at_start = at_start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout_s)

    def _run(self) -> None:
        if self._at_start:
            self._round()
        while not self._stop.wait(self._interval_s):
            self._round()

    def _round(self) -> None:
        try:
            count = self._job()
        except Exception:  # a database hiccup must not end the job for good
            log.exception("%s failed; trying again next round", self._name)
            return
        if count:
            log.info("%s: %d done", self._name, count)


def exam_sweep(context: ServerContext) -> PeriodicJob:
    return PeriodicJob(
        "exam-sweep", context.settings.exam_sweep_s, lambda: expire_overdue_attempts(context)
    )
