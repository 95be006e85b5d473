"""SIGKILL the client while a lesson plays, at 30 random moments: a headless lesson run
through the real player (libvlc, dummy video and audio), tracker, journal and sender
against the real server process, restarted each time from the server's resume point.
After every kill: credited progress never goes backwards and every event the journal
had marked acknowledged is in the server's database. After the last run drains: every
event journaled is acknowledged, credited once, and the credited seconds equal the union
of the journaled stretches (SYNC-1, SYNC-2, PROG-5, FACE-3)."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from tests.support.database_counts import counted_once
from tests.support.faults import NEW_PASSWORD, ZHANG, Http, ServerProcess, enrolled_photo
from tests.support.lesson_runs import LessonRun, ServerDatabase, journaled_seconds, read_journal

KILLS = 30
# Stretches close every second of play, so each kill moment (0.3-2 s into playback)
# leaves some events sent, some journaled only, and some not yet closed.
CHUNK_S = "1.0"
TOLERANCE_S = 0.05  # the server keeps seconds as floats; the union is the same union


# RULES: SYNC-1, SYNC-2, PROG-5, FACE-3
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_killing_the_client_mid_lesson_loses_and_doubles_nothing(
    sqlite_server_process: ServerProcess, tmp_path: Path, faces_dir: Path
) -> None:
    server = sqlite_server_process
    http = Http(server.api)
    token = http.ready_trainee(ZHANG)
    assert http.put_photo(token, enrolled_photo(faces_dir)).status_code == 201
    enrollment = http.first_enrollment(token)
    database = ServerDatabase(server.sqlalchemy_url)
    journal = tmp_path / "journal.sqlite3"
    log = tmp_path / "children.log"
    base = [server.url, ZHANG, NEW_PASSWORD, str(journal), "--chunk-s", CHUNK_S]
    rng = random.Random(20260512)
    credited: dict[int, float] = {}
    check_id: str | None = None
    moments: list[float] = []
    startups: list[float] = []
    unsent_at_kill = 0  # kills that left journaled events unacknowledged
    try:
        for run_number in range(KILLS):
            extra = ["--face-check", str(faces_dir)] if check_id is None else []
            extra += ["--check-id", check_id] if check_id else []
            spawned = time.monotonic()
            run = LessonRun.start(base + extra, log)
            if check_id is None:
                check_id = run.wait_for("check", timeout_s=120).split()[1]
            run.wait_for("playing")
            startups.append(time.monotonic() - spawned)
            moments.append(rng.uniform(0.3, 2.0))
            time.sleep(moments[-1])
            if rng.random() < 0.5:
                # Half the kills land just after a journal commit, before the sender's
                # answer: the moment a lost or doubled event would show.
                run.wait_for_more("journaled", timeout_s=3.0)
            run.kill()

            now = database.credited(enrollment)
            for lesson_id, seconds in credited.items():
                assert now.get(lesson_id, 0.0) >= seconds - 1e-6, (run_number, lesson_id)
            credited = now
            view = read_journal(journal)
            assert view.integrity_problems == []
            stored = database.event_ids()
            acknowledged = {i for i in view.answered if i in view.progress}
            unsent_at_kill += len(view.progress) > len(acknowledged)
            assert acknowledged <= set(stored), f"run {run_number}: acknowledged, then lost"
            assert check_id in view.checks

        # The next start sends what the last killed run journaled and never sent.
        last = LessonRun.start([*base, "--check-id", str(check_id), "--drain"], log)
        assert last.finish() == 0 and last.lines[-1] == "drained", last.lines
        view = read_journal(journal)
        stored = database.event_ids()
        assert set(view.progress) <= set(view.answered), "journaled but never acknowledged"
        assert set(view.progress) <= set(stored), "journaled but not on the server"
        statuses = {view.answered[event_id] for event_id in view.progress}
        assert statuses <= {"credited", "duplicate"}, statuses
        assert database.face_checks()[check_id] is True, "the client's check, judged again"
        assert counted_once(server.sqlalchemy_url, enrollment) == []
        final = database.credited(enrollment)
        union = journaled_seconds(view)
        assert set(final) == set(union)
        for lesson_id, seconds in union.items():
            assert final[lesson_id] == pytest.approx(seconds, abs=TOLERANCE_S), lesson_id
        assert sum(final.values()) > 10.0, "the lesson must have been playing when killed"
        assert unsent_at_kill > 0, "no kill caught an event between journal and server"
        print(f"startup to playing: {sorted(startups)[len(startups) // 2]:.2f} s median;"
              f" kills leaving events unsent: {unsent_at_kill}/{KILLS}")  # fmt: skip
    finally:
        database.close()
