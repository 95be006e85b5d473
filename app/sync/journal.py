"""The local journal: what must reach the server, written to disk before it is sent.

SQLite in WAL mode with synchronous=FULL: every append is one transaction, and a
committed transaction survives the client being killed or the PC losing power
(DESIGN.md, "Data that must never be lost"; SYNC-1). Four kinds of entries, each with
its client-made id (SYNC-2), the trainee it belongs to (`owner`: a kiosk PC is shared),
the session it was recorded under (SYNC-3), its creation time, and, once the server
answered, the answer (`status`, `reason`, `answered_at`):

- progress events (API.md P),
- face checks: the meta, and the crops as blobs, deleted as soon as the server has
  acknowledged the check (FACE-7: evidence is kept only as long as it must be),
- exam answers (one per PUT, sent in the order given),
- exam incidents.

Opening runs `PRAGMA integrity_check` and reports problems in `integrity_problems`
rather than failing; a file that is not a database at all is moved aside (kept for
support) and a fresh journal started.

A disk too full to take an append raises `JournalFullError` (a `DomainError` with code
`disk_full`), which the client's one error display explains in plain words; the
failed transaction is rolled back, so what was journaled before stays whole.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import platformdirs

from app.core.errors import DomainError
from app.core.support import SUPPORT_CLIENT
from app.sync import wire

log = logging.getLogger(__name__)
APP_NAME = "cedu"
JOURNAL_FILE = "journal.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- the order things happened in
    entry_id TEXT NOT NULL UNIQUE,           -- event_id / check_id / incident_id / answer id
    kind TEXT NOT NULL,
    owner TEXT NOT NULL,                     -- the trainee's ID number
    session_id TEXT,
    created_at TEXT NOT NULL,
    payload TEXT NOT NULL,                   -- the JSON the call sends
    answered_at TEXT,                        -- NULL while the server has not answered
    status TEXT,                             -- credited, duplicate, refused, passed, ...
    reason TEXT
);
CREATE INDEX IF NOT EXISTS entries_pending ON entries (owner, kind, seq)
    WHERE answered_at IS NULL;
CREATE TABLE IF NOT EXISTS crops (
    entry_seq INTEGER NOT NULL REFERENCES entries (seq) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (entry_seq, position)
);
"""


DISK_FULL_MESSAGE = (
    "电脑磁盘空间已满，学习记录无法保存。请删除不用的文件后继续学习；已保存的记录不受影响。"
)


class JournalFullError(DomainError):
    """The disk (or the file system's quota) cannot take another entry."""

    def __init__(self) -> None:
        super().__init__("disk_full", "no_space", DISK_FULL_MESSAGE, SUPPORT_CLIENT)


def _is_disk_full(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return bool(code & 0xFF == sqlite3.SQLITE_FULL)
    return "full" in str(error)


class Kind(StrEnum):
    FACE_CHECK = "face_check"
    PROGRESS = "progress"
    ANSWER = "answer"
    INCIDENT = "incident"


@dataclass(frozen=True)
class Entry:
    seq: int
    entry_id: str
    kind: Kind
    owner: str
    session_id: str | None
    created_at: str
    payload: dict[str, Any]
    status: str | None = None
    reason: str | None = None
    crops: list[bytes] = field(default_factory=list)


@dataclass(frozen=True)
class Answer:
    """The server's word on one entry. Every answer, refusals included, ends its sending."""

    entry_id: str
    status: str
    reason: str | None = None


def default_journal_path() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / JOURNAL_FILE


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat()


class Journal:
    """Thread-safe: the GUI's threads append, the sender reads and marks."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_journal_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.integrity_problems: list[str] = []
        self._lock = threading.Lock()
        try:
            self._db = self._connect()
            self._check_integrity()
        except sqlite3.DatabaseError as exc:  # not a database at all
            if _is_disk_full(exc):  # a full disk is no reason to set the journal aside
                raise JournalFullError() from exc
            self._move_aside(str(exc))
            self._db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we open transactions ourselves, one per append.
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")  # fsync the WAL at every commit
        db.execute("PRAGMA foreign_keys=ON")
        # Deleted face crops are overwritten, not left in free pages (FACE-7).
        db.execute("PRAGMA secure_delete=ON")
        db.executescript(SCHEMA)
        return db

    def _check_integrity(self) -> None:
        rows = [str(row[0]) for row in self._db.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            self.integrity_problems = rows
            log.error("journal %s failed its integrity check: %s", self.path, rows[:5])

    def _move_aside(self, problem: str) -> None:
        aside = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
        log.error("journal %s is unreadable (%s); kept as %s", self.path, problem, aside)
        self.integrity_problems = [problem, f"moved aside to {aside.name}"]
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(self.path) + suffix)
            if source.exists():
                source.replace(Path(str(aside) + suffix))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                    self._db.execute("COMMIT")
                except BaseException:
                    # SQLite may have rolled back already (a full disk does that).
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
            except sqlite3.OperationalError as error:
                if _is_disk_full(error):
                    log.error("journal %s: the disk is full (%s)", self.path, error)
                    raise JournalFullError() from error
                raise

    # ------------------------------------------------------------------ appends
    def _insert(
        self,
        db: sqlite3.Connection,
        kind: Kind,
        entry_id: str,
        owner: str,
        session_id: str | None,
        payload: Any,
    ) -> int | None:
        """The new row's seq, or None when the id was journaled before (kept as it was)."""
        cursor = db.execute(
            "INSERT INTO entries (entry_id, kind, owner, session_id, created_at, payload)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id) DO NOTHING",
            (entry_id, kind.value, owner, session_id, utc_now_iso(), json.dumps(payload)),
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def append_progress(self, owner: str, event: wire.ProgressEvent) -> None:
        self.append_progress_many(owner, [event])

    def append_progress_many(self, owner: str, events: Sequence[wire.ProgressEvent]) -> None:
        """All of them in one transaction: all journaled, or none."""
        with self._transaction() as db:
            for event in events:
                self._insert(
                    db, Kind.PROGRESS, event["event_id"], owner, event["session_id"], event
                )

    def append_face_check(
        self, owner: str, session_id: str | None, meta: dict[str, Any], crops: Sequence[bytes]
    ) -> None:
        with self._transaction() as db:
            seq = self._insert(db, Kind.FACE_CHECK, str(meta["check_id"]), owner, session_id, meta)
            if seq is not None:
                db.executemany(
                    "INSERT INTO crops (entry_seq, position, data) VALUES (?, ?, ?)",
                    [(seq, n, sqlite3.Binary(data)) for n, data in enumerate(crops)],
                )

    def append_answer(
        self,
        owner: str,
        session_id: str | None,
        attempt_id: str,
        question_id: str,
        answer: Sequence[str],
    ) -> str:
        """An exam answer; the latest one journaled for a question is the one that counts."""
        entry_id = f"answer-{uuid.uuid4()}"
        payload = {"attempt_id": attempt_id, "question_id": question_id, "answer": list(answer)}
        with self._transaction() as db:
            self._insert(db, Kind.ANSWER, entry_id, owner, session_id, payload)
        return entry_id

    def append_incident(
        self, owner: str, session_id: str | None, attempt_id: str, incident: wire.Incident
    ) -> None:
        payload = {"attempt_id": attempt_id, **incident}
        with self._transaction() as db:
            self._insert(db, Kind.INCIDENT, incident["incident_id"], owner, session_id, payload)

    # ------------------------------------------------------------------ reading
    def pending(self, owner: str, kind: Kind, limit: int = 500) -> list[Entry]:
        """The oldest unanswered entries of one kind, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, entry_id, kind, owner, session_id, created_at, payload"
                " FROM entries WHERE answered_at IS NULL AND owner = ? AND kind = ?"
                " ORDER BY seq LIMIT ?",
                (owner, kind.value, limit),
            ).fetchall()
            crops: dict[int, list[bytes]] = {}
            if kind is Kind.FACE_CHECK and rows:
                marks = ",".join("?" * len(rows))
                for seq, data in self._db.execute(
                    f"SELECT entry_seq, data FROM crops WHERE entry_seq IN ({marks})"
                    " ORDER BY entry_seq, position",
                    [row[0] for row in rows],
                ):
                    crops.setdefault(seq, []).append(bytes(data))
        return [
            Entry(
                seq=row[0],
                entry_id=row[1],
                kind=Kind(row[2]),
                owner=row[3],
                session_id=row[4],
                created_at=row[5],
                payload=json.loads(row[6]),
                crops=crops.get(row[0], []),
            )
            for row in rows
        ]

    def pending_count(self, owner: str | None = None) -> int:
        query = "SELECT count(*) FROM entries WHERE answered_at IS NULL"
        with self._lock:
            if owner is None:
                return int(self._db.execute(query).fetchone()[0])
            return int(self._db.execute(query + " AND owner = ?", (owner,)).fetchone()[0])

    def entry(self, entry_id: str) -> Entry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT seq, entry_id, kind, owner, session_id, created_at, payload, status,"
                " reason FROM entries WHERE entry_id = ?",
                (entry_id,),
            ).fetchone()
            if row is None:
                return None
            crops = [
                bytes(data)
                for (data,) in self._db.execute(
                    "SELECT data FROM crops WHERE entry_seq = ? ORDER BY position", (row[0],)
                )
            ]
        return Entry(
            row[0], row[1], Kind(row[2]), row[3], row[4], row[5], json.loads(row[6]),
            row[7], row[8], crops,
        )  # fmt: skip

    def refused(self, owner: str) -> list[Entry]:
        """What the server refused, with its reasons, for the UI to explain (PROG-5)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, entry_id, kind, owner, session_id, created_at, payload, status,"
                " reason FROM entries WHERE owner = ? AND status = 'refused' ORDER BY seq",
                (owner,),
            ).fetchall()
        return [
            Entry(r[0], r[1], Kind(r[2]), r[3], r[4], r[5], json.loads(r[6]), r[7], r[8])
            for r in rows
        ]

    def all_ids(self) -> set[str]:
        with self._lock:
            return {row[0] for row in self._db.execute("SELECT entry_id FROM entries")}

    # ------------------------------------------------------------------ answers
    def mark_answered(self, answers: Iterable[Answer]) -> int:
        """Record the server's answers in one transaction; drop acknowledged face crops.

        Returns how many entries were newly marked.
        """
        now = utc_now_iso()
        rows = [(now, a.status, a.reason, a.entry_id) for a in answers]
        with self._transaction() as db:
            before = db.total_changes
            db.executemany(
                "UPDATE entries SET answered_at = ?, status = ?, reason = ?"
                " WHERE entry_id = ? AND answered_at IS NULL",
                rows,
            )
            marked = db.total_changes - before
            # FACE-7: the evidence has reached the server; nothing keeps it here.
            db.executemany(
                "DELETE FROM crops WHERE entry_seq IN"
                " (SELECT seq FROM entries WHERE entry_id = ? AND kind = 'face_check')",
                [(a_row[3],) for a_row in rows],
            )
        return marked
