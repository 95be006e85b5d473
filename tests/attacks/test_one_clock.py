"""Attacks a script makes with no person at a camera: overlapping wall-clock time, study
credited during an exam, face-check times from anywhere, one passed check for every later
second, other trainees' ids, odd dates and huge bodies (PROG-5, FACE-3, FACE-5, SYNC-2).
Each was accepted by the server before issue 14; each is refused now, over HTTP."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import socket
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.support.exam_start import exam_check
from tests.support.faults import Http, live_crops, passed_face_check, stretch
from tests.support.live_server import LiveServer
from tests.support.progress_trainees import Trainee

WANG = "532501198811200037"  # 王五: every lesson credited, no attempt yet


@pytest.fixture
def trainee(live_server: LiveServer, faces_dir: Path, tmp_path: Path) -> Trainee:
    return Trainee(live_server, faces_dir, tmp_path)


def _check_meta(started: dt.datetime, ended: dt.datetime, **extra: Any) -> dict[str, Any]:
    return {
        "check_id": str(uuid.uuid4()),
        "purpose": "periodic",
        "started_at": started.isoformat(),
        "ended_at": ended.isoformat(),
        "liveness": {"method": "blink", "passed": True},
        **extra,
    }


# RULES: PROG-5
def test_a_whole_course_in_three_seconds_of_wall_clock_is_refused(trainee: Trainee) -> None:
    """The script of issue 14: stretches chained across every lesson, all inside the same
    3 s of wall clock, each plausible on its own."""
    lessons = trainee.http.lessons(trainee.token)
    ended = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    events = [
        stretch(trainee.session_id, int(lesson["id"]), s, s + 3.0, ended, trainee.check_id)
        for lesson in lessons
        for s in range(0, int(lesson["duration_s"]), 3)
    ]
    answer = trainee.client.send_progress(events)  # type: ignore[arg-type]
    reasons = [r.get("reason") for r in answer["results"]]
    # Each lesson's first stretch overlaps the credited one; the rest also start past
    # the frontier that was never credited.
    assert reasons[0] is None and "overlapping_time" in reasons
    assert set(reasons[1:]) <= {"overlapping_time", "beyond_furthest_point"}
    me = trainee.http.call("GET", "/me", trainee.token).json()
    assert me["enrollments"][0]["progress"]["credited_s"] <= 3.0
    attempt = trainee.http.call(
        "POST", f"/enrollments/{me['enrollments'][0]['id']}/attempts", trainee.token
    )
    assert attempt.status_code == 409 and attempt.json()["error"]["code"] == "exam_not_open"
    # Overlaps of at most 2 s are trimmed, not refused: only fresh wall time is credited.
    before = trainee.credited()
    later = ended + dt.timedelta(seconds=1.5)  # 3 s stretch overlapping the first by 1.5 s
    assert trainee.send(trainee.event(3.0, 6.0, ended_at=later)) == [("credited", None)]
    assert trainee.credited() == pytest.approx(before + 1.5 * 1.05)  # PROG-5: +5%


# RULES: PROG-5, EXAM-2
def test_study_credited_during_an_exam_attempt_is_refused(
    live_server: LiveServer, faces_dir: Path
) -> None:
    http = Http(live_server.api)
    login = http.ready_login(WANG)
    token, session_id = login["token"], login["session_id"]
    check_id = passed_face_check(http, token, faces_dir)
    enrollment = http.first_enrollment(token)
    exam_check(http.api, token)
    attempt = http.call("POST", f"/enrollments/{enrollment}/attempts", token)
    assert attempt.status_code == 201, attempt.text
    lesson_id = int(http.lessons(token)[0]["id"])
    during = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)  # well inside the attempt
    event = stretch(session_id, lesson_id, 0.0, 5.0, during, check_id)
    answer = http.call("POST", "/progress", token, json={"events": [event]}).json()
    assert answer["results"][0]["reason"] == "exam_in_progress"
    # RULES: SYNC-2 (incident ids are the attempt's own: an id used in one attempt, as
    # another trainee's could be, does not refuse it in the next)
    incident = {"incident_id": "incident-0001", "kind": "focus_lost", "at": during.isoformat()}
    first = attempt.json()["id"]
    assert (
        http.call("POST", f"/attempts/{first}/incidents", token, json=incident).status_code == 204
    )
    assert http.call("POST", f"/attempts/{first}/abandon", token).status_code == 200
    exam_check(http.api, token)
    second = http.call("POST", f"/enrollments/{enrollment}/attempts", token)
    assert second.status_code == 201, second.text
    path = f"/attempts/{second.json()['id']}/incidents"
    assert http.call("POST", path, token, json=incident).status_code == 204


# RULES: FACE-3, PROG-5
def test_face_check_times_outside_the_servers_clock_fail_bad_time(
    trainee: Trainee, faces_dir: Path
) -> None:
    now = dt.datetime.now(dt.UTC)
    far_future = _check_meta(now - dt.timedelta(seconds=5), dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    long_ago = _check_meta(dt.datetime(2001, 1, 1, tzinfo=dt.UTC), now - dt.timedelta(seconds=2))
    for meta in (far_future, long_ago):
        result = trainee.http.face_check(trainee.token, meta, live_crops(faces_dir))
        assert result.status_code == 200, result.text
        assert (result.json()["passed"], result.json()["reason"]) == (False, "bad_time")
    # Neither covers study: progress naming them finds no passed check.
    for meta in (far_future, long_ago):
        event = trainee.event(0.0, 3.0, face_check_id=meta["check_id"])
        assert trainee.send(event) == [("refused", "no_face_check")]


# RULES: FACE-5, PROG-5
def test_one_passed_check_does_not_cover_every_later_second(
    trainee: Trainee, faces_dir: Path
) -> None:
    assert trainee.send(trainee.event(0.0, 3.0)) == [("credited", None)]
    # 20 minutes later (the server's clock): past check_max_s (900 s) + 120 s.
    trainee.server.clock.advance(minutes=20)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=20)
    due = trainee.event(3.0, 6.0, ended_at=later)
    assert trainee.send(due) == [("refused", "face_check_due")]
    # A failed check, then a new passed one: the latest passed check counts.
    failed = _check_meta(later - dt.timedelta(seconds=60), later - dt.timedelta(seconds=58))
    answer = trainee.http.face_check(trainee.token, failed, [b"\xff\xd8 not a face"] * 3)
    assert answer.json()["passed"] is False
    fresh = _check_meta(later - dt.timedelta(seconds=40), later - dt.timedelta(seconds=36))
    answer = trainee.http.face_check(trainee.token, fresh, live_crops(faces_dir))
    assert answer.json()["passed"] is True, answer.text
    again = trainee.event(3.0, 6.0, ended_at=later + dt.timedelta(seconds=1))
    assert trainee.send(again) == [("credited", None)]


# RULES: SYNC-2, FACE-3
def test_another_trainees_earlier_use_of_an_id_changes_nothing(
    trainee: Trainee, live_server: LiveServer, faces_dir: Path
) -> None:
    other = Http(live_server.api)
    login = other.ready_login(WANG)
    token, session_id = login["token"], login["session_id"]
    other_check = passed_face_check(other, token, faces_dir)
    lesson_id = int(other.lessons(token)[0]["id"])
    # The other trainee uses the victim's next ids first.
    event = trainee.event(0.0, 3.0, ended_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=20))
    theirs = stretch(session_id, lesson_id, 0.0, 3.0, dt.datetime.now(dt.UTC), other_check)
    theirs["event_id"] = event["event_id"]
    sent = other.call("POST", "/progress", token, json={"events": [theirs]})
    assert sent.json()["results"][0]["status"] == "credited"
    now = dt.datetime.now(dt.UTC)
    check = _check_meta(now - dt.timedelta(seconds=8), now - dt.timedelta(seconds=4))
    assert other.face_check(token, check, [b"\xff\xd8 not a face"] * 3).status_code == 200
    # The victim's event and check with the same ids are judged as their own.
    assert trainee.send(event) == [("credited", None)]
    mine = trainee.http.face_check(trainee.token, check, live_crops(faces_dir))
    assert mine.status_code == 200 and mine.json()["passed"] is True, mine.text
    named = trainee.event(3.0, 6.0, face_check_id=check["check_id"])
    named["started_at"] = (now - dt.timedelta(seconds=3)).isoformat()
    named["ended_at"] = now.isoformat()
    assert trainee.send(named) == [("credited", None)]
    # Resending one's own ids stays idempotent.
    assert trainee.send(event) == [("duplicate", None)]
    again = trainee.http.face_check(trainee.token, check, live_crops(faces_dir))
    assert again.json() == mine.json()


# RULES: PROG-5
@pytest.mark.parametrize("year", [1, 9999])
def test_years_outside_2000_to_2100_are_invalid_requests(trainee: Trainee, year: int) -> None:
    odd = dt.datetime(year, 6, 1, tzinfo=dt.UTC).isoformat()
    event = trainee.event(0.0, 3.0)
    event["started_at"] = odd
    answer = trainee.http.call("POST", "/progress", trainee.token, json={"events": [event]})
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_request"
    meta = _check_meta(dt.datetime.now(dt.UTC), dt.datetime.now(dt.UTC))
    meta["ended_at"] = odd
    answer = trainee.http.face_check(trainee.token, meta, [b"\xff\xd8"])
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_request"


# RULES: PROG-5
def test_a_huge_progress_body_is_refused_before_it_is_parsed(trainee: Trainee) -> None:
    """A ~9 MB body is refused from its declared length, before a byte of it arrives.
    Sent by a raw socket that waits for the answer before sending the body: a client that
    pushes the body regardless (requests) may find the refused connection reset under it
    and lose the answer (seen in a full run: IncompleteRead), which tests the network."""
    size = len(b'{"events": [') + len(b'{"event_id": "x"},') * 500_000 + len(b"{}]}")  # ~9 MB
    url = urllib.parse.urlsplit(trainee.server.api)
    request = (
        f"POST {url.path}/progress HTTP/1.1\r\nHost: {url.netloc}\r\n"
        f"Authorization: Bearer {trainee.token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {size}\r\n\r\n"
    ).encode()
    started = time.monotonic()
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(request)
        answer = http.client.HTTPResponse(sock)
        answer.begin()
        body = json.loads(answer.read())
    assert answer.status == 413
    assert body["error"]["code"] == "request_too_large"
    assert time.monotonic() - started < 10


# RULES: FACE-5, PROG-5
def test_a_check_dated_into_the_clock_slack_covers_no_longer_than_one_made_now(
    trainee: Trainee, faces_dir: Path
) -> None:
    """A script dates its check's end 2 minutes ahead (within the slack allowed for a
    client's clock) so that it covers 2 minutes more: a check has ended by its arrival."""
    trainee.server.clock.advance(minutes=20)  # the fixture's check covers nothing now
    arrived = trainee.server.clock()
    ahead = _check_meta(arrived + dt.timedelta(seconds=110), arrived + dt.timedelta(seconds=115))
    answer = trainee.http.face_check(trainee.token, ahead, live_crops(faces_dir))
    assert answer.json()["passed"] is True, answer.text
    limit = trainee.server.context.settings.face_check_max_s + 120  # FACE-5's + 2 minutes

    def stretch_ending(after_s: float, from_s: float) -> list[tuple[str, str | None]]:
        ended = arrived + dt.timedelta(seconds=after_s)
        trainee.server.clock.advance(seconds=(ended - trainee.server.clock()).total_seconds())
        return trainee.send(
            trainee.event(from_s, from_s + 3.0, ended_at=ended, face_check_id=ahead["check_id"])
        )

    assert stretch_ending(limit - 30, 0.0) == [("credited", None)]
    assert stretch_ending(limit + 60, 3.0) == [("refused", "face_check_due")]
