"""The outbox: the one way the client records what must reach the server (SYNC-1).

Every record goes through one writer thread, in the order it was made, so the journal
holds progress in the order played (PROG-5 credits a stretch only from the frontier on)
and answers in the order given (the latest per question wins, EXAM-4). Disk work stays
off the GUI thread. After each append the outbox wakes its sender itself.

- `record_progress(event)`: journaled. A full disk keeps the events in memory, in order,
  says so in the status (`held`, `disk_full`), and the next record or `retry_held`
  journals them first.
- `record_answer(...)`: journaled; on a full disk sent to the server directly (EXAM-4:
  server first), unless an earlier answer of the attempt still waits in the journal
  (this one would overtake it).
- `record_face_check(...)` and `record_incident(...)`: the server first (FACE-3,
  EXAM-7); journaled only when it cannot be reached. Blocking: call them off the GUI
  thread.

One status (`OutboxStatus`: the sender's state plus what this outbox journaled or
holds) goes to `on_status`, called on the sender's or the writer's thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from app.core.progress import ProgressEvent, ProgressPayload
from app.sync import wire
from app.sync.errors import OfflineError, RefusedError, ServerError
from app.sync.journal import Journal, JournalFullError, Kind
from app.sync.sender import Sender, SenderStatus

if TYPE_CHECKING:  # requests loads only when a client is made, after the first window
    from app.sync.api import ApiClient

log = logging.getLogger(__name__)
T = TypeVar("T")
SAVED_ON_SERVER = "server"
SAVED_LOCALLY = "journal"


@dataclass(frozen=True)
class OutboxStatus(SenderStatus):
    """The sender's state, plus the progress this outbox journaled and what it holds."""

    journaled: int = 0  # progress events journaled since the outbox was made
    held: int = 0  # progress events kept in memory: the disk is full
    disk_full: bool = False
    full_notices: int = 0  # how often the outbox said the disk is full: a rise is news
    # When progress was last journaled: an upload that ended after it sent it too.
    last_journaled_at: datetime | None = None


@dataclass(frozen=True)
class AnswerRecord:
    """Where an answer went: `entry_id` of its journal entry, or "" when the disk was
    full and the server took it directly."""

    entry_id: str


class Outbox:
    def __init__(
        self,
        journal: Journal,
        client: ApiClient,
        *,
        on_status: Callable[[OutboxStatus], None] | None = None,
        **sender_options: Any,
    ) -> None:
        self.journal = journal
        self.client = client
        self.on_status = on_status
        self.owner = ""
        self.session_id: str | None = None
        self.sender: Sender | None = None
        self._sender_options = sender_options
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-writer")
        self._lock = threading.Lock()
        self._sender_status = SenderStatus()
        self._journaled = 0
        self._journaled_at: datetime | None = None
        self._held: list[ProgressPayload] = []  # not yet journaled: the disk is full
        self._full_said = False
        self._full_notices = 0

    # ------------------------------------------------------------------ the session
    def begin(self, owner: str, session_id: str | None) -> None:
        """After a login: records belong to `owner`; the sender starts or resumes."""
        self.owner, self.session_id = owner, session_id
        if self.sender is None:
            self.sender = Sender(
                self.journal, self.client, owner, on_status=self._sender_reported,
                **self._sender_options,
            )  # fmt: skip
            self.sender.start()
        else:
            self.sender.resume(owner)

    def hold(self, owner: str, session_id: str | None) -> None:
        """An offline sign-in: records belong to `owner`, and nothing is sent until a real
        login (`begin`): the API client holds no token the server is known to take."""
        self.owner, self.session_id = owner, session_id
        if self.sender is not None:
            self.sender.hold(owner)

    def wake(self) -> None:
        """Send now (the network came back, the trainee pressed 重试, a window closed)."""
        if self.sender is not None:
            self.sender.wake()

    def stop(self, timeout: float = 5.0) -> None:
        """Journal what is queued, then stop the sender. The writer thread stays: a
        window closing late may still hand it work (its journal calls then fail, logged)."""
        self.flush(timeout)
        if self.sender is not None:
            self.sender.stop(timeout=timeout)
            self.sender = None

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything recorded so far is journaled (or held: the disk is full)."""
        try:
            self._writer.submit(lambda: None).result(timeout)
        except TimeoutError:
            return False
        with self._lock:
            held = len(self._held)
        if held:
            log.error("%d progress events not journaled: the disk is full", held)
        return True

    @property
    def held(self) -> list[ProgressPayload]:
        """The progress events kept in memory because the disk is full, oldest first."""
        with self._lock:
            return list(self._held)

    def on_writer(self, work: Callable[[], T]) -> Future[T]:
        """Run `work` on the writer thread, after everything recorded before it (reads
        that must see those records)."""
        return self._writer.submit(work)

    # ------------------------------------------------------------------ status
    @property
    def status(self) -> OutboxStatus:
        with self._lock:
            sender = self.sender.status if self.sender is not None else self._sender_status
            shared = {f.name: getattr(sender, f.name) for f in fields(SenderStatus)}
            return OutboxStatus(
                **shared, journaled=self._journaled, held=len(self._held),
                disk_full=bool(self._held), full_notices=self._full_notices,
                last_journaled_at=self._journaled_at,
            )  # fmt: skip

    def _sender_reported(self, status: SenderStatus) -> None:
        with self._lock:
            self._sender_status = status
        self._publish()

    def _publish(self) -> None:
        if self.on_status is None:
            return
        try:
            self.on_status(self.status)
        except Exception:  # the UI's callback must not kill the writer or the sender
            log.exception("outbox status callback failed")

    # ------------------------------------------------------------------ progress
    def record_progress(self, event: ProgressEvent) -> None:
        """Journal one stretch, in the order played (returns at once)."""
        self._in_order(self._write_progress, event.to_payload())

    def retry_held(self) -> None:
        """The disk may have room again: journal the held progress."""
        self._in_order(self._write_progress, None)

    def _write_progress(self, payload: ProgressPayload | None) -> None:
        with self._lock:
            if payload is not None:
                self._held.append(payload)
            held = list(self._held)
        if not held:
            return
        try:
            self.journal.append_progress_many(self.owner, held)
        except JournalFullError:
            if payload is None:
                self._full_said = False  # a retry that failed: say it again
            if not self._full_said:
                self._full_said = True
                with self._lock:
                    self._full_notices += 1
                self._publish()
            log.error("progress held, the disk is full: %d events", len(held))
            return
        except Exception:  # the journal is the last line: say so loudly
            log.exception("progress events not journaled: %d", len(held))
            with self._lock:
                del self._held[: len(held)]
            return
        with self._lock:
            del self._held[: len(held)]
            self._journaled += len(held)
            self._journaled_at = datetime.now(UTC)
        self._full_said = False
        self._publish()
        self.wake()

    # ------------------------------------------------------------------ exam answers
    def record_answer(
        self, attempt_id: str, question_id: str, answer: Sequence[str]
    ) -> Future[AnswerRecord]:
        """Journal an answer in the order given; the future says where it went, or
        raises (the disk full and the server out of reach or refusing)."""
        given = list(answer)
        return self._writer.submit(self._write_answer, attempt_id, question_id, given)

    def _write_answer(self, attempt_id: str, question_id: str, answer: list[str]) -> AnswerRecord:
        try:
            entry_id = self.journal.append_answer(
                self.owner, self.session_id, attempt_id, question_id, answer
            )
        except JournalFullError as full:
            # Only this thread journals answers: none can appear while we look.
            if self.pending_answers(attempt_id):
                raise
            try:
                self.client.save_answer(attempt_id, question_id, answer)
            except RefusedError:  # attempt_closed, invalid_answer: the server's word
                raise
            except Exception as exc:  # offline too: nowhere to keep it
                log.warning("answer to %s neither journaled nor sent: %s", question_id, exc)
                raise full from exc
            return AnswerRecord("")
        self.wake()
        return AnswerRecord(entry_id)

    def pending_answers(self, attempt_id: str) -> list[tuple[str, str]]:
        """(entry_id, question_id) of the attempt's answers the server has not answered."""
        return [
            (entry.entry_id, str(entry.payload["question_id"]))
            for entry in self.journal.pending(self.owner, Kind.ANSWER)
            if entry.payload.get("attempt_id") == attempt_id
        ]

    # ------------------------------------------------------------------ server first
    def record_face_check(
        self, meta: dict[str, Any], crops: Sequence[bytes], *, keep_offline: bool
    ) -> wire.FaceCheckResult | None:
        """Blocking (FACE-3): the server's verdict, or None when it cannot be reached; the
        check is then journaled for the sender if `keep_offline` (the client could judge
        identity itself). Other API errors propagate."""
        try:
            result = self.client.face_check(meta, crops)
        except OfflineError:
            if keep_offline and self.owner:
                owner, session_id = self.owner, self.session_id
                self._writer.submit(
                    self.journal.append_face_check, owner, session_id, meta, crops
                ).result()
                self.wake()
            return None
        if result["passed"] and meta.get("attempt_id"):
            # This login may now answer the attempt (EXAM-1): the answers the sender
            # keeps for it, refused until now, go at once rather than at its next round.
            self.wake()
        return result

    def record_incident(self, attempt_id: str, incident: wire.Incident) -> str:
        """Blocking (EXAM-7): to the server, or journaled when it is out of reach.
        SAVED_ON_SERVER or SAVED_LOCALLY."""
        try:
            self.client.report_incident(attempt_id, incident)
        except (OfflineError, ServerError):
            owner, session_id = self.owner, self.session_id
            self._writer.submit(
                self.journal.append_incident, owner, session_id, attempt_id, incident
            ).result()
            self.wake()
            return SAVED_LOCALLY
        return SAVED_ON_SERVER

    # ------------------------------------------------------------------ the thread
    def _in_order(self, work: Callable[[T], None], argument: T) -> None:
        """Queue work nobody waits on behind everything recorded before it."""
        self._writer.submit(self._guarded, work, argument)

    @staticmethod
    def _guarded(work: Callable[[T], None], argument: T) -> None:
        """Writer-thread work nobody waits on: a failure is logged loudly, never lost."""
        try:
            work(argument)
        except Exception:  # the journal is the last line: say so loudly
            log.exception("outbox: %s failed", getattr(work, "__name__", work))
