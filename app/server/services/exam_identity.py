"""Who sits down to an exam (EXAM-1 with FACE-3 and FACE-8): an attempt starts only on
evidence the server holds, never on the client's word.

Either the login is a clerk's supervision still running (the clerk checked the ID card in
person), or the trainee passed a face check of purpose `exam` that

- the server judged itself and received from this very login, on its own clock, at most
  `exam_check_max_age_s` ago, and that ended as recently (a check made at home last
  week, under an earlier login, or offline an hour ago and sent now, starts nothing);
- was made for the start (no attempt named: the checks made during an attempt belong to
  it);
- has not started an attempt yet (one check, one attempt; the attempts table's unique
  index on `face_check_id` holds it against parallel starts too).

The attempt then records the login that started it, and only that login answers and
submits it (`answering_login`). Another login of the trainee (a crash, a re-login on
this PC or another) takes it over on the same kind of evidence: its own running
supervision, or a passed exam check for THAT attempt received in it, minutes old. A
password alone, at home, while the kiosk's clerk checked the ID card, answers nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.server.context import ServerContext
from app.server.errors import ApiError
from app.server.models import AuthSession, ExamAttempt, FaceCheck, Trainee
from app.server.services import supervision as supervisions
from app.server.services.faces import TIME_SLACK


@dataclass(frozen=True)
class ExamIdentity:
    """What the attempt will record: exactly one of the two."""

    face_check_id: str | None = None
    supervision_id: str | None = None


def refusal(reason: str, message: str | None = None) -> ApiError:
    return ApiError("exam_identity_required", message, reason=reason)


OTHER_LOGIN_MESSAGE = (
    "这场考试是在另一次登录中开始的。继续作答前需要本人通过人脸识别"
    "（或在培训点由工作人员核验身份证后监督考试）。请回到首页点击“继续考试”，按提示完成人脸识别。"
)


def _supervised(db: Session, now: dt.datetime, auth: AuthSession) -> str | None:
    """The id of this login's supervision while it still runs."""
    supervision = supervisions.of_login(db, auth.id)
    if supervision is not None and now < supervisions.until(supervision):
        return supervision.id
    return None


def _too_old(context: ServerContext, check: FaceCheck) -> bool:
    now = context.now()
    max_age = dt.timedelta(seconds=context.settings.exam_check_max_age_s)
    # Received lately is not enough: a check made offline an hour ago in this login and
    # sent just now saw the person an hour ago. Its own end (the client's clock, already
    # held to the server's within 2 minutes, services.faces) must be as recent.
    return now - check.received_at > max_age or now - check.ended_at > max_age + TIME_SLACK


AnsweringRefusal = Literal["attempt_other_login", "exam_check_too_old"]


def answering_refusal(
    db: Session, context: ServerContext, attempt: ExamAttempt, auth: AuthSession
) -> AnsweringRefusal | None:
    """Why `auth` may not answer the open `attempt` yet, or None when it may: the
    attempt's own login, a running supervision of this login, or a passed exam check for
    this attempt received in this login, minutes old. Else `attempt_other_login` (no such
    evidence) or `exam_check_too_old`. Attempts from before logins were recorded answer
    from any login of their trainee, as they did."""
    if attempt.auth_session_id is None or attempt.auth_session_id == auth.id:
        return None
    if _supervised(db, context.now(), auth) is not None:
        return None
    check = db.scalar(
        select(FaceCheck)
        .where(
            FaceCheck.trainee_id == auth.trainee_id,
            FaceCheck.purpose == "exam",
            FaceCheck.attempt_id == attempt.id,
            FaceCheck.passed.is_(True),
            FaceCheck.received_at >= auth.created_at,  # this login's (ACC-4)
        )
        .order_by(FaceCheck.received_at.desc())
        .limit(1)
    )
    if check is None:
        return "attempt_other_login"
    if _too_old(context, check):
        return "exam_check_too_old"
    return None


def answering_login(
    db: Session, context: ServerContext, attempt: ExamAttempt, auth: AuthSession
) -> None:
    """Let `auth` answer or submit the open, locked `attempt`, handing it over to this
    login on evidence (`answering_refusal`), or 403 `exam_identity_required` with why."""
    reason = answering_refusal(db, context, attempt, auth)
    if reason is not None:
        raise refusal(reason, OTHER_LOGIN_MESSAGE)
    attempt.auth_session_id = auth.id  # this login's now; the earlier one is over (ACC-4)


def identity_for_start(
    db: Session, context: ServerContext, trainee: Trainee, auth: AuthSession
) -> ExamIdentity:
    """The evidence an attempt starts on, or 403 `exam_identity_required` with why:
    `no_exam_check` (none of this login, or only failed, used or started-in-an-attempt
    ones) or `exam_check_too_old` (the newest usable one is past its minutes)."""
    supervision_id = _supervised(db, context.now(), auth)
    if supervision_id is not None:
        return ExamIdentity(supervision_id=supervision_id)
    used = select(ExamAttempt.face_check_id).where(ExamAttempt.face_check_id.is_not(None))
    newest = db.scalar(
        select(FaceCheck)
        .where(
            FaceCheck.trainee_id == trainee.id,
            FaceCheck.purpose == "exam",
            FaceCheck.attempt_id.is_(None),
            FaceCheck.passed.is_(True),
            # This login's: received after it began (ACC-4 ends the earlier ones).
            FaceCheck.received_at >= auth.created_at,
            FaceCheck.id.not_in(used),
        )
        .order_by(FaceCheck.received_at.desc())
        .limit(1)
    )
    if newest is None:
        raise refusal("no_exam_check")
    if _too_old(context, newest):
        raise refusal("exam_check_too_old")
    return ExamIdentity(face_check_id=newest.id)
