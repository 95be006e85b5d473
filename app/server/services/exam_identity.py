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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


def refusal(reason: str) -> ApiError:
    return ApiError("exam_identity_required", reason=reason)


def identity_for_start(
    db: Session, context: ServerContext, trainee: Trainee, auth: AuthSession
) -> ExamIdentity:
    """The evidence an attempt starts on, or 403 `exam_identity_required` with why:
    `no_exam_check` (none of this login, or only failed, used or started-in-an-attempt
    ones) or `exam_check_too_old` (the newest usable one is past its minutes)."""
    now = context.now()
    supervision = supervisions.of_login(db, auth.id)
    if supervision is not None and now < supervisions.until(supervision):
        return ExamIdentity(supervision_id=supervision.id)
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
    max_age = dt.timedelta(seconds=context.settings.exam_check_max_age_s)
    # Received lately is not enough: a check made offline an hour ago in this login and
    # sent just now saw the person an hour ago. Its own end (the client's clock, already
    # held to the server's within 2 minutes, services.faces) must be as recent.
    if now - newest.received_at > max_age or now - newest.ended_at > max_age + TIME_SLACK:
        raise refusal("exam_check_too_old")
    return ExamIdentity(face_check_id=newest.id)
