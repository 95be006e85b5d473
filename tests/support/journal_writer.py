"""Appends progress events to a journal forever, printing each id once committed.

    python -m tests.support.journal_writer JOURNAL

The crash test kills this with SIGKILL at random moments: every id printed was
committed before it was printed, so every printed id must be in the journal after.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from app.sync.journal import Journal
from app.sync.wire import ProgressEvent


def main() -> None:
    journal = Journal(Path(sys.argv[1]))
    tag = uuid.uuid4().hex[:8]
    n = 0
    while True:
        event: ProgressEvent = {
            "event_id": f"{tag}-{n:08d}",
            "session_id": "crash-session",
            "lesson_id": 1,
            "from_s": float(n),
            "to_s": float(n + 1),
            "started_at": "2026-01-01T00:00:00+00:00",
            "ended_at": "2026-01-01T00:00:01+00:00",
            "face_check_id": None,
        }
        journal.append_progress("530102198001010015", event)
        sys.stdout.write(event["event_id"] + "\n")
        sys.stdout.flush()
        n += 1


if __name__ == "__main__":
    main()
