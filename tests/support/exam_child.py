"""The client's side of an exam, run as its own process so a test can SIGKILL it:
sign in (the first run with the password; a restart with the login it kept, as the
keyring keeps it: the same login, which answers its attempt with no new face check),
resume the open attempt (an exam check for it first only when the server asks, EXAM-1)
or start one, send what the journal still holds, then answer question after question,
each journaled first and sent by the sender.
Prints `exam check` when it made one for the attempt, `journaling <question_id> <key>`
before an answer is appended and `given <question_id> <key>` once it is journaled (the
trainee's click)."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from app.sync.api import ApiClient
from app.sync.errors import AuthError
from app.sync.journal import Journal
from app.sync.sender import Sender
from tests.support.exam_start import FACES, exam_check, start_exam_as
from tests.support.faults import BLINKS, live_crops


def signed_in(client: ApiClient, id_number: str, password: str, kept: Path) -> None:
    """The kept login if the server still takes it, else a new one (then kept)."""
    if kept.exists():
        client.token, client.session_id = json.loads(kept.read_text())
        try:
            client.me()
            return
        except AuthError:  # replaced or expired: a new login
            pass
    client.login(id_number, password)
    kept.write_text(json.dumps([client.token, client.session_id]))


def main(url: str, id_number: str, password: str, journal_path: str, seed: int) -> None:
    client = ApiClient(url)
    signed_in(client, id_number, password, Path(journal_path + ".login"))
    journal = Journal(Path(journal_path))
    sender = Sender(journal, client, id_number)
    me = client.me()["enrollments"][0]
    open_id = me["exam"].get("open_attempt_id")
    if open_id and client.attempt(open_id)["identity_required"]:
        # Another login's attempt (EXAM-1): its exam check before any answer goes.
        # Each run's check its own frames: a run's check the same as an earlier run's
        # would be a replay (FACE-3); the first run's start took BLINKS[0].
        crops = live_crops(FACES, BLINKS[1 + seed % (len(BLINKS) - 1)])
        assert exam_check(url, str(client.token), crops, attempt_id=open_id)["passed"]
        print("exam check", flush=True)
    sender.drain()  # what the killed run had journaled but not sent
    attempt = client.attempt(open_id) if open_id else start_exam_as(client, int(me["id"]))
    print(f"attempt {attempt['id']} {attempt['remaining_s']}", flush=True)
    rng = random.Random(seed)
    for question in attempt["questions"]:
        key = rng.choice(question["options"])["key"]
        # Said before the disk too: a kill between the append and `given` leaves an answer
        # journaled (the next start sends it) that no `given` line names.
        print(f"journaling {question['id']} {key}", flush=True)
        journal.append_answer(id_number, client.session_id, attempt["id"], question["id"], [key])
        print(f"given {question['id']} {key}", flush=True)
        sender.drain()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
