"""Attacks on the exam through the client's ApiClient against the real server (EXAM-2,
EXAM-3, EXAM-4). 王五 has watched everything, so his exam is open."""

from __future__ import annotations

import datetime as dt

import pytest

from app.sync.api import ApiClient
from app.sync.errors import RefusedError
from tests.support.exam_start import start_exam_as
from tests.support.faults import NEW_PASSWORD, Http
from tests.support.live_server import LiveServer

WANG = "532501198811200037"


@pytest.fixture
def client(live_server: LiveServer) -> ApiClient:
    Http(live_server.api).ready_trainee(WANG)
    api = ApiClient(live_server.url)
    api.login(WANG, NEW_PASSWORD)
    return api


def enrollment(client: ApiClient) -> int:
    return int(client.me()["enrollments"][0]["id"])


# RULES: EXAM-3
def test_leaving_the_exam_uses_the_attempt_and_scores_zero(client: ApiClient) -> None:
    attempt = start_exam_as(client, enrollment(client))
    for question in attempt["questions"][:10]:
        client.save_answer(attempt["id"], question["id"], [question["options"][0]["key"]])
    result = client.abandon_attempt(attempt["id"])
    assert result["score"] == 0 and not result["passed"]
    exam = client.me()["enrollments"][0]["exam"]
    assert exam["attempts_used"] == 1 and exam["best_score"] in (0, None)
    with pytest.raises(RefusedError) as late:
        client.save_answer(attempt["id"], attempt["questions"][0]["id"], ["A"])
    assert late.value.code == "attempt_closed"


# RULES: EXAM-2
def test_answering_after_the_deadline_is_refused(
    client: ApiClient, live_server: LiveServer
) -> None:
    attempt = start_exam_as(client, enrollment(client))
    question = attempt["questions"][0]
    client.save_answer(attempt["id"], question["id"], [question["options"][0]["key"]])
    live_server.clock.advance(minutes=120, seconds=1)
    with pytest.raises(RefusedError) as late:
        client.save_answer(attempt["id"], question["id"], [question["options"][1]["key"]])
    assert late.value.code == "attempt_closed"
    closed = client.attempt(attempt["id"])
    assert closed["state"] == "expired"
    assert closed["answers"][question["id"]] == [question["options"][0]["key"]]


# RULES: EXAM-2
def test_the_pc_clock_plays_no_part_in_the_deadline(
    client: ApiClient, live_server: LiveServer
) -> None:
    """The client never sends its time with an exam call; the deadline and the remaining
    time come from the server's clock only, whatever the PC's clock says."""
    attempt = start_exam_as(client, enrollment(client))
    started = dt.datetime.fromisoformat(attempt["started_at"])
    assert dt.datetime.fromisoformat(attempt["deadline"]) - started == dt.timedelta(minutes=120)
    live_server.clock.advance(minutes=30)  # only the server's clock moves time on
    again = client.attempt(attempt["id"])
    assert again["deadline"] == attempt["deadline"]
    assert again["remaining_s"] == pytest.approx(90 * 60, abs=5)
    # The offset the client measures is the server's clock minus the PC's, so a PC clock
    # moved back or forward is corrected when the client shows the remaining time.
    assert client.measure_clock_offset() == pytest.approx(30 * 60, abs=5)
