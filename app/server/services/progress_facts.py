"""What a progress batch needs to judge its events (services.progress), read once per
batch in two queries: the lessons named, with the enrollment and progress row; and in one
union, the event ids already stored and the trainee's credited wall time near the batch
(SYNC-2, PROG-5's one clock), the named sessions with any clerk's supervision of them and
the exam attempts near the batch (SYNC-3, FACE-8), and the passed face checks named or
near, each with the first failed check after it (FACE-5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import (
    Connection,
    String,
    Table,
    and_,
    bindparam,
    case,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy import cast as sql_cast

from app.core import intervals, one_clock
from app.server import schemas
from app.server.context import ServerContext
from app.server.db import UtcDateTime
from app.server.models import (
    AuthSession,
    Enrollment,
    ExamAttempt,
    FaceCheck,
    Lesson,
    LessonProgress,
    ProgressEvent,
    Supervision,
)

# FACE-5: a stretch may end this long after the server's maximum check interval has run
# out since the latest passed check.
CHECK_DUE_SLACK = dt.timedelta(minutes=2)

# The batch's reads, built once: Core statements on the tables, with the batch's ids
# bound as lists (one IN per kind of fact), and no ORM objects to load.
_EVENTS = cast(Table, ProgressEvent.__table__)
_PROGRESS = cast(Table, LessonProgress.__table__)
_SESSIONS = cast(Table, AuthSession.__table__)
_LESSONS = cast(Table, Lesson.__table__)
_ENROLLMENTS = cast(Table, Enrollment.__table__)
_CHECKS = cast(Table, FaceCheck.__table__)
_ATTEMPTS = cast(Table, ExamAttempt.__table__)
_SUPERVISIONS = cast(Table, Supervision.__table__)

# All but the lessons in one query (one round trip, one statement to prepare): rows of
# (kind, key, from, until, failed after), the kinds:
# - an event's status ("credited", "refused"): the batch's own ids already stored, and the
#   trainee's credited stretches near the batch in wall time (PROG-5's one clock);
# - "session": the named sessions;
# - "supervision": the clerk's supervision of any of them (FACE-8: from its start until it
#   was ended or reached the centre's limit);
# - "attempt": the trainee's exam attempts near the batch (one clock: no study is credited
#   during an attempt);
# - "check": the trainee's passed checks the batch names or that ended near it (FACE-5: the
#   latest passed check before a stretch counts), each with the end of the first failed
#   check after it.
_NO_TIME = sql_cast(null(), UtcDateTime)
_ATTEMPT_END = func.coalesce(_ATTEMPTS.c.ended_at, _ATTEMPTS.c.deadline)
_SUPERVISION_END = case(
    (_SUPERVISIONS.c.ended_at < _SUPERVISIONS.c.ends_at, _SUPERVISIONS.c.ended_at),
    else_=_SUPERVISIONS.c.ends_at,
)
_FAILED = _CHECKS.alias("failed")
_FACTS = union_all(
    select(
        _EVENTS.c.status, _EVENTS.c.event_id, _EVENTS.c.started_at, _EVENTS.c.ended_at, _NO_TIME
    ).where(
        _EVENTS.c.trainee_id == bindparam("trainee"),
        or_(
            _EVENTS.c.event_id.in_(bindparam("event_ids")),
            and_(
                _EVENTS.c.ended_at > bindparam("wall_from"),
                _EVENTS.c.started_at < bindparam("wall_to"),
                _EVENTS.c.status == "credited",
            ),
        ),
    ),
    select(
        literal("session", String()),
        _SESSIONS.c.id,
        _SESSIONS.c.created_at,
        # Its end: replaced by a newer login (ACC-4), or ended (a logout, a staff reset,
        # the clerk): nothing is recorded under a login after it ended.
        func.coalesce(_SESSIONS.c.replaced_at, _SESSIONS.c.ended_at),
        _NO_TIME,
    ).where(
        _SESSIONS.c.trainee_id == bindparam("trainee"),
        _SESSIONS.c.id.in_(bindparam("session_ids")),
    ),
    select(
        literal("supervision", String()),
        _SUPERVISIONS.c.auth_session_id,
        _SUPERVISIONS.c.started_at,
        _SUPERVISION_END,
        _NO_TIME,
    ).where(
        _SUPERVISIONS.c.trainee_id == bindparam("trainee"),
        _SUPERVISIONS.c.auth_session_id.in_(bindparam("session_ids")),
    ),
    select(
        literal("attempt", String()),
        _ATTEMPTS.c.id,
        _ATTEMPTS.c.started_at,
        _ATTEMPT_END,
        _NO_TIME,
    )
    .join(_ENROLLMENTS, _ENROLLMENTS.c.id == _ATTEMPTS.c.enrollment_id)
    .where(
        _ENROLLMENTS.c.trainee_id == bindparam("trainee"),
        _ATTEMPTS.c.started_at < bindparam("wall_to"),
        bindparam("wall_from") < _ATTEMPT_END,
    ),
    select(
        literal("check", String()),
        _CHECKS.c.check_id,
        _CHECKS.c.started_at,
        _CHECKS.c.ended_at,
        select(func.min(_FAILED.c.ended_at))
        .where(
            _FAILED.c.trainee_id == _CHECKS.c.trainee_id,
            _FAILED.c.passed.is_(False),
            _FAILED.c.ended_at > _CHECKS.c.ended_at,
        )
        .scalar_subquery(),
    ).where(
        _CHECKS.c.trainee_id == bindparam("trainee"),
        _CHECKS.c.passed.is_(True),
        or_(
            _CHECKS.c.check_id.in_(bindparam("check_ids")),
            and_(
                _CHECKS.c.ended_at >= bindparam("checks_from"),
                _CHECKS.c.ended_at <= bindparam("checks_to"),
            ),
        ),
    ),
)
# Each named lesson with the trainee's enrollment in its trade and the progress row, if
# any. No FOR UPDATE: only batches write lesson_progress, and they hold the trainee's lock.
_LESSONS_NAMED = (
    select(
        _LESSONS.c.id,
        _LESSONS.c.duration_s,
        _ENROLLMENTS.c.id,
        _ENROLLMENTS.c.paid_at,
        _ENROLLMENTS.c.study_opens_on,
        _ENROLLMENTS.c.study_closes_on,
        _PROGRESS.c.lesson_id,
        _PROGRESS.c.intervals,
    )
    .join(_ENROLLMENTS, _ENROLLMENTS.c.trade_code == _LESSONS.c.trade_code)
    .outerjoin(
        _PROGRESS,
        (_PROGRESS.c.enrollment_id == _ENROLLMENTS.c.id) & (_PROGRESS.c.lesson_id == _LESSONS.c.id),
    )
    .where(_ENROLLMENTS.c.trainee_id == bindparam("trainee"), _LESSONS.c.id.in_(bindparam("ids")))
)


@dataclass
class LessonFacts:
    lesson_id: int
    duration_s: float
    enrollment_id: int
    paid_at: dt.datetime | None
    study_opens_on: dt.date | None
    study_closes_on: dt.date | None


@dataclass
class Credit:
    """One lesson's progress row as the batch extends it."""

    lesson: LessonFacts
    intervals: list[intervals.Interval]
    stored: bool  # the row exists: update it, else insert it
    credited_s: float = 0.0
    complete: bool = False
    resume_s: float = 0.0


@dataclass(frozen=True)
class PassedCheck:
    started_at: dt.datetime
    ended_at: dt.datetime
    failed_after: dt.datetime | None  # the end of the trainee's first failed check after it


@dataclass
class Known:
    """What a batch needs to judge its events, read once per batch."""

    stored_ids: set[str]
    sessions: dict[str, tuple[dt.datetime, dt.datetime | None]]  # id: created, replaced
    lessons: dict[int, LessonFacts]
    checks: dict[str, PassedCheck]  # the passed checks named or near, by check_id
    credits: dict[int, Credit]  # by lesson id (a lesson belongs to one enrollment)
    # One clock: the trainee's credited wall time and exam attempts near the batch, in
    # epoch seconds (credited grows as the batch credits).
    credited_wall: list[intervals.Interval] = field(default_factory=list)
    exam_wall: list[intervals.Interval] = field(default_factory=list)
    passed: dict[int, bool] = field(default_factory=dict)
    # FACE-8: the clerk's supervision of a named session: from, until.
    supervisions: dict[str, tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)


def epoch(moment: dt.datetime) -> float:
    return moment.timestamp()


def read_known(
    db: Connection, context: ServerContext, trainee_id: int, events: list[schemas.ProgressEventIn]
) -> Known:
    """What the batch's events need, in two queries."""
    batch_ids = {e.event_id for e in events}
    stored_ids: set[str] = set()
    credited_wall: list[intervals.Interval] = []
    sessions: dict[str, tuple[dt.datetime, dt.datetime | None]] = {}
    exam_wall: list[intervals.Interval] = []
    supervisions: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    checks: dict[str, PassedCheck] = {}
    facts = {
        "trainee": trainee_id,
        "event_ids": list(batch_ids),
        "session_ids": list({e.session_id for e in events}),
        "check_ids": list({e.face_check_id for e in events if e.face_check_id}),
        "wall_from": min(e.started_at for e in events) - one_clock_margin(),
        "wall_to": max(e.ended_at for e in events) + one_clock_margin(),
        # A passed check older than a stretch's end minus the periodic limit cannot cover it.
        "checks_from": min(e.ended_at for e in events) - check_due_after(context),
        "checks_to": max(e.started_at for e in events),
    }
    for kind, key, begun, ended, failed_after in db.execute(_FACTS, facts):
        if kind == "session":
            sessions[key] = (begun, ended)
        elif kind == "supervision":
            supervisions[key] = (begun, ended)
        elif kind == "attempt":
            exam_wall.append((epoch(begun), epoch(ended)))
        elif kind == "check":
            checks[key] = PassedCheck(begun, ended, failed_after)
        else:  # an event, by its status
            if key in batch_ids:
                stored_ids.add(key)
            if kind == "credited":
                credited_wall.append((epoch(begun), epoch(ended)))
    lessons: dict[int, LessonFacts] = {}
    credits: dict[int, Credit] = {}
    lesson_ids = list({e.lesson_id for e in events})
    for *lesson_facts, progress_lesson_id, stored in db.execute(
        _LESSONS_NAMED, {"trainee": trainee_id, "ids": lesson_ids}
    ):
        lesson = lessons[lesson_facts[0]] = LessonFacts(*lesson_facts)
        credits.pop(lesson.lesson_id, None)  # the progress of the enrollment kept
        if progress_lesson_id is not None:
            pairs = [(float(a), float(b)) for a, b in stored]
            credits[lesson.lesson_id] = Credit(lesson, pairs, stored=True)
    return Known(
        stored_ids,
        sessions,
        lessons,
        checks,
        credits,
        intervals.union(credited_wall),
        intervals.union(exam_wall),
        supervisions=supervisions,
    )


def one_clock_margin() -> dt.timedelta:
    """How far beyond a batch's own wall time an overlap matters: the trim's slack."""
    return dt.timedelta(seconds=one_clock.OVERLAP_TRIM_S + 1)


def check_due_after(context: ServerContext) -> dt.timedelta:
    """FACE-5: a stretch must end this long at most after the latest passed check."""
    return dt.timedelta(seconds=context.settings.face_check_max_s) + CHECK_DUE_SLACK
