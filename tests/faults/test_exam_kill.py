"""SIGKILL the client in the middle of an exam, five times: after each restart every
answer given is on the server and the remaining time is the server's (EXAM-4, SYNC-1).
Each restart signs in with the login it kept (the keyring's token), the login that
started the attempt: the server lets it answer with no new face check (EXAM-1)."""

from __future__ import annotations

import datetime as dt
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.support.faults import NEW_PASSWORD, REPO, Http
from tests.support.live_server import LiveServer

WANG = "532501198811200037"  # 王五: lessons watched, exam open
KILLS = 5


def run_until_killed(args: list[str], after_s: float) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.support.exam_child", *args],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(child.stdout.readline, "")))  # type: ignore[union-attr]
    reader.start()
    deadline = time.monotonic() + 60
    while not any(line.startswith("given") for line in lines) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(after_s)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    reader.join(timeout=10)
    return lines


def note_answers(lines: list[str], given: dict[str, set[str]]) -> None:
    """For each question answered, the keys the server may hold: its last `given`, or a
    `journaling` after it (a kill between the append and the print: journaled, so sent by
    the next start, though never said)."""
    for words in (line.split() for line in lines):
        if len(words) == 3 and words[0] == "given":
            given[words[1]] = {words[2]}
        elif len(words) == 3 and words[0] == "journaling" and words[1] in given:
            given[words[1]].add(words[2])


# RULES: EXAM-4, SYNC-1, EXAM-1
@pytest.mark.slow
def test_every_answer_given_survives_killing_the_client(
    live_server: LiveServer, tmp_path: Path
) -> None:
    http = Http(live_server.api)
    http.ready_trainee(WANG)
    journal = str(tmp_path / "journal.sqlite3")
    given: dict[str, set[str]] = {}
    attempt_id = None
    rng = random.Random(4)
    for run in range(KILLS):
        args = [live_server.url, WANG, NEW_PASSWORD, journal, str(run)]
        lines = run_until_killed(args, rng.uniform(0.05, 0.6))
        for line in lines:
            words = line.split()
            if words[0] == "attempt":
                assert attempt_id in (None, words[1]), "the same attempt resumes"
                attempt_id = words[1]
        note_answers(lines, given)
        assert not any(line.startswith("exam check") for line in lines), "the kept login"
    assert attempt_id is not None and given
    # The next start sends what the killed run journaled, then we read the server.
    lines = run_until_killed([live_server.url, WANG, NEW_PASSWORD, journal, "99"], 0.0)
    token = http.login(WANG, NEW_PASSWORD)["token"]
    attempt = http.call("GET", f"/attempts/{attempt_id}", token).json()
    assert attempt["state"] == "open"
    later = {w[1]: w[2] for w in (x.split() for x in lines) if w[0] == "given" and len(w) == 3}
    for question_id, keys in given.items():
        if question_id not in later:  # answered again by the last run: that one counts
            assert attempt["answers"].get(question_id) in [[key] for key in keys], question_id
    deadline = dt.datetime.fromisoformat(attempt["deadline"])
    remaining = (deadline - live_server.clock()).total_seconds()
    assert attempt["remaining_s"] == pytest.approx(remaining, abs=3)
