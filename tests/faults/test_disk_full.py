"""The disk fills up under the journal (SYNC-1): the append that does not fit fails with
a clear `JournalFullError` (code `disk_full`, a plain Chinese message and the client
support line, shown by the client's one error display), nothing journaled before it is
lost or damaged, and once space is freed the journal takes entries again. A 2 MB tmpfs is the full
disk; mounting needs root, and the test says so when it cannot."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.errors import DomainError
from app.core.support import SUPPORT_CLIENT
from app.sync.journal import Journal, JournalFullError, Kind
from app.ui.kit.errors import describe

OWNER = "530102198001010015"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def event(n: int) -> dict[str, object]:
    return {
        "event_id": str(uuid.uuid4()),
        "session_id": "session-1",
        "lesson_id": 1,
        "from_s": float(n),
        "to_s": float(n + 1),
        "started_at": "2026-11-24T10:00:00+08:00",
        "ended_at": "2026-11-24T10:00:01+08:00",
        "face_check_id": "check-1",
        "padding": "x" * 2000,  # fills the disk in fewer appends
    }


# RULES: SYNC-1
def test_a_full_disk_refuses_the_append_and_keeps_the_journal_whole(small_disk: Path) -> None:
    path = small_disk / "journal.sqlite3"
    other_file = small_disk / "other-program.bin"  # someone else's data on the same disk
    other_file.write_bytes(bytes(512 * 1024))
    journal = Journal(path)
    kept: list[str] = []
    with pytest.raises(JournalFullError) as full:
        for n in range(100_000):
            payload = event(n)
            journal.append_progress(OWNER, payload)  # type: ignore[arg-type]
            kept.append(str(payload["event_id"]))
    error = full.value
    assert isinstance(error, DomainError)
    assert (error.code, error.reason, error.support) == ("disk_full", "no_space", SUPPORT_CLIENT)
    assert "磁盘空间已满" in error.message and "已保存的记录不受影响" in error.message
    assert isinstance(error.__cause__, sqlite3.OperationalError)
    assert "full" in str(error.__cause__)
    assert len(kept) > 50
    # The client's one error display says it in those words, with the support line.
    shown = describe(error)
    assert (shown.code, shown.support) == ("disk_full", SUPPORT_CLIENT)
    assert shown.message == error.message
    # Still usable while full: what is there can be read and sent.
    assert {e.entry_id for e in journal.pending(OWNER, Kind.PROGRESS, 100_000)} == set(kept)
    journal.close()

    again = Journal(path)
    assert again.integrity_problems == []
    assert again.all_ids() == set(kept)
    # Space comes back: the journal takes entries again, the old ones all still there.
    other_file.unlink()
    again.append_progress(OWNER, event(-1))  # type: ignore[arg-type]
    assert len(again.all_ids()) == len(kept) + 1
    again.close()
