"""Question banks in the database, papers drawn from them, answers checked and graded
(EXAM-6). Answer keys are read here and nowhere else; nothing here builds a response."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.core import rules
from app.server.demo.content import QuestionBank
from app.server.errors import ApiError
from app.server.models import PaperQuestion, Question


@dataclass(frozen=True)
class PaperPart:
    kind: str
    count: int
    points: int


# EXAM-6: a fixed total of 100 points. Multiple choice is worth more because it scores
# only when exactly right; the counts fit the smallest bank content.py accepts
# (40 single, 16 multiple, 24 judge) with room left for variety between attempts.
PAPER: Final = (
    PaperPart("single", 25, 2),
    PaperPart("multiple", 10, 3),
    PaperPart("judge", 20, 1),
)
assert sum(part.count * part.points for part in PAPER) == rules.FULL_SCORE

JUDGE_OPTIONS: Final = ({"key": "A", "text": "正确"}, {"key": "B", "text": "错误"})
SINGLE_ANSWER_KINDS: Final = frozenset({"single", "judge"})

_draw = random.SystemRandom()  # papers must not be predictable from earlier ones


def seed_questions(db: Session, bank: QuestionBank) -> int:
    """Put a bank's questions into the database, or update them by id; returns how many.

    Questions missing from the bank are retired rather than deleted: old papers still
    name them. The caller commits.
    """
    stored = {
        q.id: q for q in db.scalars(select(Question).where(Question.trade_code == bank.trade_code))
    }
    for item in bank.questions:
        row = stored.pop(item.id, None) or Question(id=item.id, trade_code=bank.trade_code)
        row.kind = item.kind
        row.text = item.text
        # API.md: judge questions always read A 正确, B 错误, whatever the bank spells.
        row.options = (
            [dict(option) for option in JUDGE_OPTIONS]
            if item.kind == "judge"
            else [{"key": o.key, "text": o.text} for o in item.options]
        )
        row.answer = sorted(item.answer)
        row.source = item.source
        row.active = True
        db.add(row)
    for retired in stored.values():
        retired.active = False
    db.flush()
    return len(bank.questions)


def draw_paper(db: Session, attempt_id: str, trade_code: str) -> list[PaperQuestion]:
    """A fresh paper for one attempt, stored with the order and points of each question.

    A bank too small for the paper is refused with a clear error before anything is
    written, so no attempt is used up by it.
    """
    chosen: list[tuple[str, int]] = []
    for part in PAPER:
        ids = db.scalars(
            select(Question.id).where(
                Question.trade_code == trade_code, Question.kind == part.kind, Question.active
            )
        ).all()
        if len(ids) < part.count:
            raise ApiError(
                "exam_unavailable",
                f"题库中的{_KIND_NAMES[part.kind]}只有 {len(ids)} 道，"
                f"组卷需要 {part.count} 道，暂时无法开始考试，请联系客服。",
            )
        chosen.extend((question_id, part.points) for question_id in _draw.sample(ids, part.count))
    paper = [
        PaperQuestion(attempt_id=attempt_id, position=n, question_id=qid, points=points)
        for n, (qid, points) in enumerate(chosen, start=1)
    ]
    db.add_all(paper)
    return paper


_KIND_NAMES: Final = {"single": "单选题", "multiple": "多选题", "judge": "判断题"}


def paper_of(db: Session, attempt_id: str) -> Sequence[PaperQuestion]:
    # The questions with it in one more query, not one query per question.
    return db.scalars(
        select(PaperQuestion)
        .where(PaperQuestion.attempt_id == attempt_id)
        .order_by(PaperQuestion.position)
        .options(selectinload(PaperQuestion.question))
    ).all()


def checked_answer(question: Question, answer: Sequence[str]) -> list[str]:
    """The answer as stored (sorted keys), or `invalid_answer` with the reason."""
    keys = {option["key"] for option in question.options}
    if not answer:
        raise ApiError("invalid_answer", "请至少选择一个选项。", reason="empty")
    if len(set(answer)) != len(answer):
        raise ApiError("invalid_answer", "同一个选项只能选一次。", reason="repeated_option")
    if not set(answer) <= keys:
        raise ApiError("invalid_answer", "所选选项不属于这道题。", reason="unknown_option")
    if question.kind in SINGLE_ANSWER_KINDS and len(answer) != 1:
        raise ApiError("invalid_answer", "这道题只能选一个选项。", reason="one_option_only")
    return sorted(answer)


def grade(paper: Sequence[PaperQuestion], answers: Mapping[str, Sequence[str]]) -> int:
    """EXAM-6: full points for an answer equal to the key, else nothing. For multiple
    choice that means exactly the right set: a partly right answer scores 0."""
    return sum(
        item.points
        for item in paper
        if sorted(answers.get(item.question_id, ())) == sorted(item.question.answer)
    )
