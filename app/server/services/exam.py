"""Exam attempts (EXAM-1..6): start, resume, answers, submit, abandon, incidents, expiry.

Concurrency: every write to an attempt starts its transaction by locking the attempt's
own row (:func:`lock_attempt`, :func:`app.server.db.lock_row_for_write`). On PostgreSQL
that holds the row lock until commit; on SQLite the database's write lock, queued on a
lock in this process (200 parallel starts all timed out sleeping in SQLite's busy
handler, bench/load). Whoever comes second waits, then reads what
the first committed, so 50 parallel submits grade the attempt once and the other 49
read the same result; parallel answers to one attempt are applied one after another and
none is lost.

Choices where API.md is silent:
- `submit` of an attempt that already ended by submit or by its deadline answers its
  result again (a client retrying after a lost response gets what it missed); of an
  abandoned attempt, 409 `attempt_closed`.
- `abandon` of an abandoned attempt answers its result again; of an attempt already
  submitted or expired, 409 `attempt_closed` (it was graded: leaving cannot zero it).
- An attempt past its deadline ends as `expired` at its deadline, graded on the answers
  saved by then, whoever notices first: a read, a write, or the sweep (EXAM-2).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import rules
from app.server import schemas
from app.server.context import ServerContext
from app.server.db import lock_row_for_write
from app.server.errors import ApiError
from app.server.models import (
    AttemptAnswer,
    AttemptIncident,
    AuthSession,
    Enrollment,
    ExamAttempt,
    Trainee,
)
from app.server.services import exam_identity, papers
from app.server.services.enrollments import enrollment_view
from app.server.services.facts import passed_at
from app.server.services.lessons import own_enrollment

CLOSED_MESSAGES = {
    "not_paid": "该项目尚未缴费，缴费后才能学习和考试。",
    "study_closed": "学习期限已结束，考试已关闭，可在线申请延期。",
    "progress_incomplete": "每个课时和总进度都达到100%后才能参加考试。",
    "no_attempts_left": "考试机会已用完，可在线申请补考。",
}


# ---------------------------------------------------------------- locking and expiry


def lock_attempt(db: Session, attempt_id: str) -> ExamAttempt | None:
    """Start the transaction by writing the attempt's row (see the module's docstring),
    then read it afresh; None when there is no such attempt."""
    lock_row_for_write(db, ExamAttempt, attempt_id)
    db.expire_all()  # anything read before the lock may be stale
    return db.get(ExamAttempt, attempt_id)


def saved_answers(db: Session, attempt_id: str) -> dict[str, list[str]]:
    rows = db.scalars(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id))
    return {row.question_id: list(row.answer) for row in rows}


def expire_if_overdue(db: Session, context: ServerContext, attempt: ExamAttempt) -> bool:
    """EXAM-2: an open attempt at or past its deadline ends there, graded on its saved
    answers. Call with the attempt locked; the caller commits. True when it expired."""
    if attempt.state != "open" or context.now() < attempt.deadline:
        return False
    attempt.state = "expired"
    attempt.score = papers.grade(papers.paper_of(db, attempt.id), saved_answers(db, attempt.id))
    attempt.ended_at = attempt.deadline
    return True


def _own_attempt(db: Session, trainee: Trainee, attempt_id: str) -> ExamAttempt:
    attempt = db.get(ExamAttempt, attempt_id)
    enrollment = db.get(Enrollment, attempt.enrollment_id) if attempt else None
    # Someone else's attempt is answered like a missing one: ids are not probed.
    if attempt is None or enrollment is None or enrollment.trainee_id != trainee.id:
        raise ApiError("not_found", "没有找到这次考试。")
    return attempt


def _locked_own_attempt(
    db: Session, context: ServerContext, trainee: Trainee, attempt_id: str
) -> ExamAttempt:
    """The caller's attempt, locked, with a passed deadline already applied and committed
    (so that a refusal that follows does not roll the expiry back)."""
    _own_attempt(db, trainee, attempt_id)
    attempt = lock_attempt(db, attempt_id)
    assert attempt is not None  # it was there a moment ago and attempts are never deleted
    if expire_if_overdue(db, context, attempt):
        db.commit()
        attempt = lock_attempt(db, attempt_id)
        assert attempt is not None
    return attempt


def _closed(attempt: ExamAttempt) -> ApiError:
    return ApiError("attempt_closed", state=attempt.state)


# ---------------------------------------------------------------- views


def result_view(db: Session, attempt: ExamAttempt) -> schemas.ExamResultOut:
    assert attempt.score is not None
    enrollment = db.get(Enrollment, attempt.enrollment_id)
    assert enrollment is not None
    db.refresh(enrollment, ["attempts"])
    attempts = enrollment.attempts
    return schemas.ExamResultOut(
        score=attempt.score,
        passed=rules.is_pass(attempt.score),
        best_score=rules.best_score(a.score for a in attempts if a.score is not None),
        attempts_used=len(attempts),
        attempts_allowed=enrollment.attempts_allowed,
        enrollment_passed=passed_at(attempts) is not None,
        ended_at=attempt.ended_at,
    )


def attempt_view(
    db: Session,
    context: ServerContext,
    attempt: ExamAttempt,
    identity_required: exam_identity.AnsweringRefusal | None = None,
) -> schemas.AttemptOut:
    is_open = attempt.state == "open"
    questions = [
        schemas.QuestionOut(
            id=item.question.id,
            kind=item.question.kind,  # type: ignore[arg-type]  # checked when seeded
            text=item.question.text,
            options=[schemas.OptionOut(**option) for option in item.question.options],
            points=item.points,
        )
        for item in papers.paper_of(db, attempt.id)
    ]
    return schemas.AttemptOut(
        id=attempt.id,
        enrollment_id=attempt.enrollment_id,
        number=attempt.number,
        state=attempt.state,  # type: ignore[arg-type]  # only this module writes it
        started_at=attempt.started_at,
        deadline=attempt.deadline,
        # EXAM-4: from the server's clock, so a resumed client shows the true time left.
        remaining_s=rules.remaining_seconds(context.now(), attempt.deadline) if is_open else 0.0,
        questions=questions,
        answers=saved_answers(db, attempt.id),
        result=None if is_open else result_view(db, attempt),
        identity_required=identity_required,
    )


# ---------------------------------------------------------------- calls


def start(
    db: Session, context: ServerContext, trainee: Trainee, auth: AuthSession, enrollment_id: int
) -> schemas.AttemptOut:
    """EXAM-1: a new attempt with a fresh paper, or 409 `exam_not_open` with the reason;
    only on evidence of who sits down to it (services.exam_identity), else 403
    `exam_identity_required`."""
    own_enrollment(db, trainee, enrollment_id)
    # Lock the enrollment the same way as an attempt, through the eligibility check and
    # the paper's draw to the commit: two parallel starts must not both see "no open
    # attempt" and make two.
    lock_row_for_write(db, Enrollment, enrollment_id)
    db.expire_all()
    enrollment = own_enrollment(db, trainee, enrollment_id)
    for stale in [a for a in enrollment.attempts if a.state == "open"]:
        locked = lock_attempt(db, stale.id)
        if locked is not None:
            expire_if_overdue(db, context, locked)
    db.flush()
    db.refresh(enrollment, ["attempts"])
    exam = enrollment_view(db, context, enrollment).exam
    if exam.open_attempt_id is not None:
        raise ApiError(
            "exam_not_open",
            "您有一场未结束的考试，请继续作答。",
            reason="attempt_open",
            attempt_id=exam.open_attempt_id,
        )
    if exam.reason is not None:
        raise ApiError("exam_not_open", CLOSED_MESSAGES.get(exam.reason), reason=exam.reason)
    identity = exam_identity.identity_for_start(db, context, trainee, auth)
    now = context.now()
    attempt = ExamAttempt(
        id=str(uuid.uuid4()),
        enrollment_id=enrollment.id,
        number=len(enrollment.attempts) + 1,
        state="open",
        started_at=now,
        deadline=rules.exam_deadline(now, context.settings.exam_minutes),
        face_check_id=identity.face_check_id,
        supervision_id=identity.supervision_id,
        auth_session_id=auth.id,
    )
    db.add(attempt)
    try:
        db.flush()
    except IntegrityError:
        # The same check starting another enrollment's attempt at this very moment: the
        # unique index lets one through.
        db.rollback()
        raise exam_identity.refusal("no_exam_check") from None
    papers.draw_paper(db, attempt.id, enrollment.trade_code)
    db.commit()
    view = attempt_view(db, context, attempt)
    db.commit()  # the connection back to the pool before the answer waits for a thread
    return view


def read(
    db: Session, context: ServerContext, login: tuple[AuthSession, Trainee], attempt_id: str
) -> schemas.AttemptOut:
    """EXAM-4: the same paper, the saved answers and the time left, for resuming; and
    whether this login must show who it is before it answers (a restart that kept its
    login needs nothing; another login an exam check for the attempt, EXAM-1)."""
    auth, trainee = login
    attempt = _own_attempt(db, trainee, attempt_id)
    if attempt.state == "open" and context.now() >= attempt.deadline:
        attempt = _locked_own_attempt(db, context, trainee, attempt_id)
        db.commit()
    reason = None
    if attempt.state == "open":
        reason = exam_identity.answering_refusal(db, context, attempt, auth)
    return attempt_view(db, context, attempt, reason)


def save_answer(
    db: Session,
    context: ServerContext,
    login: tuple[AuthSession, Trainee],
    attempt_id: str,
    question_id: str,
    answer: list[str],
) -> None:
    """EXAM-4: one answer saved as it is given; the latest answer to a question counts;
    only from the attempt's login (services.exam_identity.answering_login)."""
    auth, trainee = login
    attempt = _own_attempt(db, trainee, attempt_id)
    if attempt.state != "open":
        raise _closed(attempt)
    item = next((q for q in papers.paper_of(db, attempt_id) if q.question_id == question_id), None)
    if item is None:
        raise ApiError("invalid_answer", "这道题不在本次试卷中。", reason="unknown_question")
    checked = papers.checked_answer(item.question, answer)
    attempt = _locked_own_attempt(db, context, trainee, attempt_id)
    if attempt.state != "open":
        raise _closed(attempt)  # ended (or expired) while this request waited
    exam_identity.answering_login(db, context, attempt, auth)
    row = db.get(AttemptAnswer, (attempt_id, question_id))
    if row is None:
        row = AttemptAnswer(attempt_id=attempt_id, question_id=question_id)
        db.add(row)
    row.answer = checked
    row.saved_at = context.now()
    db.commit()


def submit(
    db: Session, context: ServerContext, login: tuple[AuthSession, Trainee], attempt_id: str
) -> schemas.ExamResultOut:
    """EXAM-6: the server grades the saved answers, once; only from the attempt's login."""
    auth, trainee = login
    attempt = _locked_own_attempt(db, context, trainee, attempt_id)
    if attempt.state == "open":
        exam_identity.answering_login(db, context, attempt, auth)
        attempt.state = "submitted"
        attempt.score = papers.grade(papers.paper_of(db, attempt.id), saved_answers(db, attempt_id))
        attempt.ended_at = context.now()
        db.commit()
    elif attempt.state == "abandoned":
        raise _closed(attempt)
    return result_view(db, attempt)


def abandon(
    db: Session, context: ServerContext, trainee: Trainee, attempt_id: str
) -> schemas.ExamResultOut:
    """EXAM-3: leaving ends the attempt with 0 and uses it up."""
    attempt = _locked_own_attempt(db, context, trainee, attempt_id)
    if attempt.state == "open":
        attempt.state = "abandoned"
        attempt.score = 0
        attempt.ended_at = context.now()
        db.commit()
    elif attempt.state != "abandoned":
        raise _closed(attempt)
    return result_view(db, attempt)


def record_incident(
    db: Session,
    context: ServerContext,
    trainee: Trainee,
    attempt_id: str,
    body: schemas.IncidentRequest,
) -> None:
    """EXAM-7: kept on the attempt, idempotent on incident_id. Accepted after the attempt
    ended too: a client offline at the time sends its journal later (SYNC-1)."""
    _own_attempt(db, trainee, attempt_id)
    for _ in range(2):  # a parallel copy of the same incident may win the insert
        # The id is the attempt's own (API.md: ids are per trainee): another trainee's
        # incident with the same id is another row.
        if db.get(AttemptIncident, (body.incident_id, attempt_id)) is not None:
            return
        db.add(
            AttemptIncident(
                id=body.incident_id,
                attempt_id=attempt_id,
                kind=body.kind,
                at=body.at,
                detail=body.detail,
                received_at=context.now(),
            )
        )
        try:
            db.commit()
            return
        except IntegrityError:
            db.rollback()
    raise ApiError("incident_id_taken")


def overdue_attempt_ids(db: Session, now: dt.datetime) -> list[str]:
    return list(
        db.scalars(
            select(ExamAttempt.id).where(ExamAttempt.state == "open", ExamAttempt.deadline <= now)
        )
    )
