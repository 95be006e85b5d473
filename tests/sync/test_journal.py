"""The journal: durable appends, crash safety, evidence removal, damaged files."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.errors import DomainError
from app.core.support import SUPPORT_CLIENT
from app.sync.journal import Answer, Journal, JournalFullError, Kind
from app.sync.wire import ProgressEvent
from tests.support.sync_server import ZHANG

REPO = Path(__file__).resolve().parents[2]


def event(n: int, session: str = "s1") -> ProgressEvent:
    return {
        "event_id": f"event-{n:06d}",
        "session_id": session,
        "lesson_id": 1,
        "from_s": float(n),
        "to_s": float(n + 1),
        "started_at": "2026-01-01T00:00:00+00:00",
        "ended_at": "2026-01-01T00:00:01+00:00",
        "face_check_id": None,
    }


# RULES: SYNC-1
def test_sigkill_at_random_moments_loses_no_committed_event(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    rng = random.Random(6)
    printed: set[str] = set()
    for _ in range(20):
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.support.journal_writer", str(path)],
            cwd=REPO,
            stdout=subprocess.PIPE,
        )
        assert writer.stdout is not None
        # Let it write for a while: at least one event, then a random moment.
        first = writer.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(writer.pid, signal.SIGKILL)
        rest = first + writer.stdout.read()
        writer.wait()
        assert writer.returncode == -signal.SIGKILL
        # A line cut short by the kill was never a full "committed" report.
        lines = rest.decode().split("\n")
        printed.update(line for line in lines[:-1] if line)

        journal = Journal(path)
        assert journal.integrity_problems == []
        missing = printed - journal.all_ids()
        journal.close()
        assert not missing, f"{len(missing)} committed events lost, e.g. {sorted(missing)[:3]}"
    assert len(printed) > 20  # the writers really wrote


# RULES: SYNC-2
def test_an_id_journaled_twice_is_kept_once(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    journal.append_progress(ZHANG, event(1))
    journal.append_progress_many(ZHANG, [event(1), event(2)])
    assert [e.entry_id for e in journal.pending(ZHANG, Kind.PROGRESS)] == [
        "event-000001",
        "event-000002",
    ]
    assert journal.pending(ZHANG, Kind.PROGRESS)[0].payload == event(1)
    assert journal.pending("someone-else", Kind.PROGRESS) == []


# RULES: FACE-7
def test_face_crops_are_deleted_once_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    journal = Journal(path)
    meta = {"check_id": "check-0001", "purpose": "periodic"}
    journal.append_face_check(ZHANG, "s1", meta, [b"crop-one" * 100, b"crop-two" * 100])
    [pending] = journal.pending(ZHANG, Kind.FACE_CHECK)
    assert pending.crops == [b"crop-one" * 100, b"crop-two" * 100]
    assert journal.mark_answered([Answer("check-0001", "failed", "mismatch")]) == 1
    stored = journal.entry("check-0001")
    assert stored is not None
    assert (stored.status, stored.reason, stored.crops) == ("failed", "mismatch", [])
    assert journal.pending_count(ZHANG) == 0
    journal.close()
    # Gone from the file too, not only from the query (checkpoint the WAL first).
    reopened = Journal(path)
    reopened.close()
    assert b"crop-one" not in path.read_bytes()


def test_refusals_are_kept_with_their_reason(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    journal.append_progress_many(ZHANG, [event(1), event(2)])
    journal.mark_answered(
        [Answer("event-000001", "credited"), Answer("event-000002", "refused", "bad_interval")]
    )
    [refused] = journal.refused(ZHANG)
    assert (refused.entry_id, refused.reason) == ("event-000002", "bad_interval")
    # An answer comes once: a second answer for the same id changes nothing.
    assert journal.mark_answered([Answer("event-000002", "credited")]) == 0


def test_a_damaged_journal_is_reported_and_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    path.write_bytes(b"this is not a database" * 200)
    journal = Journal(path)
    assert journal.integrity_problems, "the damage must be reported"
    journal.append_progress(ZHANG, event(1))  # and the client can keep working
    assert journal.pending_count() == 1
    assert list(tmp_path.glob("j.sqlite3.damaged-*")), "the damaged file is kept for support"


# RULES: SYNC-1
def test_a_journal_that_cannot_grow_says_the_disk_is_full(tmp_path: Path) -> None:
    """SQLite's page limit answers exactly as a full disk does (SQLITE_FULL); no root
    needed (tests/faults/test_disk_full.py fills a real small disk)."""
    journal = Journal(tmp_path / "journal.sqlite3")
    journal.append_progress(ZHANG, event(0))
    pages = journal._db.execute("PRAGMA page_count").fetchone()[0]
    journal._db.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(JournalFullError) as full:
        big = [{**event(n), "session_id": "x" * 4000} for n in range(1, 60)]
        journal.append_progress_many(ZHANG, big)  # type: ignore[arg-type]
    assert (full.value.code, full.value.reason, full.value.support) == (
        "disk_full", "no_space", SUPPORT_CLIENT,
    )  # fmt: skip
    assert isinstance(full.value, DomainError) and "磁盘空间已满" in full.value.message
    # The batch is all or nothing; the journal stays usable and whole.
    assert journal.all_ids() == {"event-000000"}
    assert [e.entry_id for e in journal.pending(ZHANG, Kind.PROGRESS)] == ["event-000000"]
    journal.close()
    again = Journal(tmp_path / "journal.sqlite3")
    assert again.integrity_problems == [] and again.all_ids() == {"event-000000"}
    again.close()
