"""A course watched to the end, written straight into the database: for the tests and
benches whose subject comes after the lessons (the exam start, the load of an exam
evening), not the study itself (LEARN-5 then holds for the enrollment)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.server.models import Enrollment, Lesson, LessonProgress


def mark_course_watched(db: Session, enrollment: Enrollment, now: dt.datetime) -> None:
    """Every lesson of the enrollment's trade credited whole, as the study leaves it
    (merged: rows already there are replaced). The caller commits."""
    for lesson in db.scalars(select(Lesson).where(Lesson.trade_code == enrollment.trade_code)):
        db.merge(
            LessonProgress(
                enrollment_id=enrollment.id,
                lesson_id=lesson.id,
                intervals=[[0.0, lesson.duration_s]],
                credited_s=lesson.duration_s,
                resume_s=lesson.duration_s,
                complete=True,
                updated_at=now,
            )
        )
