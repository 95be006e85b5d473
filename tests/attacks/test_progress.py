"""Attacks on credited time, end to end: the client's own parts (tracker, journal,
sender, ApiClient) or forged calls, against the real server over HTTP (PROG-5, LEARN-2,
LEARN-3, SYNC-2, LEARN-6)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.support.faults import NEW_PASSWORD, ZHANG, stretch
from tests.support.live_server import LiveServer
from tests.support.progress_trainees import (
    Trainee,
)


@pytest.fixture
def trainee(live_server: LiveServer, faces_dir: Path, tmp_path: Path) -> Trainee:
    return Trainee(live_server, faces_dir, tmp_path)


# RULES: LEARN-3, PROG-5
def test_seeking_past_the_frontier_is_not_credited(trainee: Trainee) -> None:
    # The trainee plays 0-6 s honestly, then a patched client skips to 20 s and plays on.
    ticks = [(s * 0.5, s * 0.5, 1.0) for s in range(13)]
    ticks += [(20.0 + s * 0.5, 7.0 + s * 0.5, 1.0) for s in range(9)]
    sent = trainee.tracked(ticks)
    assert any(e["from_s"] >= 19.9 for e in sent), "the tracker reports what was played"
    refused = {e.reason for e in trainee.journal.refused(ZHANG)}
    assert refused == {"beyond_furthest_point"}
    assert trainee.credited() == pytest.approx(6.0, abs=0.6)
    # Forged straight to the server: the same answer.
    assert trainee.send(trainee.event(25.0, 28.0)) == [("refused", "beyond_furthest_point")]


# RULES: LEARN-2, LEARN-3, PROG-5
def test_speeding_up_is_not_credited(trainee: Trainee) -> None:
    # Reported at 2x: the tracker credits nothing of it.
    assert trainee.tracked([(s * 1.0, s * 0.5, 2.0) for s in range(20)]) == []
    # A player that lies about its rate but runs at 2x (19 s of video in 9.5 s): the
    # tracker breaks and trims its stretches to the wall clock, and the server credits
    # no more than the time that really passed.
    sent = trainee.tracked([(s * 1.0, s * 0.5, 1.0) for s in range(20)])
    assert sum(e["to_s"] - e["from_s"] for e in sent) <= 9.5 * 1.05
    assert trainee.credited() <= 9.5 * 1.05
    # Forged at 2x to the server: refused.
    before = trainee.credited()
    fast = trainee.event(before, before + 10.0, wall_s=5.0)
    assert trainee.send(fast) == [("refused", "faster_than_real_time")]
    assert trainee.credited() == before


# RULES: PROG-5
def test_forged_progress_faster_than_real_time_is_refused(trainee: Trainee) -> None:
    whole = float(trainee.lesson["duration_s"])
    answers = trainee.send(
        trainee.event(0.0, whole, wall_s=whole / 3),  # a lesson in a third of its time
        trainee.event(0.0, 5.0, wall_s=-5.0),  # ends before it starts
        trainee.event(0.0, 5.0, ended_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)),
    )
    assert answers == [
        ("refused", "faster_than_real_time"),
        ("refused", "faster_than_real_time"),
        ("refused", "bad_interval"),
    ]
    assert trainee.credited() == 0.0


# RULES: SYNC-2
def test_replayed_events_count_once(trainee: Trainee) -> None:
    sent = trainee.tracked([(s * 0.5, s * 0.5, 1.0) for s in range(21)])
    credited = trainee.credited()
    assert credited == pytest.approx(10.0, abs=0.6)
    for _ in range(3):  # captured and replayed, whole and one by one
        assert {status for status, _ in trainee.send(*sent)} == {"duplicate"}
        assert {trainee.send(event)[0][0] for event in sent} == {"duplicate"}
    # Replayed under new ids at their own wall time: that time was credited already
    # (one clock, PROG-5).
    copies = [dict(e, event_id=f"copy-{n:04d}-{e['event_id']}") for n, e in enumerate(sent)]
    assert set(trainee.send(*copies)) == {("refused", "overlapping_time")}
    # Played again later: the same lesson seconds add nothing (a union, LEARN-2).
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=20)
    again = trainee.event(0.0, 10.0, ended_at=later)
    assert trainee.send(again) == [("credited", None)]
    assert trainee.credited() == credited


# RULES: PROG-5, FACE-5
def test_progress_without_a_passed_face_check_is_refused(trainee: Trainee) -> None:
    failed = trainee.http.face_check(
        trainee.token,
        {
            "check_id": "failed-check-0001",
            "purpose": "periodic",
            "started_at": (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=9)).isoformat(),
            "ended_at": (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=8)).isoformat(),
            "liveness": {"method": "blink", "passed": False},
        },
        [b"\xff\xd8 not a face"] * 3,  # API.md: 3 crops at the least
    )
    assert failed.status_code == 200 and not failed.json()["passed"]
    answers = trainee.send(
        trainee.event(0.0, 3.0, face_check_id=None),
        trainee.event(0.0, 3.0, face_check_id="never-made-0001"),
        trainee.event(0.0, 3.0, face_check_id="failed-check-0001"),
        trainee.event(0.0, 3.0),  # the passed check, but a failed one came after it
    )
    assert answers == [
        ("refused", "no_face_check"),
        ("refused", "no_face_check"),
        ("refused", "no_face_check"),
        ("refused", "face_check_failed"),
    ]
    assert trainee.credited() == 0.0


# RULES: PROG-5, EXAM-2
def test_the_pc_clock_moved_forward_credits_nothing(trainee: Trainee) -> None:
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(hours=3)
    assert trainee.send(trainee.event(0.0, 5.0, ended_at=ahead)) == [("refused", "bad_interval")]
    assert trainee.credited() == 0.0


# RULES: LEARN-6, PROG-5
def test_the_pc_clock_moved_back_does_not_reopen_the_study_period(trainee: Trainee) -> None:
    trainee.server.clock.advance(days=31)  # the 30-day study period is over
    relogin = trainee.http.login(ZHANG, NEW_PASSWORD)
    token, session_id = relogin["token"], relogin["session_id"]
    back = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=30)  # the server's yesterday-31
    answer = trainee.http.call(
        "POST",
        "/progress",
        token,
        json={"events": [stretch(session_id, trainee.lesson_id, 0.0, 5.0, back, trainee.check_id)]},
    )
    assert answer.json()["results"][0]["status"] == "refused"
    # A stretch dated before its own session began (server time): the clock was moved.
    assert answer.json()["results"][0]["reason"] == "bad_interval"
