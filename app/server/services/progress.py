"""POST /progress: credited intervals (LEARN-2, LEARN-3), each event applied once
(SYNC-2), kept for the time before a session was replaced (SYNC-3), and refused with the
reason when implausible (PROG-5). One bad event never spoils the rest of its batch.

A batch is judged as a set: what it needs (event ids already stored, sessions, lessons
with their progress rows, face checks with the failed check after each) is read in two
queries (services.progress_facts), the events are judged in order in memory, and their
rows are written in one statement on PostgreSQL (bench_progress)."""

from __future__ import annotations

import datetime as dt
import json
from typing import cast

from sqlalchemy import Connection, Table, bindparam, insert, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import intervals, one_clock, rules
from app.server import schemas
from app.server.context import CHINA_TZ, ServerContext
from app.server.db import lock_row_for_write
from app.server.errors import ApiError
from app.server.models import Enrollment, LessonProgress, ProgressEvent, Trainee
from app.server.services.facts import passed_at
from app.server.services.progress_facts import (
    Credit,
    Known,
    LessonFacts,
    check_due_after,
    epoch,
    read_known,
)

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
# FACE-8: a supervised stretch lies within its supervision, give or take the client's clock.
SUPERVISION_SLACK = dt.timedelta(seconds=30)


class RefusedError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# The batch's writes, built once: Core statements, no ORM objects to flush.
_EVENTS = cast(Table, ProgressEvent.__table__)
_PROGRESS = cast(Table, LessonProgress.__table__)
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

# PostgreSQL: all of a batch's writes in one statement, its events and the progress rows it
# touched (inserted or updated), each set sent as one JSON text. The statement's text is the
# same whatever the batch's size, so psycopg prepares it once; a str is dumped in C, where
# arrays of values (a column each, the unnest insert before) were dumped item by item in
# Python: a tenth of the server's CPU per batch (bench_progress). An executemany is a
# statement per event; a VALUES list of 20 rows has 260 parameters, more than psycopg
# caches the parsing of.
_EVENT_COLUMNS = [column.key for column in _EVENTS.c]
_PROGRESS_COLUMNS = [column.key for column in _PROGRESS.c]
_PROGRESS_KEY = {column.key for column in _PROGRESS.primary_key}
_WRITE_BATCH_POSTGRESQL = text(
    "WITH events AS ("
    f"INSERT INTO progress_events ({', '.join(_EVENT_COLUMNS)}) "
    f"SELECT {', '.join(_EVENT_COLUMNS)} "
    "FROM json_populate_recordset(CAST(NULL AS progress_events), CAST(:events AS json))) "
    f"INSERT INTO lesson_progress ({', '.join(_PROGRESS_COLUMNS)}) "
    f"SELECT {', '.join(_PROGRESS_COLUMNS)} "
    "FROM json_populate_recordset(CAST(NULL AS lesson_progress), CAST(:credits AS json)) "
    f"ON CONFLICT ({', '.join(sorted(_PROGRESS_KEY))}) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _PROGRESS_COLUMNS if c not in _PROGRESS_KEY)
)


def _utc_text(value: object) -> str:
    """A datetime as the naive UTC text the UtcDateTime columns hold (json.dumps' default)."""
    if not isinstance(value, dt.datetime):
        raise TypeError(f"not JSON: {type(value).__name__}")
    return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat()


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
    span = (epoch(event.started_at), epoch(event.ended_at))
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
        known.credited_wall, (epoch(event.started_at), epoch(event.ended_at))
    )
    added = intervals.new_credit(credit.intervals, stretch)
    credit.intervals = intervals.add(credit.intervals, stretch)
    credit.credited_s = intervals.covered_seconds(credit.intervals)
    credit.complete = intervals.is_complete(credit.intervals, lesson.duration_s)
    credit.resume_s = stretch[1]
    known.credits[lesson.lesson_id] = credit
    return added, credit


def _progress_rows(now: dt.datetime, credits: list[Credit]) -> list[dict[str, object]]:
    return [
        {
            "enrollment_id": credit.lesson.enrollment_id,
            "lesson_id": credit.lesson.lesson_id,
            "intervals": [[a, b] for a, b in credit.intervals],
            "credited_s": credit.credited_s,
            "complete": credit.complete,
            "resume_s": credit.resume_s,
            "updated_at": now,
        }
        for credit in credits
    ]


def _store(
    db: Connection, now: dt.datetime, credits: list[Credit], events: list[dict[str, object]]
) -> None:
    """The batch's events and the progress rows it touched."""
    rows = _progress_rows(now, credits)
    if db.dialect.name == "postgresql":
        if rows or events:
            db.execute(
                _WRITE_BATCH_POSTGRESQL,
                {
                    "events": json.dumps(events, default=_utc_text),
                    "credits": json.dumps(rows, default=_utc_text),
                },
            )
        return
    for row, credit in zip(rows, credits, strict=True):
        if credit.stored:  # mostly one or two lessons: no executemany pipeline
            # The key only in the WHERE: a key column among the values would be SET too.
            values = {k: v for k, v in row.items() if k not in _PROGRESS_KEY}
            keys = {"key_enrollment": row["enrollment_id"], "key_lesson": row["lesson_id"]}
            db.execute(_UPDATE_PROGRESS, {**keys, **values})
        else:
            db.execute(insert(_PROGRESS), row)
    if events:
        # executemany: INSERT ... VALUES with 20 rows would be compiled anew for each batch
        # (bench_progress: 9 ms of CPU per request instead of 5).
        db.execute(insert(_EVENTS), events)


def _judge_and_store(
    db: Session, context: ServerContext, trainee_id: int, events: list[schemas.ProgressEventIn]
) -> schemas.ProgressAnswer:
    # One batch of a trainee at a time, on any number of server processes: a batch
    # reads and then extends a lesson's intervals, which must not interleave.
    lock_row_for_write(db, Trainee, trainee_id)
    # Core statements on the session's connection: no ORM layer for rows it never maps.
    connection = db.connection()
    known = read_known(connection, context, trainee_id, events)
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
    _store(connection, now, list(touched.values()), stored)
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
