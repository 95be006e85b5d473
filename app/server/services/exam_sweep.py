"""EXAM-2 without anyone asking: a background thread that ends overdue attempts.

Reads and writes of an attempt already expire it when they notice the deadline; the
sweep makes sure an attempt left alone (client crashed and never came back) is graded
too, so its score counts for GET /me, the receipt and the retake rule.
"""

from __future__ import annotations

import logging
import threading

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


class ExamSweep:
    """Runs :func:`expire_overdue_attempts` every `interval_s` until stopped."""

    def __init__(self, context: ServerContext, interval_s: float) -> None:
        self._context = context
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="exam-sweep", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stop.wait(self._interval_s):
            try:
                count = expire_overdue_attempts(self._context)
            except Exception:  # a database hiccup must not end the sweep for good
                log.exception("exam sweep failed; trying again next round")
                continue
            if count:
                log.info("exam sweep expired %d attempt(s)", count)
