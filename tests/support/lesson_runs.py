"""Running the headless lesson client (tests/support/lesson_child.py) as a child process,
and reading what each side holds afterwards: the journal the child leaves on disk, and
the server's database."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from app.core.intervals import Interval, covered_seconds, union
from app.sync.journal import Journal, Kind
from tests.support.faults import REPO


@dataclass
class LessonRun:
    """One child process and the lines it printed so far."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    @classmethod
    def start(cls, args: list[str], log: Path) -> LessonRun:
        with open(log, "a") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.support.lesson_child", *args],
                cwd=REPO, stdout=subprocess.PIPE, stderr=stderr, text=True,
            )  # fmt: skip
        run = cls(process)
        run.reader = threading.Thread(target=run._read, daemon=True)
        run.reader.start()
        return run

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in iter(self.process.stdout.readline, ""):
            self.lines.append(line.strip())

    def wait_for(self, word: str, timeout_s: float = 90.0) -> str:
        """The first line starting with `word`; fails if the child ends without one."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if line.split(" ", 1)[0] == word:
                    return line
            if self.process.poll() is not None and self.reader is not None:
                self.reader.join(timeout=5)
                if not any(line.split(" ", 1)[0] == word for line in self.lines):
                    raise AssertionError(f"child exited {self.process.returncode}: {self.lines}")
            time.sleep(0.02)
        raise AssertionError(f"no '{word}' line in {timeout_s} s: {self.lines}")

    def wait_for_more(self, word: str, timeout_s: float) -> bool:
        """Wait for one more `word` line than printed so far; False on timeout."""
        seen = len(self.words(word))
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and self.process.poll() is None:
            if len(self.words(word)) > seen:
                return True
            time.sleep(0.002)
        return False

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        if self.reader is not None:
            self.reader.join(timeout=10)

    def finish(self, timeout_s: float = 150.0) -> int:
        code = self.process.wait(timeout=timeout_s)
        if self.reader is not None:
            self.reader.join(timeout=10)
        return code

    def words(self, word: str) -> list[list[str]]:
        return [line.split() for line in self.lines if line.split(" ", 1)[0] == word]


# ---------------------------------------------------------------------- the journal


@dataclass(frozen=True)
class JournalView:
    """What the killed client left on disk: every entry, and what the server answered."""

    progress: dict[str, tuple[int, float, float]]  # event_id: (lesson_id, from_s, to_s)
    checks: set[str]
    answered: dict[str, str]  # entry_id: status, for entries the server answered
    integrity_problems: list[str]


def read_journal(path: Path) -> JournalView:
    journal = Journal(path)
    try:
        progress: dict[str, tuple[int, float, float]] = {}
        checks: set[str] = set()
        answered: dict[str, str] = {}
        for entry_id in journal.all_ids():
            entry = journal.entry(entry_id)
            assert entry is not None
            if entry.kind is Kind.PROGRESS:
                payload = entry.payload
                progress[entry_id] = (
                    int(payload["lesson_id"]), float(payload["from_s"]), float(payload["to_s"])
                )  # fmt: skip
            elif entry.kind is Kind.FACE_CHECK:
                checks.add(entry_id)
            if entry.status is not None:
                answered[entry_id] = entry.status
        return JournalView(progress, checks, answered, list(journal.integrity_problems))
    finally:
        journal.close()


def journaled_seconds(view: JournalView) -> dict[int, float]:
    """Per lesson, the seconds the union of the journaled stretches covers."""
    by_lesson: dict[int, list[Interval]] = {}
    for lesson_id, start, end in view.progress.values():
        by_lesson.setdefault(lesson_id, []).append((start, end))
    return {lesson: covered_seconds(union(spans)) for lesson, spans in by_lesson.items()}


# ---------------------------------------------------------------------- the server's database


class ServerDatabase:
    """Reads the server's database beside it (a trainee's login would replace the
    child's session, so the test does not ask the API while a child runs)."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)

    def close(self) -> None:
        self.engine.dispose()

    def credited(self, enrollment_id: int) -> dict[int, float]:
        with self.engine.connect() as db:
            rows = db.execute(
                text("SELECT lesson_id, credited_s FROM lesson_progress WHERE enrollment_id = :e"),
                {"e": enrollment_id},
            ).all()
        return {int(r[0]): float(r[1]) for r in rows}

    def event_ids(self) -> dict[str, str]:
        """Every progress event the server holds, with its status."""
        with self.engine.connect() as db:
            rows = db.execute(text("SELECT event_id, status FROM progress_events")).all()
        return {str(r[0]): str(r[1]) for r in rows}

    def face_checks(self) -> dict[str, bool]:
        with self.engine.connect() as db:
            rows = db.execute(text("SELECT check_id, passed FROM face_checks")).all()
        return {str(r[0]): bool(r[1]) for r in rows}

    def challenges(self) -> dict[str, str | None]:
        """Each face check's challenge (None: the client picked its gesture itself)."""
        with self.engine.connect() as db:
            rows = db.execute(text("SELECT check_id, challenge_id FROM face_checks")).all()
        return {str(r[0]): None if r[1] is None else str(r[1]) for r in rows}

    def credited_by_check(self, check_id: str) -> float:
        """Seconds the credited events naming this face check added."""
        with self.engine.connect() as db:
            total = db.execute(
                text(
                    "SELECT coalesce(sum(added_s), 0) FROM progress_events"
                    " WHERE face_check_id = :c AND status = 'credited'"
                ),
                {"c": check_id},
            ).scalar_one()
        return float(total)
