"""Keeping face data no longer than needed (FACE-8, FACE-7): the daily retention job with
the server's clock moved, and the server's files readable by its own user only."""

from __future__ import annotations

import stat
import uuid
from pathlib import Path

from sqlalchemy import func, select

from app.server.main import keep_private
from app.server.models import (
    ExamAttempt,
    FaceCheck,
    FaceDataDeletion,
    FaceEvidence,
    LessonProgress,
    Trainee,
)
from app.server.services import retention
from app.server.settings import Settings
from tests.support.live_server import LiveServer

ZHANG, ZHOU, SUN = "530102198001010015", "530102199001010079", "530102198505050061"


def give_face_data(server: LiveServer, id_number: str) -> int:
    """A photo and template as PUT /me/photo stores them, and one failed check's crop."""
    now = server.clock()
    with server.context.sessions() as db:
        trainee = db.scalars(select(Trainee).where(Trainee.id_number == id_number)).one()
        trainee.photo, trainee.photo_embedding, trainee.photo_set_at = b"jpeg", b"vector", now
        check_id = str(uuid.uuid4())
        db.add(
            FaceCheck(
                id=check_id, trainee_id=trainee.id, purpose="periodic", started_at=now,
                ended_at=now, received_at=now, passed=False, reason="mismatch",
            )
        )
        db.flush()
        db.add(FaceEvidence(check_id=check_id, image=b"crop", created_at=now))
        db.commit()
        return trainee.id


def holders(server: LiveServer) -> set[str]:
    with server.context.sessions() as db:
        return set(db.scalars(select(Trainee.id_number).where(Trainee.photo.is_not(None))))


def count(server: LiveServer, table: type) -> int:
    with server.context.sessions() as db:
        return db.scalar(select(func.count()).select_from(table)) or 0


def test_the_retention_job_deletes_exactly_what_is_past_its_time(server: LiveServer) -> None:
    # RULES: FACE-8, FACE-7
    for id_number in (ZHANG, ZHOU, SUN):
        give_face_data(server, id_number)
    kept = (count(server, ExamAttempt), count(server, LessonProgress))
    keep_days = server.context.settings.face_data_retention_days  # 365
    # 29 days on: nothing is due.
    server.clock.advance(days=29)
    assert retention.run(server.context) == retention.RetentionReport(trainees=0, crops=0)
    # 31 days on: the evidence crops go (FACE-7), the photos stay.
    server.clock.advance(days=2)
    assert retention.run(server.context) == retention.RetentionReport(trainees=0, crops=3)
    assert holders(server) == {ZHANG, ZHOU, SUN}
    # 孙八 passed 10 days before the start: his face data is due a year after the pass.
    server.clock.advance(days=keep_days - 10 - 31 - 1)
    assert retention.run(server.context).trainees == 0
    server.clock.advance(days=2)
    assert retention.run(server.context).trainees == 1
    assert holders(server) == {ZHANG, ZHOU}
    # 张三's study period (paid at the start) closed 30 days in: due a year after that.
    server.clock.advance(days=40)
    assert retention.run(server.context).trainees == 1
    # 周九 never paid: an enrollment still under way, whatever the date.
    assert holders(server) == {ZHOU}
    # Progress and exam records are kept; every deletion is on record for the console.
    assert (count(server, ExamAttempt), count(server, LessonProgress)) == kept
    listed = server.call("GET", "/admin/face-data-deletions", server.admin_token()).json()
    newest_first = [(d["id_number"], d["cause"]) for d in listed]
    assert newest_first[:2] == [(ZHANG, "retention"), (SUN, "retention")]
    assert sorted(newest_first[2:]) == sorted((n, "evidence_expired") for n in (ZHANG, ZHOU, SUN))
    assert count(server, FaceDataDeletion) == 5


def test_the_servers_files_are_its_users_alone(sqlite_server: LiveServer, tmp_path: Path) -> None:
    # RULES: FACE-8
    data = sqlite_server.context.settings.data_dir

    def mode(path: Path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(data) == 0o700
    files = [p for p in data.iterdir() if p.is_file()]
    assert any(p.name == "cedu.sqlite3" for p in files)
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    # An older data folder made with the defaults (0755, a 0644 database) is fixed.
    old = tmp_path / "old"
    old.mkdir(mode=0o755)
    (old / "cedu.sqlite3").touch(mode=0o644)
    keep_private(Settings(data_dir=old))
    assert (mode(old), mode(old / "cedu.sqlite3")) == (0o700, 0o600)
