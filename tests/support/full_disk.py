"""A journal on a "full disk" without root: its file may not grow (PRAGMA max_page_count),
and the room left in its pages is taken by entries of another owner, so SQLite answers
SQLITE_FULL exactly as on a full disk (tests/faults/test_disk_full.py fills a real tmpfs)."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

FILLER = "disk-filler"  # another owner: a sender never sends these


def fill_the_disk(journal: Any) -> None:
    from app.sync.journal import JournalFullError

    with journal._lock:
        pages = journal._db.execute("PRAGMA page_count").fetchone()[0]
        journal._db.execute(f"PRAGMA max_page_count = {pages}")
    with contextlib.suppress(JournalFullError):
        for n in range(100_000):
            journal.append_progress(FILLER, {"event_id": f"f{n}", "session_id": None})
    with pytest.raises(JournalFullError):  # really full now
        journal.append_progress(FILLER, {"event_id": "one-more", "session_id": None})


def free_the_disk(journal: Any) -> None:
    with journal._lock:
        journal._db.execute("PRAGMA max_page_count = 1073741823")
