"""Exam attempts over HTTP (EXAM-1..7), on SQLite and PostgreSQL: refusals, papers of 100
points, answers saved one by one, grading, abandon, resume, the deadline and its sweep,
and the answer keys never reaching the trainee."""

from __future__ import annotations

import copy
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from app.server.models import AttemptIncident, ExamAttempt, Question
from app.server.services.papers import PAPER
from tests.support.exam_start import exam_check
from tests.support.live_server import LiveServer, start_server
from tests.support.server_exams import (
    QIAN,
    SUN,
    WANG,
    ZHANG,
    ZHAO,
    ZHOU,
    StoredQuestion,
    answer_right,
    exam_of,
    put_answer,
    ready_enrollment,
    start_attempt,
    stored_paper,
)


@pytest.fixture
def one_minute_server(
    tmp_path: Path, database_url: str | None, media_dir: Path
) -> Iterator[LiveServer]:
    """CEDU_EXAM_MINUTES=1, and the sweep every 0.2 s so the test need not wait long."""
    live = start_server(
        tmp_path / "data", database_url, media_dir, exam_minutes=1, exam_sweep_s=0.2
    )
    yield live
    live.stop()


# ---------------------------------------------------------------- EXAM-1


def test_the_exam_is_refused_with_the_reason_of_get_me(server: LiveServer) -> None:
    # RULES: EXAM-1
    cases = {
        ZHOU: "not_paid",
        QIAN: "study_closed",
        ZHANG: "progress_incomplete",
        ZHAO: "no_attempts_left",
    }
    for id_number, reason in cases.items():
        token, enrollment_id = ready_enrollment(server, id_number)
        assert exam_of(server, token)["reason"] == reason
        refused = server.call("POST", f"/enrollments/{enrollment_id}/attempts", token)
        assert refused.status_code == 409, refused.text
        error = refused.json()["error"]
        assert (error["code"], error["reason"]) == ("exam_not_open", reason)
        assert any("\u4e00" <= c <= "\u9fff" for c in error["message"])
        assert exam_of(server, token)["attempts_used"] == (5 if id_number == ZHAO else 0)


def test_an_open_attempt_blocks_a_second_and_parallel_starts_make_one(
    server: LiveServer,
) -> None:
    # RULES: EXAM-1, EXAM-4
    token, enrollment_id = ready_enrollment(server, WANG)
    exam_check(server.api, token)  # one check: one attempt at most
    with ThreadPoolExecutor(8) as pool:
        responses = list(
            pool.map(
                lambda _: server.call("POST", f"/enrollments/{enrollment_id}/attempts", token),
                range(8),
            )
        )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 7
    (made,) = [r.json() for r in responses if r.status_code == 201]
    for refused in (r for r in responses if r.status_code == 409):
        error = refused.json()["error"]
        assert error["reason"] == "attempt_open" and error["attempt_id"] == made["id"]
    assert exam_of(server, token)["open_attempt_id"] == made["id"]


def test_a_sixth_attempt_is_refused(server: LiveServer) -> None:
    # RULES: EXAM-1, EXAM-3
    token, enrollment_id = ready_enrollment(server, WANG)
    for number in range(1, 6):
        attempt = start_attempt(server, token, enrollment_id)
        assert attempt["number"] == number
        left = server.call("POST", f"/attempts/{attempt['id']}/abandon", token)
        assert left.status_code == 200 and left.json()["attempts_used"] == number
    sixth = server.call("POST", f"/enrollments/{enrollment_id}/attempts", token)
    assert sixth.status_code == 409
    assert sixth.json()["error"]["reason"] == "no_attempts_left"
    assert exam_of(server, token)["reason"] == "no_attempts_left"


# ---------------------------------------------------------------- EXAM-6


def test_a_paper_is_worth_exactly_100_points_drawn_from_the_trade_bank(
    server: LiveServer,
) -> None:
    # RULES: EXAM-6
    token, enrollment_id = ready_enrollment(server, WANG)  # 王五: 安全员 (AQY)
    attempt = start_attempt(server, token, enrollment_id)
    questions = attempt["questions"]
    assert sum(q["points"] for q in questions) == 100
    assert len({q["id"] for q in questions}) == len(questions)
    assert all(q["id"].startswith("AQY-") for q in questions)
    wanted = {part.kind: part.count for part in PAPER}
    assert Counter(q["kind"] for q in questions) == wanted
    for question in questions:
        if question["kind"] == "judge":
            assert question["options"] == [
                {"key": "A", "text": "正确"},
                {"key": "B", "text": "错误"},
            ]
    assert attempt["state"] == "open" and attempt["answers"] == {} and attempt["result"] is None
    # The stored paper is the one shown, in the same order with the same points.
    stored = stored_paper(server, attempt["id"])
    assert [(s.id, s.points) for s in stored] == [(q["id"], q["points"]) for q in questions]


def test_multiple_choice_scores_only_when_exactly_right(server: LiveServer) -> None:
    # RULES: EXAM-6
    token, enrollment_id = ready_enrollment(server, WANG)
    attempt = start_attempt(server, token, enrollment_id)
    paper = stored_paper(server, attempt["id"])
    for question in paper:
        # First a wrong answer, then the final one: the latest answer counts (EXAM-4).
        assert put_answer(server, token, attempt["id"], question.id, question.wrong()).ok
        final = question.key
        if question.kind == "multiple":
            extra = [k for k in question.option_keys if k not in question.key]
            # Part of the key, or the key plus a wrong option: both score nothing.
            final = sorted(question.key + extra[:1]) if extra else question.key[:-1]
        response = put_answer(server, token, attempt["id"], question.id, final)
        assert response.status_code == 204, response.text
    multiple_points = sum(q.points for q in paper if q.kind == "multiple")
    result = server.call("POST", f"/attempts/{attempt['id']}/submit", token)
    assert result.status_code == 200, result.text
    body = result.json()
    assert body.pop("ended_at") is not None
    assert body == {
        "score": 100 - multiple_points,
        "passed": 100 - multiple_points >= 60,
        "best_score": 100 - multiple_points,
        "attempts_used": 1,
        "attempts_allowed": 5,
        "enrollment_passed": 100 - multiple_points >= 60,
    }


def test_invalid_answers_are_refused_and_other_trainees_see_nothing(
    sqlite_server: LiveServer,
) -> None:
    # RULES: EXAM-6
    server = sqlite_server
    token, enrollment_id = ready_enrollment(server, WANG)
    attempt = start_attempt(server, token, enrollment_id)
    paper = stored_paper(server, attempt["id"])
    single = next(q for q in paper if q.kind == "single")
    judge = next(q for q in paper if q.kind == "judge")
    multiple = next(q for q in paper if q.kind == "multiple")
    with server.context.sessions() as db:
        outside = db.scalars(
            select(Question.id).where(
                Question.trade_code == "AQY", Question.id.not_in([q.id for q in paper])
            )
        ).first()
    assert outside is not None
    bad = [
        (outside, ["A"], "unknown_question"),
        ("AQY-none", ["A"], "unknown_question"),
        (single.id, ["E"], "unknown_option"),
        (single.id, ["A", "B"], "one_option_only"),
        (judge.id, ["A", "B"], "one_option_only"),
        (judge.id, ["C"], "unknown_option"),
        (multiple.id, [], "empty"),
        (multiple.id, ["A", "A"], "repeated_option"),
    ]
    for qid, answer, reason in bad:
        response = put_answer(server, token, attempt["id"], qid, answer)
        assert response.status_code == 422, (qid, answer, response.text)
        error = response.json()["error"]
        assert (error["code"], error["reason"]) == ("invalid_answer", reason)
    assert put_answer(server, token, attempt["id"], single.id, "A").status_code == 422
    assert server.call("GET", f"/attempts/{attempt['id']}", token).json()["answers"] == {}
    # Someone else's attempt is answered like a missing one.
    other = server.ready_trainee(SUN)
    for method, path in (
        ("GET", f"/attempts/{attempt['id']}"),
        ("PUT", f"/attempts/{attempt['id']}/answers/{single.id}"),
        ("POST", f"/attempts/{attempt['id']}/submit"),
        ("POST", f"/attempts/{attempt['id']}/abandon"),
        ("GET", "/attempts/no-such-attempt"),
    ):
        response = server.call(method, path, other, json={"answer": single.key})
        assert response.status_code == 404, (path, response.text)
    assert server.call("POST", f"/enrollments/{enrollment_id}/attempts", other).status_code == 404


def test_a_bank_too_small_for_a_paper_is_a_clear_refusal(sqlite_server: LiveServer) -> None:
    # RULES: EXAM-6
    server = sqlite_server
    token, enrollment_id = ready_enrollment(server, WANG)
    with server.context.sessions() as db:
        keep = db.scalars(
            select(Question.id).where(Question.trade_code == "AQY", Question.kind == "multiple")
        ).all()[:3]
        db.execute(
            update(Question)
            .where(Question.trade_code == "AQY", Question.kind == "multiple")
            .where(Question.id.not_in(keep))
            .values(active=False)
        )
        db.commit()
    exam_check(server.api, token)
    refused = server.call("POST", f"/enrollments/{enrollment_id}/attempts", token)
    assert refused.status_code == 503, refused.text
    assert refused.json()["error"]["code"] == "exam_unavailable"
    assert "多选题" in refused.json()["error"]["message"]
    assert exam_of(server, token)["attempts_used"] == 0  # no attempt used up by it


# ---------------------------------------------------------------- keys never leave (EXAM-6)

QUESTION_FIELDS = {"id", "kind", "text", "options", "points"}
OPTION_FIELDS = {"key", "text"}
KEYISH = ("answer", "correct", "solution", "right")


def assert_no_key(body: Any, saved: dict[str, list[str]]) -> None:
    """Fail when anything in a trainee-facing body could reveal an answer key.

    - no field named like a key (answer_key, correct, solution...) anywhere; `answers`
      (the trainee's own) is the only field whose name holds "answer";
    - a question carries exactly Q's fields and its options exactly {key, text};
    - no list of option letters appears anywhere but in `answers`, and `answers` holds
      exactly what the trainee saved (the tests save only wrong answers, so a key that
      leaked into `answers` differs from `saved`).
    """

    def walk(node: Any, path: str, in_answers: bool) -> None:
        if isinstance(node, dict):
            if {"kind", "options", "points"} <= node.keys():
                assert set(node) == QUESTION_FIELDS, f"{path}: {sorted(node)}"
            if "text" in node and "key" in node:
                assert set(node) == OPTION_FIELDS, f"{path}: {sorted(node)}"
            for name, value in node.items():
                lowered = str(name).lower()
                if any(word in lowered for word in KEYISH):
                    assert name == "answers" and path.endswith("$"), f"{path}.{name}"
                walk(value, f"{path}.{name}", in_answers or name == "answers")
            if "answers" in node and path.endswith("$"):
                assert node["answers"] == saved, f"{path}.answers"
        elif isinstance(node, list):
            letters = bool(node) and all(isinstance(v, str) and len(v) == 1 for v in node)
            assert not letters or in_answers, f"{path}: {node}"
            for n, value in enumerate(node):
                walk(value, f"{path}[{n}]", in_answers)

    walk(body, "$", in_answers=False)


def test_no_answer_key_reaches_the_trainee_in_any_exam_response(server: LiveServer) -> None:
    # RULES: EXAM-6
    token, enrollment_id = ready_enrollment(server, WANG)
    exam_check(server.api, token)
    started = server.call("POST", f"/enrollments/{enrollment_id}/attempts", token)
    attempt_id = started.json()["id"]
    paper = stored_paper(server, attempt_id)
    saved: dict[str, list[str]] = {}
    bodies = [started.json(), server.call("GET", "/me", token).json()]
    for question in paper[::3]:
        saved[question.id] = question.wrong()
        assert put_answer(server, token, attempt_id, question.id, saved[question.id]).ok
    bodies.append(server.call("GET", f"/attempts/{attempt_id}", token).json())
    bodies.append(server.call("GET", "/me", token).json())
    bodies.append(server.call("POST", f"/attempts/{attempt_id}/submit", token).json())
    bodies.append(server.call("GET", f"/attempts/{attempt_id}", token).json())  # ended
    second = start_attempt(server, token, enrollment_id)
    bodies.append(second)
    bodies.append(server.call("POST", f"/attempts/{second['id']}/abandon", token).json())
    bodies.append(server.call("GET", f"/attempts/{second['id']}", token).json())
    bodies.append(server.call("GET", "/me", token).json())
    for n, body in enumerate(bodies):
        is_first_paper = isinstance(body, dict) and body.get("id") == attempt_id
        assert_no_key(body, saved if is_first_paper and n > 0 else {})
    # The check itself must be able to fail: a key slipped into a copy is caught.
    question = paper[0]
    for leak in (
        lambda q: q.__setitem__("answer", question.key),
        lambda q: q.__setitem__("k", question.key),
        lambda q: q["options"][0].__setitem__("ok", True),
    ):
        doctored = copy.deepcopy(bodies[0])
        leak(doctored["questions"][0])
        with pytest.raises(AssertionError):
            assert_no_key(doctored, {})
    doctored = copy.deepcopy(bodies[2])
    doctored["answers"][paper[1].id] = paper[1].key
    with pytest.raises(AssertionError):
        assert_no_key(doctored, saved)


# ---------------------------------------------------------------- EXAM-3, EXAM-4, EXAM-5


def test_abandon_scores_zero_and_uses_the_attempt(server: LiveServer) -> None:
    # RULES: EXAM-3
    token, enrollment_id = ready_enrollment(server, WANG)
    attempt = start_attempt(server, token, enrollment_id)
    answer_right(server, token, attempt["id"], stored_paper(server, attempt["id"]))
    left = server.call("POST", f"/attempts/{attempt['id']}/abandon", token)
    assert left.status_code == 200, left.text
    assert left.json()["score"] == 0 and left.json()["passed"] is False
    assert left.json()["attempts_used"] == 1
    exam = exam_of(server, token)
    assert (exam["attempts_used"], exam["best_score"], exam["passed"]) == (1, 0, False)
    assert exam["open_attempt_id"] is None and exam["open"] is True
    again = server.call("POST", f"/attempts/{attempt['id']}/abandon", token)
    assert again.status_code == 200 and again.json() == left.json()
    for path in ("submit",):
        closed = server.call("POST", f"/attempts/{attempt['id']}/{path}", token)
        assert closed.status_code == 409
        assert closed.json()["error"]["code"] == "attempt_closed"
    first = stored_paper(server, attempt["id"])[0]
    late = put_answer(server, token, attempt["id"], first.id, first.key)
    assert late.status_code == 409 and late.json()["error"]["code"] == "attempt_closed"
    assert server.call("GET", f"/attempts/{attempt['id']}", token).json()["state"] == "abandoned"


def test_resume_returns_the_same_paper_answers_and_server_time(server: LiveServer) -> None:
    # RULES: EXAM-4
    token, enrollment_id = ready_enrollment(server, WANG)
    attempt = start_attempt(server, token, enrollment_id)
    assert 7190 <= attempt["remaining_s"] <= 7200
    paper = stored_paper(server, attempt["id"])
    saved = {q.id: q.wrong() for q in paper[:3]}
    for qid, answer in saved.items():
        assert put_answer(server, token, attempt["id"], qid, answer).status_code == 204
    server.clock.advance(minutes=30)
    # A new login, as after a crash: GET /me names the open attempt...
    token = server.login(WANG, "Anquan2026!")["token"]
    exam = exam_of(server, token)
    assert exam["open"] is True and exam["open_attempt_id"] == attempt["id"]
    assert exam["attempts_used"] == 1
    resumed = server.call("GET", f"/attempts/{attempt['id']}", token).json()
    # ... and the attempt comes back as it was, with the time left by the server's clock.
    assert resumed["questions"] == attempt["questions"]
    assert resumed["answers"] == saved
    assert resumed["deadline"] == attempt["deadline"] and resumed["state"] == "open"
    assert 5390 <= resumed["remaining_s"] <= 5400


def test_best_score_and_pass_come_from_the_attempts(server: LiveServer) -> None:
    # RULES: EXAM-5
    token, enrollment_id = ready_enrollment(server, WANG)
    scores = []
    for share in (0.2, 1.0, 0.5):
        attempt = start_attempt(server, token, enrollment_id)
        paper = stored_paper(server, attempt["id"])
        earned = answer_right(server, token, attempt["id"], paper[: int(len(paper) * share)])
        result = server.call("POST", f"/attempts/{attempt['id']}/submit", token).json()
        assert result["score"] == earned
        scores.append(earned)
        if share == 1.0:
            first_pass = server.call("GET", f"/attempts/{attempt['id']}", token).json()
    assert scores[1] == 100 and scores[0] < 60
    exam = exam_of(server, token)
    assert exam["best_score"] == 100 and exam["passed"] is True
    assert exam["attempts_used"] == 3
    with server.context.sessions() as db:
        ended = db.scalar(select(ExamAttempt.ended_at).where(ExamAttempt.id == first_pass["id"]))
    assert ended is not None
    assert exam["passed_at"].replace("Z", "+00:00") == ended.isoformat()
    assert result["best_score"] == 100 and result["enrollment_passed"] is True


# ---------------------------------------------------------------- EXAM-2


def test_an_attempt_left_alone_expires_on_its_own_graded_on_saved_answers(
    one_minute_server: LiveServer,
) -> None:
    # RULES: EXAM-2
    server = one_minute_server
    token, enrollment_id = ready_enrollment(server, WANG)
    assert exam_of(server, token)["minutes"] == 1  # said before the start (rules dialog)
    attempt = start_attempt(server, token, enrollment_id)
    assert 50 <= attempt["remaining_s"] <= 60
    paper = stored_paper(server, attempt["id"])
    earned = answer_right(server, token, attempt["id"], paper[:7])
    server.clock.advance(seconds=61)
    # No request touches the attempt: only the sweep can end it.
    row = None
    for _ in range(100):
        with server.context.sessions() as db:
            row = db.get(ExamAttempt, attempt["id"])
        if row is not None and row.state != "open":
            break
        time.sleep(0.1)
    assert row is not None and row.state == "expired", "the sweep did not expire the attempt"
    assert row.score == earned and row.ended_at == row.deadline
    late = put_answer(server, token, attempt["id"], paper[10].id, paper[10].key)
    assert late.status_code == 409 and late.json()["error"]["code"] == "attempt_closed"
    assert exam_of(server, token)["best_score"] == earned


def test_the_first_request_after_the_deadline_ends_the_attempt(
    tmp_path: Path, database_url: str | None, media_dir: Path
) -> None:
    # RULES: EXAM-2
    # The sweep is kept out of the way here, so the request itself must notice.
    server = start_server(
        tmp_path / "data", database_url, media_dir, exam_minutes=1, exam_sweep_s=3600
    )
    try:
        token, enrollment_id = ready_enrollment(server, WANG)
        attempt = start_attempt(server, token, enrollment_id)
        paper = stored_paper(server, attempt["id"])
        earned = answer_right(server, token, attempt["id"], paper[:9])
        server.clock.advance(seconds=60)
        late = put_answer(server, token, attempt["id"], paper[20].id, paper[20].key)
        assert late.status_code == 409, late.text
        assert late.json()["error"] == {
            "code": "attempt_closed",
            "message": late.json()["error"]["message"],
            "state": "expired",
        }
        graded = server.call("GET", f"/attempts/{attempt['id']}", token).json()
        assert graded["state"] == "expired" and graded["remaining_s"] == 0
        assert graded["result"]["score"] == earned
        # A client that submits late gets the result the deadline gave.
        submitted = server.call("POST", f"/attempts/{attempt['id']}/submit", token)
        assert submitted.status_code == 200 and submitted.json()["score"] == earned
        assert submitted.json()["ended_at"] == graded["deadline"]
    finally:
        server.stop()


# ---------------------------------------------------------------- concurrency


def test_fifty_answers_in_parallel_are_all_kept(server: LiveServer) -> None:
    # RULES: EXAM-4
    token, enrollment_id = ready_enrollment(server, WANG)
    attempt = start_attempt(server, token, enrollment_id)
    paper = stored_paper(server, attempt["id"])[:50]

    def save(question: StoredQuestion) -> int:
        return int(put_answer(server, token, attempt["id"], question.id, question.key).status_code)

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(save, paper))
    assert statuses == [204] * 50
    answers = server.call("GET", f"/attempts/{attempt['id']}", token).json()["answers"]
    assert answers == {q.id: q.key for q in paper}


def test_fifty_parallel_submits_grade_the_attempt_once(server: LiveServer) -> None:
    # RULES: EXAM-6, EXAM-2
    token, enrollment_id = ready_enrollment(server, WANG)
    attempt = start_attempt(server, token, enrollment_id)
    earned = answer_right(server, token, attempt["id"], stored_paper(server, attempt["id"])[:30])

    def submit(_: int) -> tuple[int, Any]:
        response = server.call("POST", f"/attempts/{attempt['id']}/submit", token)
        return response.status_code, response.json()

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(submit, range(50)))
    assert {status for status, _ in results} == {200}
    # Same score AND same ended_at: a second grading would have stamped its own time.
    assert all(body == results[0][1] for _, body in results)
    assert results[0][1]["score"] == earned and results[0][1]["attempts_used"] == 1
    with server.context.sessions() as db:
        rows = db.scalars(select(ExamAttempt).where(ExamAttempt.enrollment_id == enrollment_id))
        (row,) = rows.all()
    assert row.state == "submitted" and row.score == earned


# ---------------------------------------------------------------- EXAM-7 incidents


def test_incidents_are_kept_once_per_id(sqlite_server: LiveServer) -> None:
    # RULES: EXAM-7
    server = sqlite_server
    token, enrollment_id = ready_enrollment(server, WANG)
    attempt = start_attempt(server, token, enrollment_id)
    incident = {
        "incident_id": "inc-0001",
        "kind": "focus_lost",
        "at": "2026-11-24T10:00:00+08:00",
        "detail": "Alt+Tab",
    }
    path = f"/attempts/{attempt['id']}/incidents"
    for _ in range(3):
        assert server.call("POST", path, token, json=incident).status_code == 204
    for bad in ({"kind": "coffee_break"}, {"at": "2026-11-24T10:00:00"}, {"incident_id": ""}):
        refused = server.call("POST", path, token, json=incident | bad)
        assert refused.status_code == 422, bad
        assert refused.json()["error"]["code"] == "invalid_request"
    with server.context.sessions() as db:
        (row,) = db.scalars(select(AttemptIncident)).all()
    assert (row.attempt_id, row.kind, row.detail) == (attempt["id"], "focus_lost", "Alt+Tab")
    # The attempt goes on: an incident never ends it by itself.
    assert server.call("GET", f"/attempts/{attempt['id']}", token).json()["state"] == "open"
