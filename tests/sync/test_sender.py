"""The sender drains the journal to the real server: order, answers, backoff, SYNC-3."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.server.models import ProgressEvent as ServerProgressEvent
from app.sync.api import ApiClient, OfflineError, SessionReplacedError
from app.sync.journal import Journal, Kind
from app.sync.sender import Sender, SenderState, SenderStatus
from app.sync.wire import ProgressEvent
from tests.support.exam_start import exam_check, start_exam_as
from tests.support.face_check_data import (
    crops,
    face_check_meta,
)
from tests.support.live_server import LiveServer
from tests.support.sync_server import (
    NEW_PASSWORD,
    ZHANG,
    bring_back,
    ready_client,
    take_down,
)

WANG = "532501198811200037"  # 王五: every lesson credited, may take the exam


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def progress_events(client: ApiClient, count: int, lesson_id: int) -> list[ProgressEvent]:
    """`count` one-second stretches that all ended by now, under the client's session."""
    assert client.session_id is not None
    end = datetime.now(UTC) - timedelta(seconds=1)
    return [
        {
            "event_id": f"event-{uuid.uuid4()}",
            "session_id": client.session_id,
            "lesson_id": lesson_id,
            "from_s": float(n % 5),
            "to_s": float(n % 5 + 1),
            "started_at": (end - timedelta(seconds=2)).isoformat(),
            "ended_at": end.isoformat(),
            "face_check_id": None,
        }
        for n in range(count)
    ]


def first_lesson_id(client: ApiClient) -> int:
    return client.lessons(client.me()["enrollments"][0]["id"])[0]["id"]


def server_rows(server: LiveServer, event_ids: list[str]) -> int:
    with server.context.sessions() as db:
        counted = 0
        for start in range(0, len(event_ids), 500):
            chunk = event_ids[start : start + 500]
            counted += (
                db.scalar(
                    select(func.count())
                    .select_from(ServerProgressEvent)
                    .where(ServerProgressEvent.event_id.in_(chunk))
                )
                or 0
            )
        return counted


# RULES: FACE-7, FACE-3
def test_face_checks_are_judged_and_their_crops_dropped(server: LiveServer, tmp_path: Path) -> None:
    client = ready_client(server)
    journal = Journal(tmp_path / "journal.sqlite3")
    journal.append_face_check(ZHANG, client.session_id, face_check_meta("check-s-0001"), crops())
    statuses: list[SenderStatus] = []
    sender = Sender(journal, client, ZHANG, on_status=statuses.append)
    sender.start()
    try:
        wait_for(lambda: journal.pending_count(ZHANG) == 0, 20, "the face check to be sent")
        wait_for(lambda: sender.status.state is SenderState.IDLE, 5, "the sender to idle")
    finally:
        sender.stop()
    stored = journal.entry("check-s-0001")
    assert stored is not None
    # Judged and dropped: a check with no challenge, made while its login reached the
    # server (the login itself was made then), is refused (FACE-3).
    assert (stored.status, stored.reason, stored.crops) == ("failed", "challenge_required", [])
    assert sender.status.last_success_at is not None and sender.status.last_error is None
    assert any(s.state is SenderState.SENDING for s in statuses)


def test_exam_answers_and_incidents_go_out_in_order(server: LiveServer, tmp_path: Path) -> None:
    client = ready_client(server, WANG)
    attempt = start_exam_as(client, client.me()["enrollments"][0]["id"])
    first, second = attempt["questions"][:2]
    journal = Journal(tmp_path / "journal.sqlite3")
    early = journal.append_answer(WANG, client.session_id, attempt["id"], first["id"], ["A"])
    journal.append_answer(WANG, client.session_id, attempt["id"], first["id"], ["B"])
    journal.append_answer(WANG, client.session_id, attempt["id"], second["id"], ["A"])
    incident = {"incident_id": "incident-0001", "kind": "focus_lost", "detail": "alt-tab"}
    journal.append_incident(
        WANG,
        client.session_id,
        attempt["id"],
        {**incident, "at": datetime.now(UTC).isoformat()},  # type: ignore[typeddict-item]
    )
    sender = Sender(journal, client, WANG)
    assert sender.drain() == 4
    answers = client.attempt(attempt["id"])["answers"]
    assert answers[first["id"]] == ["B"]  # the latest answer wins
    assert answers[second["id"]] == ["A"]
    early_entry = journal.entry(early)
    assert early_entry is not None and early_entry.status == "superseded"
    recorded = journal.entry("incident-0001")
    assert recorded is not None and recorded.status == "recorded"



# RULES: EXAM-1, EXAM-4, SYNC-1
def test_answers_another_login_may_not_give_yet_wait_for_its_exam_check(
    server: LiveServer, tmp_path: Path
) -> None:
    """A re-login's journaled answers to an attempt started under an earlier login are
    kept (not refused, not dropped) until this login's exam check for the attempt is
    in; then they go."""
    first = ready_client(server, WANG)
    enrollment = first.me()["enrollments"][0]
    attempt_id = enrollment["exam"].get("open_attempt_id") or start_exam_as(
        first, enrollment["id"]
    )["id"]
    later = ApiClient(server.url)
    later.login(WANG, NEW_PASSWORD)  # a new login: the earlier one is over (ACC-4)
    question = later.attempt(attempt_id)["questions"][-1]
    journal = Journal(tmp_path / "journal.sqlite3")
    given = journal.append_answer(WANG, later.session_id, attempt_id, question["id"], ["B"])
    sender = Sender(journal, later, WANG)
    assert sender.drain() == 0
    kept = journal.entry(given)
    assert kept is not None and kept.status is None and not journal.refused(WANG)
    assert exam_check(server.api, str(later.token), attempt_id=attempt_id)["passed"]
    assert sender.drain() == 1
    assert later.attempt(attempt_id)["answers"][question["id"]] == ["B"]

# RULES: SYNC-1
def test_offline_backs_off_and_wakes_early_when_asked(server: LiveServer, tmp_path: Path) -> None:
    client = ready_client(server, retries=0)
    journal = Journal(tmp_path / "journal.sqlite3")
    take_down(server)
    journal.append_face_check(ZHANG, client.session_id, face_check_meta("check-s-0002"), crops())
    # A first wait of 30 s: only wake() can make this test finish in time.
    sender = Sender(journal, client, ZHANG, first_backoff_s=30, max_backoff_s=60)
    sender.start()
    try:
        wait_for(lambda: sender.status.state is SenderState.OFFLINE, 10, "offline")
        status = sender.status
        assert status.pending == 1 and status.offline_since is not None
        assert isinstance(status.last_error, OfflineError)
        bring_back(server)
        started = time.monotonic()
        sender.wake()
        wait_for(lambda: journal.pending_count(ZHANG) == 0, 10, "delivery after wake()")
        assert time.monotonic() - started < 10
        wait_for(lambda: sender.status.offline_since is None, 5, "online again")
    finally:
        sender.stop()


# RULES: SYNC-1, SYNC-2
@pytest.mark.slow
def test_ten_thousand_events_journaled_offline_arrive_exactly_once(
    server: LiveServer, tmp_path: Path
) -> None:
    client = ready_client(server, retries=0)
    lesson_id = first_lesson_id(client)
    journal = Journal(tmp_path / "journal.sqlite3")
    events = progress_events(client, 10_000, lesson_id)
    take_down(server)
    for start in range(0, len(events), 1000):
        journal.append_progress_many(ZHANG, events[start : start + 1000])
    sender = Sender(journal, client, ZHANG, first_backoff_s=0.2, max_backoff_s=1)
    sender.start()
    try:
        wait_for(lambda: sender.status.state is SenderState.OFFLINE, 10, "offline")
        assert server_rows(server, [e["event_id"] for e in events[:10]]) == 0
        bring_back(server)
        sender.wake()
        wait_for(lambda: journal.pending_count(ZHANG) == 0, 300, "all 10,000 delivered")
    finally:
        sender.stop()
    ids = [e["event_id"] for e in events]
    assert server_rows(server, ids) == 10_000  # each id once: it is the table's key
    answered = {journal.entry(i).status for i in ids[::97]}  # type: ignore[union-attr]
    assert answered <= {"credited", "duplicate", "refused"}


# RULES: SYNC-3, ACC-4
def test_after_session_replaced_nothing_is_sent_or_dropped_until_the_next_login(
    server: LiveServer, tmp_path: Path
) -> None:
    client = ready_client(server)
    lesson_id = first_lesson_id(client)
    journal = Journal(tmp_path / "journal.sqlite3")
    events = progress_events(client, 1200, lesson_id)
    journal.append_progress_many(ZHANG, events)
    time.sleep(1.1)  # the replacement comes strictly after the events ended
    ApiClient(server.url).login(ZHANG, "Anquan2026!")  # the same account on another PC

    sender = Sender(journal, client, ZHANG, first_backoff_s=0.2)
    sender.start()
    try:
        wait_for(lambda: sender.status.state is SenderState.HALTED, 10, "halted")
        assert isinstance(sender.status.last_error, SessionReplacedError)
        ids = [e["event_id"] for e in events]
        assert server_rows(server, ids) == 0
        assert journal.pending_count(ZHANG) == 1200
        assert len(journal.pending(ZHANG, Kind.PROGRESS, 2000)) == 1200

        client.login(ZHANG, "Anquan2026!")  # back on this PC
        sender.resume()
        wait_for(lambda: journal.pending_count(ZHANG) == 0, 60, "the rest delivered")
    finally:
        sender.stop()
    assert server_rows(server, ids) == 1200
    reasons = {entry.reason for entry in journal.refused(ZHANG)}
    assert "after_session_replaced" not in reasons  # SYNC-3: recorded before, so counted


# RULES: PROG-5
def test_an_unreadable_event_is_refused_alone_and_the_batch_goes_through(
    server: LiveServer, tmp_path: Path
) -> None:
    client = ready_client(server)
    lesson_id = first_lesson_id(client)
    journal = Journal(tmp_path / "journal.sqlite3")
    events = progress_events(client, 9, lesson_id)
    events[4]["from_s"] = "soon"  # type: ignore[typeddict-item]  # the server answers 422
    journal.append_progress_many(ZHANG, events)
    assert Sender(journal, client, ZHANG).drain() == 9
    bad = journal.entry(events[4]["event_id"])
    assert bad is not None and (bad.status, bad.reason) == ("refused", "invalid_request")
    others = [e["event_id"] for n, e in enumerate(events) if n != 4]
    assert server_rows(server, others) == 8


def test_all_sent_since_needs_an_upload_after_the_write() -> None:
    # RULES: SYNC-1 (what the windows read back is what reached the server)
    written_at = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    before, after = written_at - timedelta(seconds=1), written_at + timedelta(seconds=1)
    # Reported before the sender picked the entry up: nothing pending, yet not sent.
    assert not SenderStatus(pending=0, last_success_at=before).all_sent_since(written_at)
    assert not SenderStatus(pending=0).all_sent_since(written_at)
    # An upload ended after the write but the entry came in during it: still pending.
    assert not SenderStatus(pending=1, last_success_at=after).all_sent_since(written_at)
    offline = OfflineError("offline", "网络不通")
    assert not SenderStatus(last_success_at=after, last_error=offline).all_sent_since(written_at)
    assert SenderStatus(pending=0, last_success_at=after).all_sent_since(written_at)


class _RefusedOnceDuringALogin:
    """A client whose first face check was made under the old token: it is answered
    `session_replaced` only after the trainee signed in again (its retries outlived it)."""

    token = "the login's token"

    def __init__(self) -> None:
        self.signed_in_again = threading.Event()
        self.calls = 0

    def acting_as(self, token: str | None) -> AbstractContextManager[None]:
        return nullcontext()

    def face_check(self, meta: dict[str, object], crops: object) -> dict[str, object]:
        self.calls += 1
        if self.calls == 1:
            assert self.signed_in_again.wait(10)
            raise SessionReplacedError("session_replaced", "您的账号已在其他设备登录。")
        return {"passed": True}


# RULES: SYNC-3
def test_a_refusal_for_the_login_before_the_current_one_does_not_halt(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    journal.append_face_check(WANG, "old-session", face_check_meta("kept-check"), crops())
    client = _RefusedOnceDuringALogin()
    sender = Sender(journal, client, WANG, first_backoff_s=0.1)  # type: ignore[arg-type]
    sender.start()
    try:
        wait_for(lambda: client.calls == 1, 5, "the first call")
        sender.resume(WANG)  # the same trainee signed in again on this PC
        client.signed_in_again.set()
        wait_for(lambda: journal.pending_count(WANG) == 0, 10, "the kept check sent")
    finally:
        sender.stop()
    assert client.calls == 2 and sender.status.state is SenderState.STOPPED
    entry = journal.entry("kept-check")
    assert entry is not None and entry.status == "passed" and entry.crops == []


def test_a_round_keeps_its_login_when_another_trainee_signs_in_on_this_pc(
    server: LiveServer, tmp_path: Path
) -> None:
    """A shared PC (issue 16): 张三's round is under way when 王五 signs in on the same
    client; what 张三 journaled still goes under 张三's login, never under 王五's, and
    王五's own entries go under his."""
    from app.server.models import FaceCheck, Trainee

    client = ready_client(server, ZHANG)
    journal = Journal(tmp_path / "journal.sqlite3")
    zhang_check = f"zhang-{uuid.uuid4()}"
    journal.append_face_check(ZHANG, client.session_id, face_check_meta(zhang_check), crops())
    in_flight, go_on = threading.Event(), threading.Event()
    send = client.face_check

    def held_face_check(*args: object, **kwargs: object) -> object:
        if threading.current_thread().name == "journal-sender" and not go_on.is_set():
            in_flight.set()
            go_on.wait(20)  # the round is under way: now 王五 signs in
        return send(*args, **kwargs)  # type: ignore[arg-type]

    client.face_check = held_face_check  # type: ignore[method-assign]
    sender = Sender(journal, client, ZHANG, first_backoff_s=0.2)
    sender.start()
    try:
        assert in_flight.wait(20)
        server.ready_trainee(WANG, "Anquan2026!")
        client.login(WANG, "Anquan2026!")  # the shared client now holds 王五's token
        client.decide_consent(True, "test")
        wang_check = f"wang-{uuid.uuid4()}"
        journal.append_face_check(WANG, client.session_id, face_check_meta(wang_check), crops())
        sender.resume(WANG)
        go_on.set()
        wait_for(lambda: journal.pending_count() == 0, 30, "both sent")
    finally:
        go_on.set()
        sender.stop()
    with server.context.sessions() as db:
        owners = dict(db.execute(
            select(FaceCheck.check_id, Trainee.id_number)
            .join(Trainee, Trainee.id == FaceCheck.trainee_id)
            .where(FaceCheck.check_id.in_([zhang_check, wang_check]))
        ).all())
    assert owners == {zhang_check: ZHANG, wang_check: WANG}
