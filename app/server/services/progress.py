"""POST /progress: credited intervals (LEARN-2, LEARN-3), each event applied once
(SYNC-2), kept for the time before a session was replaced (SYNC-3), and refused with the
reason when implausible (PROG-5). One bad event never spoils the rest of its batch.

A batch is judged as a set: what it needs (sessions, lessons, face checks, progress rows,
event ids already stored) is read with one query each, the events are judged in order in
memory, and their rows are written with one insert and one commit (bench_progress)."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import insert, select
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
# A batch that loses a race on an event id (another trainee's batch stored it first) is
# judged again, and then finds it stored. More than one lost race in a row is not expected.
ATTEMPTS = 3


class RefusedError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Known:
    """What a batch needs to judge its events, read once per batch."""

    trainee_id: int
    stored_ids: set[str]
    sessions: dict[str, AuthSession]
    lessons: dict[int, tuple[Lesson, Enrollment]]
    checks: dict[str, FaceCheck]
    # ended_at of the trainee's failed checks that can lie between a named check and an
    # event of the batch, sorted.
    failed_ends: list[dt.datetime]
    rows: dict[tuple[int, int], LessonProgress]
    passed: dict[int, bool] = field(default_factory=dict)


def _known(db: Session, trainee_id: int, events: list[schemas.ProgressEventIn]) -> Known:
    event_ids = {e.event_id for e in events}
    stored_ids = set(
        db.scalars(select(ProgressEvent.event_id).where(ProgressEvent.event_id.in_(event_ids)))
    )
    session_ids = {e.session_id for e in events}
    sessions = db.scalars(
        select(AuthSession).where(
            AuthSession.trainee_id == trainee_id, AuthSession.id.in_(session_ids)
        )
    )
    lessons = {
        lesson.id: (lesson, enrollment)
        for lesson, enrollment in db.execute(
            select(Lesson, Enrollment)
            .join(Enrollment, Enrollment.trade_code == Lesson.trade_code)
            .where(
                Enrollment.trainee_id == trainee_id,
                Lesson.id.in_({e.lesson_id for e in events}),
            )
        )
    }
    check_ids = {e.face_check_id for e in events if e.face_check_id}
    checks = {
        check.id: check
        for check in db.scalars(
            select(FaceCheck).where(
                FaceCheck.id.in_(check_ids),
                FaceCheck.trainee_id == trainee_id,
                FaceCheck.passed.is_(True),
            )
        )
    }
    failed_ends: list[dt.datetime] = []
    if checks:
        failed_ends = list(
            db.scalars(
                select(FaceCheck.ended_at)
                .where(
                    FaceCheck.trainee_id == trainee_id,
                    FaceCheck.passed.is_(False),
                    FaceCheck.ended_at > min(c.ended_at for c in checks.values()),
                    FaceCheck.ended_at <= max(e.started_at for e in events),
                )
                .order_by(FaceCheck.ended_at)
            )
        )
    enrollment_ids = {enrollment.id for _lesson, enrollment in lessons.values()}
    rows = {
        (row.enrollment_id, row.lesson_id): row
        for row in db.scalars(
            select(LessonProgress)
            .where(
                LessonProgress.enrollment_id.in_(enrollment_ids),
                LessonProgress.lesson_id.in_(lessons),
            )
            .with_for_update()
        )
    }
    return Known(
        trainee_id=trainee_id,
        stored_ids=stored_ids,
        sessions={s.id: s for s in sessions},
        lessons=lessons,
        checks=checks,
        failed_ends=failed_ends,
        rows=rows,
    )


def _check_session(event: schemas.ProgressEventIn, known: Known) -> None:
    session = known.sessions.get(event.session_id)
    if session is None:
        raise RefusedError("unknown_session")
    # SYNC-3: what was recorded before the replacement still counts.
    if session.replaced_at is not None and event.ended_at > session.replaced_at:
        raise RefusedError("after_session_replaced")


def _check_study(event: schemas.ProgressEventIn, enrollment: Enrollment, known: Known) -> None:
    """LEARN-6: the stretch was played while the study period was open (or after a pass
    no more credit is needed, but it does no harm to record it)."""
    day = event.started_at.astimezone(CHINA_TZ).date()
    opens, closes = enrollment.study_opens_on, enrollment.study_closes_on
    if enrollment.paid_at is None or opens is None or closes is None:
        raise RefusedError("study_closed")
    if rules.study_open(day, opens, closes):
        return
    if enrollment.id not in known.passed:  # rare: read the attempts once per batch
        known.passed[enrollment.id] = passed_at(enrollment.attempts) is not None
    if not known.passed[enrollment.id]:
        raise RefusedError("study_closed")


def _check_face(event: schemas.ProgressEventIn, known: Known) -> None:
    """PROG-5 / FACE-5: a passed check of this trainee made before the stretch, and no
    failed check between it and the stretch's start."""
    check = known.checks.get(event.face_check_id or "")
    if check is None or check.started_at > event.started_at:
        raise RefusedError("no_face_check")
    # The first failed check that ended after the passed one: does it end by the start?
    after = bisect.bisect_right(known.failed_ends, check.ended_at)
    if after < len(known.failed_ends) and known.failed_ends[after] <= event.started_at:
        raise RefusedError("face_check_failed")


def _progress_row(
    db: Session, known: Known, enrollment: Enrollment, lesson: Lesson
) -> LessonProgress:
    row = known.rows.get((enrollment.id, lesson.id))
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
        known.rows[(enrollment.id, lesson.id)] = row
    return row


def _credit(
    db: Session, now: dt.datetime, known: Known, event: schemas.ProgressEventIn
) -> tuple[float, LessonProgress]:
    """The checks in the order their reasons take precedence, then the credit."""
    if event.ended_at > now + FUTURE_SLACK:
        raise RefusedError("bad_interval")
    _check_session(event, known)
    found = known.lessons.get(event.lesson_id)
    if found is None:
        raise RefusedError("unknown_lesson")
    lesson, enrollment = found
    _check_study(event, enrollment, known)
    row = known.rows.get((enrollment.id, lesson.id))
    credited = [(float(a), float(b)) for a, b in row.intervals] if row else []
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
    _check_face(event, known)
    stretch = intervals.clip((event.from_s, event.to_s), lesson.duration_s)
    if stretch is None:
        raise RefusedError("bad_interval")
    row = _progress_row(db, known, enrollment, lesson)
    added = intervals.new_credit(credited, stretch)
    merged = intervals.add(credited, stretch)
    row.intervals = [[a, b] for a, b in merged]
    row.credited_s = intervals.covered_seconds(merged)
    row.complete = intervals.is_complete(merged, lesson.duration_s)
    row.resume_s = stretch[1]
    row.updated_at = now
    return added, row


def _judge_and_store(
    db: Session, context: ServerContext, trainee_id: int, events: list[schemas.ProgressEventIn]
) -> schemas.ProgressAnswer:
    # One batch of a trainee at a time, on any number of server processes: a batch
    # reads and then extends a lesson's intervals, which must not interleave.
    lock_row_for_write(db, Trainee, trainee_id)
    known = _known(db, trainee_id, events)
    now = context.now()
    results: list[schemas.ProgressResult] = []
    touched: dict[int, LessonProgress] = {}
    stored: list[dict[str, object]] = []
    for event in events:
        if event.event_id in known.stored_ids:  # stored before, or earlier in this batch
            results.append(schemas.ProgressResult(event_id=event.event_id, status="duplicate"))
            continue
        known.stored_ids.add(event.event_id)
        status, reason, added = "credited", None, 0.0
        try:
            added, row = _credit(db, now, known, event)
            touched[row.lesson_id] = row
        except RefusedError as refusal:
            status, reason = "refused", refusal.reason
        stored.append(
            {
                "event_id": event.event_id,
                "trainee_id": trainee_id,
                "session_id": event.session_id,
                "lesson_id": event.lesson_id,
                "from_s": event.from_s,
                "to_s": event.to_s,
                "started_at": event.started_at,
                "ended_at": event.ended_at,
                "face_check_id": event.face_check_id,
                "status": status,
                "reason": reason,
                "added_s": added,
                "received_at": now,
            }
        )
        results.append(
            schemas.ProgressResult(
                event_id=event.event_id,
                status="credited" if status == "credited" else "refused",
                reason=reason,
            )
        )
    if stored:
        db.execute(insert(ProgressEvent), stored)
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


def record_batch(
    db: Session, context: ServerContext, trainee: Trainee, batch: schemas.ProgressBatch
) -> schemas.ProgressAnswer:
    if len(batch.events) > MAX_BATCH:
        raise ApiError("too_many_events", status=413)
    if not batch.events:
        return schemas.ProgressAnswer(results=[], lessons=[])
    trainee_id = trainee.id
    for attempt in range(ATTEMPTS):
        try:
            return _judge_and_store(db, context, trainee_id, batch.events)
        except IntegrityError:
            # SYNC-2: an event id stored meanwhile by a batch that did not wait for this
            # trainee's lock (another trainee's, sending the same id). Judged again, that
            # event is a duplicate.
            db.rollback()
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
