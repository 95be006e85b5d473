"""A trainee who watches and reports progress straight over HTTP (tests/attacks)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app.player.tracker import ProgressTracker
from app.sync.api import ApiClient
from app.sync.journal import Journal
from app.sync.sender import Sender
from tests.support.faults import NEW_PASSWORD, ZHANG, Http, passed_face_check, stretch
from tests.support.live_server import LiveServer


class Trainee:
    """ZHANG logged in through the client's ApiClient, with a passed face check."""

    def __init__(self, server: LiveServer, faces_dir: Path, tmp_path: Path) -> None:
        self.server = server
        self.http = Http(server.api)
        self.http.ready_trainee()
        self.client = ApiClient(server.url)
        self.client.login(ZHANG, NEW_PASSWORD)
        assert self.client.token and self.client.session_id
        self.token, self.session_id = self.client.token, self.client.session_id
        self.check_id = passed_face_check(self.http, self.token, faces_dir)
        self.lesson = self.http.lessons(self.token)[0]
        self.lesson_id = int(self.lesson["id"])
        self.journal = Journal(tmp_path / "journal.sqlite3")

    def credited(self) -> float:
        lessons = self.http.lessons(self.token)
        return float(next(x for x in lessons if x["id"] == self.lesson_id)["credited_s"])

    def send(self, *events: dict[str, Any]) -> list[tuple[str, str | None]]:
        answer = self.client.send_progress(list(events))  # type: ignore[arg-type]
        return [(r["status"], r.get("reason")) for r in answer["results"]]

    def event(self, from_s: float, to_s: float, **options: Any) -> dict[str, Any]:
        ended = options.pop("ended_at", dt.datetime.now(dt.UTC))
        check = options.pop("face_check_id", self.check_id)
        return stretch(self.session_id, self.lesson_id, from_s, to_s, ended, check, **options)

    def tracked(self, ticks: list[tuple[float, float, float]]) -> list[dict[str, Any]]:
        """Feed the real tracker (position, wall second, rate) ticks; journal and send
        what it emits through the real sender. The events as sent."""
        wall0 = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=ticks[-1][1] + 1)
        now = [wall0]
        emitted: list[dict[str, Any]] = []

        def emit(event: Any) -> None:
            payload = event.to_payload()
            emitted.append(payload)
            self.journal.append_progress(ZHANG, payload)

        tracker = ProgressTracker(
            session_id=self.session_id,
            lesson_id=str(self.lesson_id),
            duration_s=float(self.lesson["duration_s"]),
            emit=emit,
            clock=lambda: now[0],
            face_check_id=self.check_id,
            chunk_s=5.0,
        )
        for position, second, rate in ticks:
            now[0] = wall0 + dt.timedelta(seconds=second)
            tracker.tick(position, playing=True, rate=rate)
        tracker.stop()
        for payload in emitted:  # the tracker names lessons as strings; the API, ints
            payload["lesson_id"] = self.lesson_id
        Sender(self.journal, self.client, ZHANG).drain()
        return emitted
