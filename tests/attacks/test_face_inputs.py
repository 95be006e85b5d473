"""Attacks on face checks with times a script makes, over HTTP: a check "lasting" hours
so that it covers the study long before it (FACE-3, FACE-5, PROG-5)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.faults import Http, enrolled_photo, live_crops, stretch
from tests.support.live_server import LiveServer, start_server

ZHANG = "530102198001010015"  # 张三: paid, nothing watched


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, media_dir: Path) -> Iterator[LiveServer]:
    live = start_server(tmp_path_factory.mktemp("face-inputs") / "data", None, media_dir)
    yield live
    live.stop()


def check_meta(started: dt.datetime, ended: dt.datetime) -> dict[str, Any]:
    return {
        "check_id": str(uuid.uuid4()),
        "purpose": "periodic",
        "started_at": started.isoformat(),
        "ended_at": ended.isoformat(),
        "liveness": {"method": "blink", "passed": True},
    }


# RULES: FACE-3, FACE-5, PROG-5
def test_a_check_lasting_hours_fails_bad_time_and_covers_nothing_before_it(
    server: LiveServer, faces_dir: Path
) -> None:
    """A script studies for hours with no one at the camera, then one check "made" from
    the session's start to now would cover all of it (a stretch may start at the named
    check's start): FACE-3's check is over within 30 seconds."""
    http = Http(server.api)
    login = http.ready_login(ZHANG)
    token, session_id = login["token"], login["session_id"]
    assert http.put_photo(token, enrolled_photo(faces_dir)).status_code in (201, 409)
    lesson_id = int(http.lessons(token)[0]["id"])
    session_began = server.clock()
    server.clock.advance(hours=3)
    now = server.clock()
    meta = check_meta(session_began - dt.timedelta(seconds=60), now - dt.timedelta(seconds=1))
    judged = http.face_check(token, meta, live_crops(faces_dir))
    assert judged.status_code == 200, judged.text
    assert (judged.json()["passed"], judged.json()["reason"]) == (False, "bad_time")
    event = stretch(
        session_id, lesson_id, 0.0, 10.0, session_began + dt.timedelta(hours=1), meta["check_id"]
    )
    answer = http.call("POST", "/progress", token, json={"events": [event]}).json()
    assert answer["results"][0]["status"] == "refused"
    # An honest check of a few seconds still passes.
    honest = check_meta(now - dt.timedelta(seconds=8), now - dt.timedelta(seconds=2))
    assert http.face_check(token, honest, live_crops(faces_dir)).json()["passed"] is True
