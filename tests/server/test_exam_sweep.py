"""EXAM-2's sweep runs in every server process: racing sweeps grade an attempt once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select

from app.server.models import ExamAttempt
from app.server.services import exam, exam_sweep
from tests.support.live_server import LiveServer, start_server
from tests.support.server_exams import (
    WANG,
    answer_right,
    ready_enrollment,
    start_attempt,
    stored_paper,
)


@pytest.fixture
def quiet_server(tmp_path: Path, database_url: str | None, media_dir: Path) -> Iterator[LiveServer]:
    """The server's own sweep kept out of the way: only the test's sweeps run."""
    live = start_server(tmp_path / "data", database_url, media_dir, exam_sweep_s=3600)
    yield live
    live.stop()


def test_three_racing_sweeps_grade_an_expired_attempt_once(
    quiet_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # RULES: EXAM-2
    server = quiet_server
    token, enrollment_id = ready_enrollment(server, WANG)
    attempt = start_attempt(server, token, enrollment_id)
    earned = answer_right(server, token, attempt["id"], stored_paper(server, attempt["id"])[:5])
    gradings: list[str] = []
    real_grade = exam.papers.grade

    def counting_grade(*args: object) -> int:
        gradings.append(threading.current_thread().name)
        return real_grade(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(exam.papers, "grade", counting_grade)
    server.clock.advance(minutes=121)
    start = threading.Barrier(3)

    def sweep(_: int) -> int:
        start.wait(timeout=30)
        return exam_sweep.expire_overdue_attempts(server.context)

    with ThreadPoolExecutor(3) as pool:
        expired = list(pool.map(sweep, range(3)))
    assert sorted(expired) == [0, 0, 1]
    assert len(gradings) == 1
    with server.context.sessions() as db:
        row = db.scalar(select(ExamAttempt).where(ExamAttempt.id == attempt["id"]))
    assert row is not None and row.state == "expired" and row.score == earned
