"""The outbox (SYNC-1), without a display: records reach the journal in the order made,
a full disk holds progress in memory and says so, recording wakes the sender, and one
status tells the UI what was journaled, held and sent."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.progress import CloseReason, ProgressEvent
from app.sync.api import ApiClient
from app.sync.journal import Journal, JournalFullError, Kind
from app.sync.outbox import SAVED_LOCALLY, Outbox, OutboxStatus
from tests.support.full_disk import fill_the_disk, free_the_disk
from tests.support.live_server import LiveServer

OWNER = "530102198001010015"  # 张三
NEW_PASSWORD = "Anquan2026!"
QUIET = {"idle_s": 3600.0, "first_backoff_s": 3600.0}  # the sender moves only when woken


def stretch(n: int, session_id: str = "session-1", lesson_id: int = 1) -> ProgressEvent:
    end = datetime.now(UTC) - timedelta(seconds=1)
    return ProgressEvent(
        event_id=f"event-{uuid.uuid4()}", session_id=session_id, lesson_id=lesson_id,
        from_s=float(n), to_s=float(n + 1), started_at=end - timedelta(seconds=1),
        ended_at=end, face_check_id=None, closed_by=CloseReason.CHUNK,
    )  # fmt: skip


def wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.fixture
def statuses() -> list[OutboxStatus]:
    return []


@pytest.fixture
def offline_outbox(tmp_path: Path, statuses: list[OutboxStatus]) -> Iterator[Outbox]:
    """An outbox whose server is out of reach: what it records stays in the journal."""
    client = ApiClient("http://127.0.0.1:1", timeout=(0.5, 0.5), retries=0)
    outbox = Outbox(Journal(tmp_path / "journal.sqlite3"), client, on_status=statuses.append,
                    **QUIET)  # fmt: skip
    outbox.begin(OWNER, "session-1")
    yield outbox
    outbox.stop()
    outbox.journal.close()
    client.close()


# RULES: SYNC-1, PROG-5, EXAM-4
def test_records_reach_the_journal_in_the_order_made(offline_outbox: Outbox) -> None:
    events = [stretch(n) for n in range(40)]
    answers = []
    for n, event in enumerate(events):
        offline_outbox.record_progress(event)
        if n % 10 == 0:
            answers.append(offline_outbox.record_answer("attempt-1", f"q{n % 20}", ["A"]))
    assert offline_outbox.flush()

    journal = offline_outbox.journal
    kept = [entry.entry_id for entry in journal.pending(OWNER, Kind.PROGRESS)]
    assert kept == [event.event_id for event in events]
    saved = [future.result(timeout=10).entry_id for future in answers]
    assert [entry.entry_id for entry in journal.pending(OWNER, Kind.ANSWER)] == saved
    assert offline_outbox.pending_answers("attempt-1") == [
        (entry_id, f"q{n * 10 % 20}") for n, entry_id in enumerate(saved)
    ]
    assert offline_outbox.status.journaled == 40 and not offline_outbox.status.disk_full


# RULES: EXAM-7, FACE-3
def test_server_first_records_are_journaled_when_the_server_is_away(
    offline_outbox: Outbox,
) -> None:
    incident = {"incident_id": f"incident-{uuid.uuid4()}", "kind": "focus_lost",
                "at": datetime.now(UTC).isoformat(), "detail": ""}  # fmt: skip
    assert offline_outbox.record_incident("attempt-1", incident) == SAVED_LOCALLY  # type: ignore[arg-type]
    meta = {"check_id": f"check-{uuid.uuid4()}", "purpose": "periodic"}
    assert offline_outbox.record_face_check(meta, [b"crop"], keep_offline=True) is None
    unjudged = {"check_id": f"check-{uuid.uuid4()}", "purpose": "periodic"}
    assert offline_outbox.record_face_check(unjudged, [b"crop"], keep_offline=False) is None

    journal = offline_outbox.journal
    [kept_incident] = journal.pending(OWNER, Kind.INCIDENT)
    assert kept_incident.entry_id == incident["incident_id"]
    [check] = journal.pending(OWNER, Kind.FACE_CHECK)
    assert check.entry_id == meta["check_id"] and check.crops == [b"crop"]


# RULES: SYNC-1
def test_a_full_disk_holds_progress_in_order_and_says_so(
    offline_outbox: Outbox, statuses: list[OutboxStatus]
) -> None:
    journal = offline_outbox.journal
    fill_the_disk(journal)
    events = [stretch(n) for n in range(3)]
    for event in events:
        offline_outbox.record_progress(event)
    assert offline_outbox.flush()
    status = offline_outbox.status
    assert status.disk_full and status.held == 3 and status.journaled == 0
    assert any(s.disk_full for s in statuses)  # the UI heard of it
    assert journal.pending(OWNER, Kind.PROGRESS) == []

    # An answer has nowhere to go: the disk is full and the server out of reach.
    with pytest.raises(JournalFullError):
        offline_outbox.record_answer("attempt-1", "q1", ["A"]).result(timeout=10)

    free_the_disk(journal)
    offline_outbox.record_progress(later := stretch(3))
    assert offline_outbox.flush()
    kept = [entry.entry_id for entry in journal.pending(OWNER, Kind.PROGRESS)]
    assert kept == [event.event_id for event in [*events, later]]  # the held ones first
    status = offline_outbox.status
    assert not status.disk_full and status.held == 0 and status.journaled == 4
    assert statuses[-1].journaled == 4 and statuses[-1].last_journaled_at is not None


# RULES: SYNC-1
def test_retry_journals_what_a_full_disk_held(offline_outbox: Outbox) -> None:
    journal = offline_outbox.journal
    fill_the_disk(journal)
    offline_outbox.record_progress(event := stretch(0))
    assert offline_outbox.flush() and offline_outbox.status.held == 1
    offline_outbox.retry_held()  # still full: still held
    assert offline_outbox.flush() and offline_outbox.status.held == 1
    free_the_disk(journal)
    offline_outbox.retry_held()
    assert offline_outbox.flush() and offline_outbox.status.held == 0
    assert [e.entry_id for e in journal.pending(OWNER, Kind.PROGRESS)] == [event.event_id]


# RULES: SYNC-1
def test_recording_wakes_the_sender(tmp_path: Path, server: LiveServer) -> None:
    server.ready_trainee(OWNER, NEW_PASSWORD)
    client = ApiClient(server.url)
    client.login(OWNER, NEW_PASSWORD)
    assert client.session_id is not None
    statuses: list[OutboxStatus] = []
    outbox = Outbox(Journal(tmp_path / "journal.sqlite3"), client, on_status=statuses.append,
                    **QUIET)  # fmt: skip
    try:
        outbox.begin(OWNER, client.session_id)
        states = lambda: [s.state for s in statuses]  # noqa: E731
        wait_for(lambda: "sending" in states() and states()[-1] == "idle")  # first round done
        lesson_id = client.lessons(client.me()["enrollments"][0]["id"])[0]["id"]
        event = stretch(0, client.session_id, lesson_id)
        outbox.record_progress(event)
        # The sender would sleep an hour: only the outbox's own wake-up sends it.
        wait_for(lambda: (entry := outbox.journal.entry(event.event_id)) is not None
                 and entry.status is not None)  # fmt: skip
        wait_for(lambda: outbox.status.pending == 0 and outbox.status.last_success_at is not None)
        assert any(s.journaled == 1 for s in statuses)
    finally:
        outbox.stop()
        outbox.journal.close()
        client.close()
