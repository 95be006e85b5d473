"""Stored facts that several services read: lessons, progress, study period, the pass."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import rules
from app.server.models import Enrollment, ExamAttempt, Lesson, LessonProgress


def lessons_of(db: Session, trade_code: str) -> Sequence[Lesson]:
    return db.scalars(
        select(Lesson).where(Lesson.trade_code == trade_code).order_by(Lesson.index)
    ).all()


def progress_by_lesson(db: Session, enrollment_id: int) -> dict[int, LessonProgress]:
    rows = db.scalars(select(LessonProgress).where(LessonProgress.enrollment_id == enrollment_id))
    return {row.lesson_id: row for row in rows}


def study_is_open(enrollment: Enrollment, today: dt.date) -> bool:
    if enrollment.study_opens_on is None or enrollment.study_closes_on is None:
        return False
    return rules.study_open(today, enrollment.study_opens_on, enrollment.study_closes_on)


def passed_at(attempts: Sequence[ExamAttempt]) -> dt.datetime | None:
    """EXAM-5: the enrollment passed with its first attempt at 60 or more."""
    passes = [a.ended_at for a in attempts if a.score is not None and rules.is_pass(a.score)]
    return min((p for p in passes if p is not None), default=None)
