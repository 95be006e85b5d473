"""SIGKILL the server in a burst of progress events, ten times: every event it
acknowledged is in the database after the restart, nothing is counted twice, and the
client's resend of what was in flight is answered `duplicate` or `credited` (SYNC-1,
SYNC-2), on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.database_counts import counted_once, stored_ids
from tests.support.faults import Http, ServerProcess, passed_face_check, stretch

KILLS = 10
SENDERS = 3  # one thread per lesson, each in its own lesson's order
BATCH = 20
# Lesson seconds, and wall-clock seconds, per event. One trainee has one clock (PROG-5):
# the burst's events take turns on one wall-clock timeline (never the same second twice,
# or the server rightly refuses them `overlapping_time`), which starts after the passed
# check and must stay behind the server's clock however fast the burst goes.
STEP_S = 0.001
LESSON_S = 30.0  # ServerProcess's demo lessons


class Burst:
    """Threads posting batches until the server dies; what it acknowledged is kept."""

    def __init__(self, api: str, token: str, session_id: str, check_id: str, lessons: list[int]):
        self.api, self.token, self.session_id, self.check_id = api, token, session_id, check_id
        self.lessons = lessons
        self.position = dict.fromkeys(lessons, 0.0)
        self.acknowledged: set[str] = set()
        self.in_flight: list[dict[str, Any]] = []  # batches sent and never answered
        self.lock = threading.Lock()
        # passed_face_check dates its check two minutes back: the timeline starts after it.
        self.wall = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=100)

    def batch(self, lesson_id: int) -> list[dict[str, Any]]:
        events = []
        for _ in range(BATCH):
            start = self.position[lesson_id]
            if start + STEP_S > LESSON_S:  # watched to the end: again from the start
                start = 0.0
            with self.lock:
                self.wall += dt.timedelta(seconds=STEP_S)
                ended_at = self.wall
            events.append(
                stretch(self.session_id, lesson_id, start, start + STEP_S, ended_at, self.check_id)
            )
            self.position[lesson_id] = start + STEP_S
        return events

    def send(self, lesson_id: int) -> None:
        http = requests.Session()
        headers = {"Authorization": f"Bearer {self.token}"}
        while True:
            events = self.batch(lesson_id)
            try:
                response = http.post(
                    self.api + "/progress", json={"events": events}, headers=headers, timeout=30
                )
            except requests.RequestException:
                with self.lock:
                    self.in_flight.extend(events)
                return
            assert response.status_code == 200, response.text
            results = response.json()["results"]
            with self.lock:
                self.acknowledged.update(r["event_id"] for r in results)

    def run_until_killed(self, server: ServerProcess, rng: random.Random) -> None:
        threads = [threading.Thread(target=self.send, args=(n,)) for n in self.lessons]
        for thread in threads:
            thread.start()
        time.sleep(rng.uniform(0.3, 1.2))
        server.kill()
        for thread in threads:
            thread.join(timeout=60)
            assert not thread.is_alive()


# RULES: SYNC-1, SYNC-2
@pytest.mark.slow
def test_every_acknowledged_event_survives_ten_server_kills(
    server_process: ServerProcess, faces_dir: Path
) -> None:
    http = Http(server_process.api)
    login = http.ready_login()
    token, session_id = str(login["token"]), str(login["session_id"])
    check_id = passed_face_check(http, token, faces_dir)
    lessons = [int(lesson["id"]) for lesson in http.lessons(token)][:SENDERS]
    burst = Burst(server_process.api, token, session_id, check_id, lessons)
    rng = random.Random(20260511)
    for _ in range(KILLS):
        before = len(burst.acknowledged)
        burst.run_until_killed(server_process, rng)
        assert len(burst.acknowledged) > before, "the burst must be under way when killed"
        server_process.start()
        missing = burst.acknowledged - stored_ids(server_process.sqlalchemy_url, burst.acknowledged)
        assert not missing, f"{len(missing)} acknowledged events lost by a SIGKILL"
        # The client resends what it never got an answer for: applied at most once.
        resend = burst.in_flight
        burst.in_flight = []
        for start in range(0, len(resend), 500):
            answer = http.call(
                "POST", "/progress", token, json={"events": resend[start : start + 500]}
            )
            assert answer.status_code == 200, answer.text
            statuses = {(r["status"], r.get("reason")) for r in answer.json()["results"]}
            assert {s for s, _ in statuses} <= {"credited", "duplicate"}, statuses
            burst.acknowledged.update(r["event_id"] for r in answer.json()["results"])
    assert counted_once(server_process.sqlalchemy_url, http.first_enrollment(token)) == []
    assert len(burst.acknowledged) > KILLS * BATCH
