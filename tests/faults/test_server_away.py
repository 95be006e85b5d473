"""The server stops for two real minutes while a lesson plays (SYNC-1, FACE-3): the
headless lesson client (real player, tracker, journal, sender) plays on from its
downloaded lessons, makes its random face check itself (the gesture its own pick, on the
whole face video as a webcam gives it) and journals it, journals its progress; when the
server is back on the same port and data, the sender delivers all of it and all of it is
credited, the offline check judged again by the server and passing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.support.database_counts import counted_once
from tests.support.faults import NEW_PASSWORD, ZHANG, Http, ServerProcess, enrolled_photo
from tests.support.lesson_runs import LessonRun, ServerDatabase, journaled_seconds, read_journal

AWAY_S = 120.0
ONLINE_FIRST_S = 3.0  # of play before the server stops
CHECK_AFTER_S = "30"  # of play, the random face check (FACE-5): the server is away then
LESSONS = "5"  # 30 s each: playback outlasts the outage
TOLERANCE_S = 0.05


def seconds(view_seconds: dict[int, float]) -> float:
    return sum(view_seconds.values())


# RULES: SYNC-1, FACE-3, PROG-5
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_two_minutes_without_the_server_are_all_credited_when_it_returns(
    sqlite_server_process: ServerProcess, tmp_path: Path, faces_dir: Path
) -> None:
    server = sqlite_server_process
    http = Http(server.api)
    token = http.ready_trainee(ZHANG)
    assert http.put_photo(token, enrolled_photo(faces_dir)).status_code == 201
    enrollment = http.first_enrollment(token)
    journal = tmp_path / "journal.sqlite3"
    args = [server.url, ZHANG, NEW_PASSWORD, str(journal), "--face-check", str(faces_dir)]
    args += ["--downloads", str(tmp_path / "downloads"), "--lessons", LESSONS]
    args += ["--offline-check-after", CHECK_AFTER_S, "--chunk-s", "5", "--backoff-s", "1"]
    run = LessonRun.start(args, tmp_path / "child.log")
    try:
        first_check = run.wait_for("check", timeout_s=120).split()[1]
        run.wait_for("playing")
        time.sleep(ONLINE_FIRST_S)
        server.stop()
        before = read_journal(journal)
        time.sleep(AWAY_S)
        during = read_journal(journal)
        assert run.process.poll() is None, run.lines
        checks = [words[1] for words in run.words("check")]
        assert len(checks) == 2, f"the random check was not made offline: {run.lines}"
        offline_check = checks[1]
        # Playback went on: most of the two minutes were journaled, none of it answered.
        played_away = seconds(journaled_seconds(during)) - seconds(journaled_seconds(before))
        assert played_away > 0.7 * AWAY_S, played_away
        assert offline_check in during.checks and offline_check not in during.answered
        unsent = set(during.progress) - set(during.answered)
        assert len(unsent) >= 15, len(unsent)

        server.start()  # the same port, the same data
        assert run.finish(timeout_s=240) == 0, run.lines
        assert run.lines[-1] == "drained", run.lines
    finally:
        run.kill()

    view = read_journal(journal)
    database = ServerDatabase(server.sqlalchemy_url)
    try:
        judged = database.face_checks()
        assert judged[first_check] is True
        assert judged[offline_check] is True, "the offline check, judged again by the server"
        assert view.answered[offline_check] == "passed"
        # FACE-3: the first check showed the server's challenge; offline the client picked.
        challenges = database.challenges()
        assert challenges[first_check] is not None and challenges[offline_check] is None
        stored = database.event_ids()
        assert set(view.progress) <= set(view.answered)
        assert {view.answered[i] for i in view.progress} == {"credited"}
        assert {stored[i] for i in unsent} == {"credited"}, "what was journaled away"
        assert counted_once(server.sqlalchemy_url, enrollment) == []
        credited = database.credited(enrollment)
        union = journaled_seconds(view)
        assert set(credited) == set(union)
        for lesson_id, total in union.items():
            assert credited[lesson_id] == pytest.approx(total, abs=TOLERANCE_S), lesson_id
        named_offline = database.credited_by_check(offline_check)
        assert named_offline > 10.0, "events naming the offline check were credited"
    finally:
        database.close()
