"""Helpers for the exam and receipt tests: the stored paper with its keys (read from the
database, as only the server knows them) and answers built from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.server.models import PaperQuestion, Question
from tests.support.exam_start import start_exam
from tests.support.live_server import LiveServer

ZHANG, WANG, ZHAO = "530102198001010015", "532501198811200037", "53290119920607004X"
QIAN, SUN, ZHOU = "530302196909300057", "530102198505050061", "530102199001010079"


@dataclass(frozen=True)
class StoredQuestion:
    id: str
    kind: str
    points: int
    key: list[str]
    option_keys: list[str]

    def wrong(self) -> list[str]:
        """A valid answer that is not the key."""
        if self.kind == "multiple":
            return self.key[:-1]  # a strict part of the key: scores 0 (EXAM-6)
        return [next(k for k in self.option_keys if k not in self.key)]


def stored_paper(server: LiveServer, attempt_id: str) -> list[StoredQuestion]:
    with server.context.sessions() as db:
        rows = db.execute(
            select(PaperQuestion, Question)
            .join(Question, Question.id == PaperQuestion.question_id)
            .where(PaperQuestion.attempt_id == attempt_id)
            .order_by(PaperQuestion.position)
        ).all()
        return [
            StoredQuestion(
                id=question.id,
                kind=question.kind,
                points=paper.points,
                key=sorted(question.answer),
                option_keys=[o["key"] for o in question.options],
            )
            for paper, question in rows
        ]


def ready_enrollment(server: LiveServer, id_number: str) -> tuple[str, int]:
    token = server.ready_trainee(id_number)
    me = server.call("GET", "/me", token)
    assert me.status_code == 200, me.text
    return token, int(me.json()["enrollments"][0]["id"])


def exam_of(server: LiveServer, token: str) -> dict[str, Any]:
    me = server.call("GET", "/me", token)
    assert me.status_code == 200, me.text
    exam: dict[str, Any] = me.json()["enrollments"][0]["exam"]
    return exam


def start_attempt(server: LiveServer, token: str, enrollment_id: int) -> dict[str, Any]:
    """As the client starts one: after a passed exam face check (tests/support/exam_start)."""
    return start_exam(server.api, token, enrollment_id)


def put_answer(server: LiveServer, token: str, attempt_id: str, qid: str, answer: list[str]) -> Any:
    return server.call(
        "PUT", f"/attempts/{attempt_id}/answers/{qid}", token, json={"answer": answer}
    )


def answer_right(
    server: LiveServer, token: str, attempt_id: str, questions: list[StoredQuestion]
) -> int:
    """Answer the given questions with their keys; returns the points that earns."""
    for question in questions:
        response = put_answer(server, token, attempt_id, question.id, question.key)
        assert response.status_code == 204, response.text
    return sum(q.points for q in questions)
