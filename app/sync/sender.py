"""The sender: a background thread that drains the journal to the server.

Order matters: face checks first (progress events name them, PROG-5), then progress in
batches of at most 500 (API.md), then exam answers in the order given, then incidents.
Every answer from the server ends an entry's sending, refusals included: a refused
event is kept in the journal with its reason for the UI (PROG-5), never retried.

- Offline or a 5xx: wait and retry with exponential backoff (1 s doubling to 60 s);
  `wake()` cuts the wait short (new entries, network back, the user pressed 重试).
- 401/403 on the session (`session_replaced`, expired, password change needed): stop
  sending and keep everything; `resume()` after the next login sends the rest, which
  the server accepts for the time before the replacement (SYNC-3, ACC-4). A refusal of
  a call made before that login (its retries still carry the old token, e.g. a kiosk
  logout with the server away, then the same trainee back) is no reason to halt: the
  round starts again with the new login.
- A batch the server cannot read (422) is split in halves until the bad event is found
  and marked refused, so one bad event never holds back the others.

The state (pending count, last success, offline since, last error) is a polled
`status` property and an `on_status` callback, called on the sender's thread: the UI
forwards it through a queued Qt signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from app.sync import wire
from app.sync.errors import ApiError, AuthError, OfflineError, RefusedError, ServerError
from app.sync.journal import Answer, Entry, Journal, Kind

if TYPE_CHECKING:  # requests loads only when a client is made, after the first window
    from app.sync.api import ApiClient

log = logging.getLogger(__name__)
MAX_BATCH = 500  # API.md: at most 500 events a batch (413 beyond)
# Entries sent one call each are read a few at a time: a face check holds up to 1 MB of
# crops, and there is no point reading more than the next few calls will send.
BATCH_LIMITS = {Kind.FACE_CHECK: 5, Kind.ANSWER: 50, Kind.INCIDENT: 50}


class SenderState(StrEnum):
    IDLE = "idle"  # nothing pending, or waiting for the next round
    SENDING = "sending"
    OFFLINE = "offline"  # backing off after a failed round
    HALTED = "halted"  # the session is not usable: waits for resume() after login
    STOPPED = "stopped"


@dataclass(frozen=True)
class SenderStatus:
    state: SenderState = SenderState.IDLE
    pending: int = 0
    last_success_at: datetime | None = None
    offline_since: datetime | None = None
    last_error: ApiError | None = None
    refused: int = 0  # entries refused since start; details in Journal.refused()

    def all_sent_since(self, since: datetime) -> bool:
        """Everything journaled is sent, by an upload that ended after `since` (UTC): what
        was journaled before `since` has reached the server. A status reported before the
        sender picked up the newest entry can say "nothing pending" too, so the time
        matters."""
        return (
            not self.pending and self.last_error is None
            and self.last_success_at is not None and self.last_success_at >= since
        )


class Sender:
    def __init__(
        self,
        journal: Journal,
        client: ApiClient,
        owner: str,
        *,
        on_status: Callable[[SenderStatus], None] | None = None,
        batch_size: int = MAX_BATCH,
        first_backoff_s: float = 1.0,
        max_backoff_s: float = 60.0,
        idle_s: float = 30.0,
    ) -> None:
        self.journal = journal
        self.client = client
        self.owner = owner
        self.on_status = on_status
        self.batch_size = min(batch_size, MAX_BATCH)
        self.first_backoff_s = first_backoff_s
        self.max_backoff_s = max_backoff_s
        self.idle_s = idle_s
        self._wake = threading.Event()
        self._stopping = False
        self._halted = False
        self._logins = 0  # resume() calls: a round's AuthError counts only for its login
        # Whose entries go, with which login's token: set together, read once a round,
        # so one trainee's journal never travels under another's login (a shared PC).
        self._login_lock = threading.Lock()
        self._token = client.token
        self._status_lock = threading.Lock()
        self._status = SenderStatus(pending=journal.pending_count(owner))
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ control
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="journal-sender", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Send now rather than after the current wait."""
        self._wake.set()

    def resume(self, owner: str | None = None) -> None:
        """After a new login (the client holds the new token): send what is left."""
        with self._login_lock:
            if owner is not None:
                self.owner = owner
            self._token = self.client.token
            self._logins += 1
            self._halted = False
        self._wake.set()

    def hold(self, owner: str) -> None:
        """Send nothing until `resume()` (an offline sign-in: no login to send under)."""
        with self._login_lock:
            self.owner, self._token = owner, None
            self._logins += 1  # a round under the login before this one proves nothing
            self._halted = True
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._publish(state=SenderState.STOPPED)

    @property
    def status(self) -> SenderStatus:
        with self._status_lock:
            return self._status

    def _publish(self, **changes: Any) -> None:
        with self._status_lock:
            self._status = replace(
                self._status, pending=self.journal.pending_count(self.owner), **changes
            )
            status = self._status
        if self.on_status is not None:
            try:
                self.on_status(status)
            except Exception:  # the UI's callback must not kill the sender
                log.exception("sender status callback failed")

    # ------------------------------------------------------------------ the loop
    def _run(self) -> None:
        backoff = self.first_backoff_s
        while not self._stopping:
            if self._halted:
                self._wait(None)
                continue
            with self._login_lock:
                logins, owner, token = self._logins, self.owner, self._token
            try:
                self._publish(state=SenderState.SENDING)
                with self.client.acting_as(token):
                    self.drain(owner)
            except (OfflineError, ServerError) as error:
                now = datetime.now(UTC)
                self._publish(
                    state=SenderState.OFFLINE,
                    offline_since=self.status.offline_since or now,
                    last_error=error,
                )
                log.info("sender: %s; next try in %.0f s", error.code, backoff)
                self._wait(backoff)
                backoff = min(backoff * 2, self.max_backoff_s)
                continue
            except AuthError as error:
                if self._logins != logins:  # refused under the login before this one
                    log.info("sender: %s for an earlier login; sending again", error.code)
                    continue
                # SYNC-3: keep every entry; the next login sends them.
                self._halted = True
                self._publish(state=SenderState.HALTED, last_error=error)
                log.warning("sender halted: %s", error.code)
                continue
            except Exception as error:  # a bug: report it, keep the entries, try later
                log.exception("sender round failed")
                wrapped = ApiError("client_error", "上传学习记录时出现问题，稍后会自动重试。")
                wrapped.__cause__ = error
                self._publish(state=SenderState.OFFLINE, last_error=wrapped)
                self._wait(backoff)
                backoff = min(backoff * 2, self.max_backoff_s)
                continue
            backoff = self.first_backoff_s
            self._publish(state=SenderState.IDLE, offline_since=None, last_error=None)
            self._wait(self.idle_s)

    def _wait(self, seconds: float | None) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    # ------------------------------------------------------------------ one round
    def drain(self, owner: str | None = None) -> int:
        """Send everything pending for `owner` (default: the sender's); the number of
        entries answered. The caller sees to the token (the loop: the round's login).

        Raises OfflineError / ServerError / AuthError with the rest left pending.
        """
        owner = owner or self.owner
        answered = 0
        senders: list[tuple[Kind, Callable[[list[Entry]], list[Answer]]]] = [
            (Kind.FACE_CHECK, self._send_face_checks),
            (Kind.PROGRESS, self._send_progress),
            (Kind.ANSWER, self._send_answers),
            (Kind.INCIDENT, self._send_incidents),
        ]
        for kind, send in senders:
            limit = BATCH_LIMITS.get(kind, self.batch_size)
            while not self._stopping:
                batch = self.journal.pending(owner, kind, limit)
                if not batch:
                    break
                answers = send(batch)
                marked = self.journal.mark_answered(answers)
                answered += marked
                refused = sum(1 for a in answers if a.status == "refused")
                self._publish(
                    last_success_at=datetime.now(UTC),
                    offline_since=None,
                    refused=self.status.refused + refused,
                )
                if marked == 0:  # none answered (answers waiting for an exam check): no spin
                    log.info("sender: %d %s entries kept for later", len(batch), kind)
                    break
        return answered

    def _send_face_checks(self, batch: list[Entry]) -> list[Answer]:
        answers = []
        for entry in batch:
            try:
                result = self.client.face_check(entry.payload, entry.crops)
            except RefusedError as error:
                answers.append(Answer(entry.entry_id, "refused", error.code))
                continue
            status = "passed" if result["passed"] else "failed"
            answers.append(Answer(entry.entry_id, status, result.get("reason")))
        return answers

    def _send_progress(self, batch: Sequence[Entry]) -> list[Answer]:
        events = [cast(wire.ProgressEvent, entry.payload) for entry in batch]
        try:
            reply = self.client.send_progress(events)
        except RefusedError as error:
            if error.code == "invalid_request" or error.status == 413:
                if len(batch) == 1:  # found the event the server cannot read
                    return [Answer(batch[0].entry_id, "refused", error.code)]
                half = len(batch) // 2
                return self._send_progress(batch[:half]) + self._send_progress(batch[half:])
            raise
        return [Answer(r["event_id"], r["status"], r.get("reason")) for r in reply["results"]]

    def _send_answers(self, batch: list[Entry]) -> list[Answer]:
        # Only the latest answer to a question counts: the earlier ones need not travel.
        latest = {(e.payload["attempt_id"], e.payload["question_id"]): e for e in batch}
        answers = []
        for entry in batch:
            key = (entry.payload["attempt_id"], entry.payload["question_id"])
            if latest[key] is not entry:
                answers.append(Answer(entry.entry_id, "superseded"))
                continue
            try:
                self.client.save_answer(key[0], key[1], entry.payload["answer"])
            except RefusedError as error:  # attempt_closed, invalid_answer
                if error.code == "exam_identity_required":
                    # Not now: this login answers once its exam face check for the
                    # attempt is in (a resume after a re-login); kept and sent then.
                    log.info("sender: answers wait for this login's exam check")
                    break
                answers.append(Answer(entry.entry_id, "refused", error.code))
                continue
            answers.append(Answer(entry.entry_id, "saved"))
        return answers

    def _send_incidents(self, batch: list[Entry]) -> list[Answer]:
        answers = []
        for entry in batch:
            incident = {k: v for k, v in entry.payload.items() if k != "attempt_id"}
            try:
                self.client.report_incident(
                    entry.payload["attempt_id"], cast(wire.Incident, incident)
                )
            except RefusedError as error:
                answers.append(Answer(entry.entry_id, "refused", error.code))
                continue
            answers.append(Answer(entry.entry_id, "recorded"))
        return answers
