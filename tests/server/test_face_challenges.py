"""Face challenges (FACE-3, API.md): the server picks the gesture; a challenge serves one
check of its own trainee, begun within 90 s and sent within 10 minutes; crop_times agree
with the crops."""

from __future__ import annotations

import datetime as dt
from typing import Any

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select

from app.server.models import FaceChallenge
from app.server.services import retention
from tests.support.faults import stretch
from tests.support.live_server import LiveServer
from tests.support.server_faces import ZHANG, post_check

QIAN = "530302196909300057"  # 钱七, another paid trainee


def challenge(server: LiveServer, token: str) -> dict[str, Any]:
    response = server.call("POST", "/face-checks/challenges", token)
    assert response.status_code == 201, response.text
    answer: dict[str, Any] = response.json()
    return answer


@pytest.fixture
def crops() -> list[bytes]:
    """Plain pictures: a challenge is settled before any face is looked for."""
    return [
        bytes(cv2.imencode(".jpg", np.full((120, 100, 3), 60 + 40 * n, np.uint8))[1])
        for n in range(3)
    ]


# RULES: FACE-3
def test_the_server_picks_the_gesture_from_its_setting(sqlite_server: LiveServer) -> None:
    server = sqlite_server
    token = server.ready_trainee(ZHANG)
    # All three (the tests' environment narrows it to a blink: tests/conftest.py).
    server.context.settings.face_gestures = "blink,turn_left,turn_right"
    seen = {challenge(server, token)["gesture"] for _ in range(12)}
    assert seen <= {"blink", "turn_left", "turn_right"} and len(seen) > 1
    server.context.settings.face_gestures = "blink"
    made = challenge(server, token)
    assert made["gesture"] == "blink"
    expires = dt.datetime.fromisoformat(made["expires_at"])
    assert abs((expires - server.clock()).total_seconds() - 90) < 5
    assert server.call("POST", "/face-checks/challenges").status_code == 401


# RULES: FACE-3
def test_a_challenge_serves_one_check_of_its_trainee_before_it_expires(
    sqlite_server: LiveServer, crops: list[bytes]
) -> None:
    server = sqlite_server
    token = server.ready_trainee(ZHANG)
    server.consent(token)
    other = server.ready_trainee(QIAN)
    server.consent(other)
    times = {"crop_times": [0.0, 1.0, 2.0]}

    def verdict(who: str, challenge_id: str) -> Any:
        return post_check(server, who, crops, challenge_id=challenge_id, **times)["reason"]

    used = challenge(server, token)["challenge_id"]
    assert verdict(token, used) != "challenge_expired"  # judged (here: no photo)
    assert verdict(token, used) == "challenge_expired"  # used once already
    assert verdict(token, "0" * 32) == "challenge_expired"  # never made
    assert verdict(other, challenge(server, token)["challenge_id"]) == "challenge_expired"
    late = challenge(server, token)["challenge_id"]
    server.clock.advance(seconds=99)  # the check began 91 s after the challenge
    assert verdict(token, late) == "challenge_expired"
    # Another trainee naming it does not use it up: its own trainee still can.
    server.clock.advance(seconds=-99)
    mine = challenge(server, token)["challenge_id"]
    assert verdict(other, mine) == "challenge_expired"
    assert verdict(token, mine) != "challenge_expired"


# RULES: FACE-3
def test_a_check_begun_in_time_counts_though_its_upload_was_slow(
    sqlite_server: LiveServer, crops: list[bytes]
) -> None:
    # A rural link: the crops took minutes to arrive. The challenge is judged at the
    # check's start (bounded by the server's clock), the arrival within 10 minutes of it.
    server = sqlite_server
    token = server.ready_trainee(ZHANG)
    server.consent(token)

    def sent_after(seconds: float, began: float) -> Any:
        made = challenge(server, token)
        issued = server.clock()
        server.clock.advance(seconds=seconds)
        at = {
            "started_at": (issued + dt.timedelta(seconds=began)).isoformat(),
            "ended_at": (issued + dt.timedelta(seconds=began + 6)).isoformat(),
            "crop_times": [0.0, 1.0, 2.0],
        }
        return post_check(server, token, crops, challenge_id=made["challenge_id"], **at)["reason"]

    assert sent_after(5 * 60, began=20) != "challenge_expired"  # judged (here: no photo)
    assert sent_after(9 * 60, began=80) != "challenge_expired"
    assert sent_after(5 * 60, began=95) == "challenge_expired"  # begun after it expired
    assert sent_after(11 * 60, began=20) == "challenge_expired"  # arrived too late


# RULES: FACE-3, EXAM-1
def test_a_check_without_a_challenge_is_refused_when_its_login_reached_the_server(
    sqlite_server: LiveServer, crops: list[bytes]
) -> None:
    # "Offline" is the client's word: a script that never asks for a challenge picks its
    # own gesture. The server refuses it when the login was seen while the check ran.
    server = sqlite_server
    login = server.client.ready_login(ZHANG)
    token = login["token"]
    server.consent(token)
    lesson = server.client.lessons(token)[0]["id"]
    server.clock.advance(seconds=60)  # the login and the consent are behind

    def offline_check(purpose: str = "lesson_start", began: float = 15) -> Any:
        now = server.clock()
        at = {
            "started_at": (now - dt.timedelta(seconds=began)).isoformat(),
            "ended_at": (now - dt.timedelta(seconds=began - 6)).isoformat(),
            "crop_times": [0.0, 1.0, 2.0],
        }
        return post_check(server, token, crops, challenge_id=None, purpose=purpose, **at)

    # Its progress arrived 12 s ago, while the "offline" check ran (15 s ago to 9 s ago).
    server.clock.advance(seconds=8)
    event = stretch(login["session_id"], lesson, 0, 5, server.clock(), None)
    sent = server.call("POST", "/progress", token, json={"events": [event]})
    assert sent.status_code == 200, sent.text
    server.clock.advance(seconds=12)
    refused = offline_check()
    assert (refused["passed"], refused["reason"]) == (False, "challenge_required")
    # Another check of the trainee received meanwhile counts as much.
    server.clock.advance(seconds=30)
    post_check(server, token, crops, crop_times=[0.0, 1.0, 2.0])  # on a challenge
    server.clock.advance(seconds=10)
    assert offline_check()["reason"] == "challenge_required"
    # Nothing of this login reached the server while it ran: judged (here: no photo).
    server.clock.advance(seconds=60)
    assert offline_check()["reason"] == "no_photo"
    # The exam's start needs the server anyway: its check always needs a challenge.
    assert offline_check(purpose="exam")["reason"] == "challenge_required"
    exam = post_check(server, token, crops, purpose="exam", crop_times=[0.0, 1.0, 2.0])
    assert exam["reason"] == "no_photo"  # on a challenge: judged


# RULES: FACE-3
@pytest.mark.parametrize(
    "times",
    [[0.0, 1.0], [0.0, 1.0, 2.0, 3.0], [0.0, 2.0, 1.0], [0.0, 1.0, 6.5], [-1.0, 0.0, 1.0]],
    ids=["too_few", "too_many", "backwards", "after_the_end", "before_the_start"],
)
def test_crop_times_that_do_not_fit_the_crops_are_invalid(
    sqlite_server: LiveServer, crops: list[bytes], times: list[float]
) -> None:
    server = sqlite_server
    token = server.ready_trainee(ZHANG)
    now = server.clock()
    response = server.call(
        "POST",
        "/face-checks",
        token,
        data={
            "meta": (
                '{"check_id": "times-0001", "purpose": "periodic", '
                f'"started_at": "{(now - dt.timedelta(seconds=8)).isoformat()}", '
                f'"ended_at": "{(now - dt.timedelta(seconds=2)).isoformat()}", '
                f'"crop_times": {times}, "liveness": {{"method": "blink", "passed": true}}}}'
            )
        },
        files=[("crop", (f"{n}.jpg", crop, "image/jpeg")) for n, crop in enumerate(crops)],
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_request"


# RULES: FACE-3
def test_the_daily_retention_job_clears_expired_challenges(sqlite_server: LiveServer) -> None:
    # A trainee who asked and then stopped (or a script asking once per login) kept their
    # challenges for ever: only their own next request cleared them.
    server = sqlite_server
    other = server.ready_trainee(QIAN)
    for _ in range(2):
        challenge(server, other)
    # Kept while a slow check on them may still arrive (10 minutes), then deleted.
    server.clock.advance(seconds=601)
    fresh = challenge(server, server.ready_trainee(ZHANG))["challenge_id"]
    assert retention.run(server.context).crops == 0
    with server.context.sessions() as db:
        assert list(db.scalars(select(FaceChallenge.id))) == [fresh]
    server.clock.advance(seconds=600)
    retention.run(server.context)
    with server.context.sessions() as db:
        assert db.scalar(select(func.count()).select_from(FaceChallenge)) == 0
