"""POST /progress: credited intervals (LEARN-2, LEARN-3), each event applied once
(SYNC-2), kept for the time before a session was replaced (SYNC-3), and refused with the
reason when implausible (PROG-5). One bad event never spoils the rest of its batch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import intervals, rules
from app.server import schemas
from app.server.context import CHINA_TZ, ServerContext
from app.server.db import lock_row_for_write
from app.server.errors import ApiError
from app.server.models import (
    AuthSession,
    Enrollment,
    FaceCheck,
    Lesson,
    LessonProgress,
    ProgressEvent,
    Trainee,
)
from app.server.services.facts import passed_at

MAX_BATCH = 500  # API.md
# Client clocks drift; an event may end this far in the server's future.
FUTURE_SLACK = dt.timedelta(minutes=2)


class RefusedError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Known:
    """What a batch needs to judge its events, read once per batch."""

    sessions: dict[str, AuthSession]
    lessons: dict[int, tuple[Lesson, Enrollment]]


def _known(db: Session, trainee: Trainee) -> Known:
    sessions = db.scalars(select(AuthSession).where(AuthSession.trainee_id == trainee.id))
    lessons: dict[int, tuple[Lesson, Enrollment]] = {}
    for enrollment in trainee.enrollments:
        for lesson in enrollment.trade.lessons:
            lessons[lesson.id] = (lesson, enrollment)
    return Known({s.id: s for s in sessions}, lessons)


def _check_session(event: schemas.ProgressEventIn, known: Known) -> None:
    session = known.sessions.get(event.session_id)
    if session is None:
        raise RefusedError("unknown_session")
    # SYNC-3: what was recorded before the replacement still counts.
    if session.replaced_at is not None and event.ended_at > session.replaced_at:
        raise RefusedError("after_session_replaced")


def _check_study(event: schemas.ProgressEventIn, enrollment: Enrollment) -> None:
    """LEARN-6: the stretch was played while the study period was open (or after a pass
    no more credit is needed, but it does no harm to record it)."""
    day = event.started_at.astimezone(CHINA_TZ).date()
    opens, closes = enrollment.study_opens_on, enrollment.study_closes_on
    if enrollment.paid_at is None or opens is None or closes is None:
        raise RefusedError("study_closed")
    if not rules.study_open(day, opens, closes) and passed_at(enrollment.attempts) is None:
        raise RefusedError("study_closed")


def _check_face(db: Session, trainee: Trainee, event: schemas.ProgressEventIn) -> None:
    """PROG-5 / FACE-5: a passed check of this trainee made before the stretch, and no
    failed check between it and the stretch's start."""
    if not event.face_check_id:
        raise RefusedError("no_face_check")
    check = db.get(FaceCheck, event.face_check_id)
    if check is None or check.trainee_id != trainee.id or not check.passed:
        raise RefusedError("no_face_check")
    if check.started_at > event.started_at:
        raise RefusedError("no_face_check")
    failed_between = db.scalar(
        select(FaceCheck.id)
        .where(
            FaceCheck.trainee_id == trainee.id,
            FaceCheck.passed.is_(False),
            FaceCheck.ended_at > check.ended_at,
            FaceCheck.ended_at <= event.started_at,
        )
        .limit(1)
    )
    if failed_between is not None:
        raise RefusedError("face_check_failed")


def _progress_row(db: Session, enrollment: Enrollment, lesson: Lesson) -> LessonProgress:
    row = db.get(LessonProgress, (enrollment.id, lesson.id), with_for_update=True)
    if row is None:
        row = LessonProgress(
            enrollment_id=enrollment.id,
            lesson_id=lesson.id,
            intervals=[],
            credited_s=0.0,
            resume_s=0.0,
            complete=False,
            updated_at=dt.datetime.now(dt.UTC),
        )
        db.add(row)
    return row


def _credit(
    db: Session,
    context: ServerContext,
    trainee: Trainee,
    known: Known,
    event: schemas.ProgressEventIn,
) -> tuple[float, LessonProgress]:
    if event.ended_at > context.now() + FUTURE_SLACK:
        raise RefusedError("bad_interval")
    _check_session(event, known)
    found = known.lessons.get(event.lesson_id)
    if found is None:
        raise RefusedError("unknown_lesson")
    lesson, enrollment = found
    _check_study(event, enrollment)
    row = _progress_row(db, enrollment, lesson)
    credited = [(float(a), float(b)) for a, b in row.intervals]
    refusal = rules.progress_refusal(
        event.from_s,
        event.to_s,
        duration_s=lesson.duration_s,
        started_at=event.started_at,
        ended_at=event.ended_at,
        frontier_s=intervals.frontier(credited),
    )
    if refusal is not None:
        raise RefusedError(refusal)
    _check_face(db, trainee, event)
    stretch = intervals.clip((event.from_s, event.to_s), lesson.duration_s)
    if stretch is None:
        raise RefusedError("bad_interval")
    added = intervals.new_credit(credited, stretch)
    merged = intervals.add(credited, stretch)
    row.intervals = [[a, b] for a, b in merged]
    row.credited_s = intervals.covered_seconds(merged)
    row.complete = intervals.is_complete(merged, lesson.duration_s)
    row.resume_s = stretch[1]
    row.updated_at = context.now()
    return added, row


def record_batch(
    db: Session, context: ServerContext, trainee: Trainee, batch: schemas.ProgressBatch
) -> schemas.ProgressAnswer:
    if len(batch.events) > MAX_BATCH:
        raise ApiError("too_many_events", status=413)
    results: list[schemas.ProgressResult] = []
    touched: dict[int, LessonProgress] = {}
    # One batch of a trainee at a time, on any number of server processes: a batch
    # reads and then extends a lesson's intervals, which must not interleave.
    lock_row_for_write(db, Trainee, trainee.id)
    known = _known(db, trainee)
    for event in batch.events:
        if db.get(ProgressEvent, event.event_id) is not None:
            results.append(schemas.ProgressResult(event_id=event.event_id, status="duplicate"))
            continue
        savepoint = db.begin_nested()
        status, reason, added = "credited", None, 0.0
        try:
            added, row = _credit(db, context, trainee, known, event)
            touched[row.lesson_id] = row
        except RefusedError as refusal:
            savepoint.rollback()
            savepoint = db.begin_nested()
            status, reason = "refused", refusal.reason
        db.add(
            ProgressEvent(
                event_id=event.event_id,
                trainee_id=trainee.id,
                session_id=event.session_id,
                lesson_id=event.lesson_id,
                from_s=event.from_s,
                to_s=event.to_s,
                started_at=event.started_at,
                ended_at=event.ended_at,
                face_check_id=event.face_check_id,
                status=status,
                reason=reason,
                added_s=added,
                received_at=context.now(),
            )
        )
        try:
            savepoint.commit()
        except IntegrityError:  # the same event_id arriving twice at once
            savepoint.rollback()
            touched.pop(event.lesson_id, None)
            results.append(schemas.ProgressResult(event_id=event.event_id, status="duplicate"))
            continue
        results.append(
            schemas.ProgressResult(
                event_id=event.event_id,
                status="credited" if status == "credited" else "refused",
                reason=reason,
            )
        )
    db.commit()  # acknowledged only once durable
    return schemas.ProgressAnswer(
        results=results,
        lessons=[
            schemas.LessonCredit(
                lesson_id=row.lesson_id, credited_s=round(row.credited_s, 3), complete=row.complete
            )
            for row in touched.values()
        ],
    )
