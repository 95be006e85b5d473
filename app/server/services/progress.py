"""POST /progress: credited intervals (LEARN-2, LEARN-3), each event applied once
(SYNC-2), kept for the time before a session was replaced (SYNC-3), and refused with the
reason when implausible (PROG-5). One bad event never spoils the rest of its batch.

A batch is judged as a set: what it needs (event ids already stored, sessions, lessons
with their progress rows, face checks with the failed check after each) is read with one
query each, the events are judged in order in memory, and their rows are written with one
insert and one commit (bench_progress)."""

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
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import intervals, one_clock, rules
from app.server import schemas
from app.server.context import CHINA_TZ, ServerContext
from app.server.db import lock_row_for_write
from app.server.errors import ApiError
from app.server.models import (
    AuthSession,
    Enrollment,
    ExamAttempt,
    FaceCheck,
    Lesson,
    LessonProgress,
    ProgressEvent,
    Supervision,
    Trainee,
)
from app.server.services.facts import passed_at

MAX_BATCH = 500  # API.md
# Client clocks drift; an event may end this far in the server's future.
FUTURE_SLACK = dt.timedelta(minutes=2)
# A stretch cannot have started before the session it was recorded under began (server
# time): a PC clock moved back would otherwise date study into a closed period. The same
# slack as for a clock that runs ahead.
PAST_SLACK = FUTURE_SLACK
# A batch that loses a race on an event id (another trainee's batch stored it first) is
# judged again, and then finds it stored. More than one lost race in a row is not expected.
ATTEMPTS = 3
# FACE-5: a stretch may end this long after the server's maximum check interval has run
# out since the latest passed check.
CHECK_DUE_SLACK = dt.timedelta(minutes=2)
# FACE-8: a supervised stretch lies within its supervision, give or take the client's clock.
SUPERVISION_SLACK = dt.timedelta(seconds=30)


class RefusedError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# The batch's reads and writes, built once: Core statements on the tables, with the
# batch's ids bound as lists (one IN per kind of fact), and no ORM objects to load or flush.
_EVENTS = cast(Table, ProgressEvent.__table__)
_PROGRESS = cast(Table, LessonProgress.__table__)
_SESSIONS = cast(Table, AuthSession.__table__)
_LESSONS = cast(Table, Lesson.__table__)
_ENROLLMENTS = cast(Table, Enrollment.__table__)
_CHECKS = cast(Table, FaceCheck.__table__)

_ATTEMPTS = cast(Table, ExamAttempt.__table__)
_SUPERVISIONS = cast(Table, Supervision.__table__)

# The batch's own ids already stored, and the trainee's credited stretches near the batch
# in wall time (PROG-5's one clock), in one query.
_EVENTS_NAMED_OR_NEAR = select(
    _EVENTS.c.event_id, _EVENTS.c.status, _EVENTS.c.started_at, _EVENTS.c.ended_at
).where(
    _EVENTS.c.trainee_id == bindparam("trainee"),
    or_(
        _EVENTS.c.event_id.in_(bindparam("ids")),
        and_(
            _EVENTS.c.ended_at > bindparam("wall_from"),
            _EVENTS.c.started_at < bindparam("wall_to"),
            _EVENTS.c.status == "credited",
        ),
    ),
)
# The named sessions, the clerk's supervision of any of them (FACE-8: from its start
# until it was ended or reached the centre's limit), and the trainee's exam attempts near
# the batch (one clock: no study is credited during an attempt), in one query.
_ATTEMPT_END = func.coalesce(_ATTEMPTS.c.ended_at, _ATTEMPTS.c.deadline)
_SUPERVISION_END = case(
    (_SUPERVISIONS.c.ended_at < _SUPERVISIONS.c.ends_at, _SUPERVISIONS.c.ended_at),
    else_=_SUPERVISIONS.c.ends_at,
)
_SESSIONS_AND_ATTEMPTS = union_all(
    select(
        literal("session", String()),
        _SESSIONS.c.id,
        _SESSIONS.c.created_at,
        # Its end: replaced by a newer login (ACC-4), or ended (a logout, a staff reset,
        # the clerk): nothing is recorded under a login after it ended.
        func.coalesce(_SESSIONS.c.replaced_at, _SESSIONS.c.ended_at),
    ).where(_SESSIONS.c.trainee_id == bindparam("trainee"), _SESSIONS.c.id.in_(bindparam("ids"))),
    select(
        literal("supervision", String()),
        _SUPERVISIONS.c.auth_session_id,
        _SUPERVISIONS.c.started_at,
        _SUPERVISION_END,
    ).where(
        _SUPERVISIONS.c.trainee_id == bindparam("trainee"),
        _SUPERVISIONS.c.auth_session_id.in_(bindparam("ids")),
    ),
    select(literal("attempt", String()), _ATTEMPTS.c.id, _ATTEMPTS.c.started_at, _ATTEMPT_END)
    .join(_ENROLLMENTS, _ENROLLMENTS.c.id == _ATTEMPTS.c.enrollment_id)
    .where(
        _ENROLLMENTS.c.trainee_id == bindparam("trainee"),
        _ATTEMPTS.c.started_at < bindparam("wall_to"),
        bindparam("wall_from") < _ATTEMPT_END,
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
_FAILED = _CHECKS.alias("failed")
# The trainee's passed checks the batch names or that ended near it (FACE-5: the latest
# passed check before a stretch counts), each with the end of the first failed check
# after it.
_PASSED_CHECKS_NAMED_OR_NEAR = select(
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
        _CHECKS.c.check_id.in_(bindparam("ids")),
        and_(
            _CHECKS.c.ended_at >= bindparam("checks_from"),
            _CHECKS.c.ended_at <= bindparam("checks_to"),
        ),
    ),
)
_UPDATE_PROGRESS = (
    update(_PROGRESS)
    .where(
        _PROGRESS.c.enrollment_id == bindparam("key_enrollment"),
        _PROGRESS.c.lesson_id == bindparam("key_lesson"),
    )
    .values(
        intervals=bindparam("intervals"),
        credited_s=bindparam("credited_s"),
        complete=bindparam("complete"),
        resume_s=bindparam("resume_s"),
        updated_at=bindparam("updated_at"),
    )
)

# PostgreSQL: the batch's events in one statement, a column per array: the same short text
# whatever the batch's size, so psycopg parses it once and prepares it. An executemany is
# a statement per event; a VALUES list of 20 rows has 260 parameters, more than psycopg
# caches the parsing of (a quarter of the server's CPU per batch in bench_progress).
_EVENT_COLUMNS = [column.key for column in _EVENTS.c]
_POSTGRESQL = PGDialect()  # type: ignore[no-untyped-call]  # only names the column types
_INSERT_EVENTS_UNNESTED = text(
    f"INSERT INTO progress_events ({', '.join(_EVENT_COLUMNS)}) SELECT * FROM unnest("
    + ", ".join(
        f"CAST(:{column.key} AS {column.type.compile(dialect=_POSTGRESQL)}[])"
        for column in _EVENTS.c
    )
    + ")"
).bindparams(*(bindparam(column.key, type_=ARRAY(column.type)) for column in _EVENTS.c))


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


def _epoch(moment: dt.datetime) -> float:
    return moment.timestamp()


def _known(
    db: Connection, context: ServerContext, trainee_id: int, events: list[schemas.ProgressEventIn]
) -> Known:
    named = {"trainee": trainee_id}
    near = {
        "wall_from": min(e.started_at for e in events) - one_clock_margin(),
        "wall_to": max(e.ended_at for e in events) + one_clock_margin(),
    }
    batch_ids = {e.event_id for e in events}
    stored_ids: set[str] = set()
    credited_wall: list[intervals.Interval] = []
    for event_id, status, started_at, ended_at in db.execute(
        _EVENTS_NAMED_OR_NEAR, {**named, **near, "ids": list(batch_ids)}
    ):
        if event_id in batch_ids:
            stored_ids.add(event_id)
        if status == "credited":
            credited_wall.append((_epoch(started_at), _epoch(ended_at)))
    sessions: dict[str, tuple[dt.datetime, dt.datetime | None]] = {}
    exam_wall: list[intervals.Interval] = []
    supervisions: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    for kind, key, begun, ended in db.execute(
        _SESSIONS_AND_ATTEMPTS, {**named, **near, "ids": list({e.session_id for e in events})}
    ):
        if kind == "session":
            sessions[key] = (begun, ended)
        elif kind == "supervision":
            supervisions[key] = (begun, ended)
        else:
            exam_wall.append((_epoch(begun), _epoch(ended)))
    lessons: dict[int, LessonFacts] = {}
    credits: dict[int, Credit] = {}
    lesson_ids = list({e.lesson_id for e in events})
    for *facts, progress_lesson_id, stored in db.execute(
        _LESSONS_NAMED, {**named, "ids": lesson_ids}
    ):
        lesson = lessons[facts[0]] = LessonFacts(*facts)
        credits.pop(lesson.lesson_id, None)  # the progress of the enrollment kept
        if progress_lesson_id is not None:
            pairs = [(float(a), float(b)) for a, b in stored]
            credits[lesson.lesson_id] = Credit(lesson, pairs, stored=True)
    # A passed check older than a stretch's end minus the periodic limit cannot cover it.
    checks_near = {
        "checks_from": min(e.ended_at for e in events) - check_due_after(context),
        "checks_to": max(e.started_at for e in events),
    }
    check_ids = list({e.face_check_id for e in events if e.face_check_id})
    checks = {
        check_id: PassedCheck(started_at, ended_at, failed_after)
        for check_id, started_at, ended_at, failed_after in db.execute(
            _PASSED_CHECKS_NAMED_OR_NEAR, {**named, **checks_near, "ids": check_ids}
        )
    }
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


def _check_session(event: schemas.ProgressEventIn, known: Known) -> None:
    if event.session_id not in known.sessions:
        raise RefusedError("unknown_session")
    created_at, replaced_at = known.sessions[event.session_id]
    if event.started_at < created_at - PAST_SLACK:
        raise RefusedError("bad_interval")  # before its own session: a clock moved back
    # SYNC-3: what was recorded before the replacement (or the end) still counts.
    if replaced_at is not None and event.ended_at > replaced_at:
        raise RefusedError("after_session_replaced")


def _check_study(
    db: Session, event: schemas.ProgressEventIn, lesson: LessonFacts, known: Known
) -> None:
    """LEARN-6: the stretch was played while the study period was open (or after a pass
    no more credit is needed, but it does no harm to record it)."""
    day = event.started_at.astimezone(CHINA_TZ).date()
    opens, closes = lesson.study_opens_on, lesson.study_closes_on
    if lesson.paid_at is None or opens is None or closes is None:
        raise RefusedError("study_closed")
    if rules.study_open(day, opens, closes):
        return
    if lesson.enrollment_id not in known.passed:  # rare: read the attempts once per batch
        enrollment = db.get_one(Enrollment, lesson.enrollment_id)
        known.passed[lesson.enrollment_id] = passed_at(enrollment.attempts) is not None
    if not known.passed[lesson.enrollment_id]:
        raise RefusedError("study_closed")


def _check_covered(context: ServerContext, event: schemas.ProgressEventIn, known: Known) -> None:
    """PROG-5 / FACE-8: the stretch is covered by a clerk's supervision of its login, or
    else by face checks. A supervised login past its supervision has neither."""
    supervision = known.supervisions.get(event.session_id)
    if supervision is None:
        _check_face(context, event, known)
        return
    supervised_from, supervised_until = supervision
    if (
        event.started_at >= supervised_from - SUPERVISION_SLACK
        and event.ended_at <= supervised_until + SUPERVISION_SLACK
    ):
        return
    if not event.face_check_id:
        raise RefusedError("supervision_ended")
    _check_face(context, event, known)


def _check_face(context: ServerContext, event: schemas.ProgressEventIn, known: Known) -> None:
    """PROG-5 / FACE-5: the stretch names a passed check of this trainee made before it;
    the latest passed check before the stretch is what counts: no failed check between it
    and the stretch's start, and the stretch ends within the periodic limit after it."""
    named = known.checks.get(event.face_check_id or "")
    if named is None or named.started_at > event.started_at:
        raise RefusedError("no_face_check")
    latest = max(
        [named, *(c for c in known.checks.values() if c.ended_at <= event.started_at)],
        key=lambda check: check.ended_at,
    )
    if latest.failed_after is not None and latest.failed_after <= event.started_at:
        raise RefusedError("face_check_failed")
    if event.ended_at > latest.ended_at + check_due_after(context):
        raise RefusedError("face_check_due")


def _claim_wall_time(event: schemas.ProgressEventIn, known: Known) -> float:
    """One clock (PROG-5): the fresh wall-clock seconds this stretch may credit."""
    span = (_epoch(event.started_at), _epoch(event.ended_at))
    verdict = one_clock.claim(known.credited_wall, known.exam_wall, span)
    if verdict.refusal is not None:
        raise RefusedError(verdict.refusal)
    return verdict.fresh_s


def _credit(
    db: Session,
    context: ServerContext,
    now: dt.datetime,
    known: Known,
    event: schemas.ProgressEventIn,
) -> tuple[float, Credit]:
    """The checks in the order their reasons take precedence, then the credit."""
    if event.ended_at > now + FUTURE_SLACK:
        raise RefusedError("bad_interval")
    _check_session(event, known)
    lesson = known.lessons.get(event.lesson_id)
    if lesson is None:
        raise RefusedError("unknown_lesson")
    _check_study(db, event, lesson, known)
    credit = known.credits.get(lesson.lesson_id) or Credit(lesson, [], stored=False)
    refusal = rules.progress_refusal(
        event.from_s,
        event.to_s,
        duration_s=lesson.duration_s,
        started_at=event.started_at,
        ended_at=event.ended_at,
        frontier_s=intervals.seek_limit(credit.intervals, lesson.duration_s),
    )
    if refusal is not None:
        raise RefusedError(refusal)
    _check_covered(context, event, known)
    stretch = intervals.clip((event.from_s, event.to_s), lesson.duration_s)
    if stretch is None:
        raise RefusedError("bad_interval")
    # Never more lesson seconds than fresh wall-clock seconds (+5%): credited time never
    # exceeds the time that passed.
    stretch = one_clock.trim_to_fresh(stretch, _claim_wall_time(event, known))
    known.credited_wall = intervals.add(
        known.credited_wall, (_epoch(event.started_at), _epoch(event.ended_at))
    )
    added = intervals.new_credit(credit.intervals, stretch)
    credit.intervals = intervals.add(credit.intervals, stretch)
    credit.credited_s = intervals.covered_seconds(credit.intervals)
    credit.complete = intervals.is_complete(credit.intervals, lesson.duration_s)
    credit.resume_s = stretch[1]
    known.credits[lesson.lesson_id] = credit
    return added, credit


def _store_credits(db: Connection, now: dt.datetime, credits: list[Credit]) -> None:
    rows = [
        {
            "intervals": [[a, b] for a, b in credit.intervals],
            "credited_s": credit.credited_s,
            "complete": credit.complete,
            "resume_s": credit.resume_s,
            "updated_at": now,
        }
        for credit in credits
    ]
    keys = [(c.lesson.enrollment_id, c.lesson.lesson_id) for c in credits]
    updates = [
        {"key_enrollment": e, "key_lesson": lesson, **row}
        for (e, lesson), row, credit in zip(keys, rows, credits, strict=True)
        if credit.stored
    ]
    inserts = [
        {"enrollment_id": e, "lesson_id": lesson, **row}
        for (e, lesson), row, credit in zip(keys, rows, credits, strict=True)
        if not credit.stored
    ]
    for update_row in updates:  # mostly one or two lessons: no executemany pipeline
        db.execute(_UPDATE_PROGRESS, update_row)
    if inserts:
        db.execute(insert(_PROGRESS), inserts)


def _judge_and_store(
    db: Session, context: ServerContext, trainee_id: int, events: list[schemas.ProgressEventIn]
) -> schemas.ProgressAnswer:
    # One batch of a trainee at a time, on any number of server processes: a batch
    # reads and then extends a lesson's intervals, which must not interleave.
    lock_row_for_write(db, Trainee, trainee_id)
    # Core statements on the session's connection: no ORM layer for rows it never maps.
    connection = db.connection()
    known = _known(connection, context, trainee_id, events)
    now = context.now()
    results: list[schemas.ProgressResult] = []
    touched: dict[int, Credit] = {}
    stored: list[dict[str, object]] = []
    for event in events:
        if event.event_id in known.stored_ids:  # stored before, or earlier in this batch
            results.append(schemas.ProgressResult(event_id=event.event_id, status="duplicate"))
            continue
        known.stored_ids.add(event.event_id)
        status, reason, added = "credited", None, 0.0
        try:
            added, credit = _credit(db, context, now, known, event)
            touched[credit.lesson.lesson_id] = credit
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
    _store_credits(connection, now, list(touched.values()))
    if stored and connection.dialect.name == "postgresql":
        columns = {name: [row[name] for row in stored] for name in _EVENT_COLUMNS}
        connection.execute(_INSERT_EVENTS_UNNESTED, columns)
    elif stored:
        # executemany: INSERT ... VALUES with 20 rows would be compiled anew for each batch
        # (bench_progress: 9 ms of CPU per request instead of 5).
        connection.execute(insert(_EVENTS), stored)
    db.commit()  # acknowledged only once durable
    return schemas.ProgressAnswer(
        results=results,
        lessons=[
            schemas.LessonCredit(
                lesson_id=lesson_id,
                credited_s=round(credit.credited_s, 3),
                complete=credit.complete,
            )
            for lesson_id, credit in touched.items()
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
