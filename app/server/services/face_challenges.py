"""Face challenges (FACE-3, API.md): the server picks the liveness gesture, so a script
cannot prepare its crops for one it knows in advance. A challenge serves one check of
its own trainee and only until it expires."""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import uuid

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from app.server import schemas
from app.server.context import ServerContext
from app.server.errors import ApiError
from app.server.models import AuthSession, FaceChallenge, FaceCheck, ProgressEvent, Trainee

CHALLENGE_TTL = dt.timedelta(seconds=90)  # API.md
# A check started before its challenge expired may arrive this long after the challenge
# was made: on a slow rural link a check's 3-12 crops can take minutes to upload, and the
# person answered in time. Its start is bounded by the server's clock (faces.times_refusal).
ANSWER_WITHIN = dt.timedelta(minutes=10)
# Unused, unexpired challenges kept per trainee: a client needs one at a time; a script
# asking in a loop only replaces its own oldest.
MAX_OPEN_CHALLENGES = 5
# crop_times are seconds from the client's own clock: rounding may put the last one a
# hair after ended_at.
CROP_TIME_SLACK_S = 0.01


def make_challenge(
    db: Session, context: ServerContext, trainee: Trainee
) -> schemas.FaceChallengeOut:
    now = context.now()
    db.execute(
        delete(FaceChallenge).where(
            FaceChallenge.trainee_id == trainee.id, FaceChallenge.created_at <= now - ANSWER_WITHIN
        )
    )
    open_ids = db.scalars(
        select(FaceChallenge.id)
        .where(FaceChallenge.trainee_id == trainee.id, FaceChallenge.used_at.is_(None))
        .order_by(FaceChallenge.created_at.desc())
        .offset(MAX_OPEN_CHALLENGES - 1)
    ).all()
    if open_ids:
        db.execute(delete(FaceChallenge).where(FaceChallenge.id.in_(open_ids)))
    challenge = FaceChallenge(
        id=uuid.uuid4().hex,
        trainee_id=trainee.id,
        gesture=secrets.choice(context.settings.gestures),
        created_at=now,
        expires_at=now + CHALLENGE_TTL,
    )
    db.add(challenge)
    db.commit()
    return schemas.FaceChallengeOut(
        challenge_id=challenge.id,
        gesture=challenge.gesture,  # type: ignore[arg-type]
        expires_at=challenge.expires_at,
    )


def take_challenge(
    db: Session, trainee: Trainee, challenge_id: str, started_at: dt.datetime, now: dt.datetime
) -> str | None:
    """The gesture of this trainee's unused challenge, now used up, when the check began
    before it expired (`started_at`, already bounded by the server's clock) and arrives
    within ANSWER_WITHIN of it; None for any other: unknown, used, another's, expired.
    Committed at once: the face work that follows takes seconds, and on SQLite a write
    left open through it held the one write lock, stalling every other trainee's writes
    (parallel checks on the challenge still find it used: the conditional update is one
    statement)."""
    taken = db.execute(
        update(FaceChallenge)
        .where(
            FaceChallenge.id == challenge_id,
            FaceChallenge.trainee_id == trainee.id,
            FaceChallenge.used_at.is_(None),
            FaceChallenge.expires_at > started_at,
            FaceChallenge.created_at > now - ANSWER_WITHIN,
        )
        .values(used_at=now)
    )
    gesture = (
        db.scalar(select(FaceChallenge.gesture).where(FaceChallenge.id == challenge_id))
        if taken.rowcount == 1  # type: ignore[attr-defined]
        else None
    )
    db.commit()
    return gesture


def check_crop_times(meta: schemas.FaceCheckMeta, crops: int) -> None:
    """API.md: one time per crop, in order, within the check's own span; else 422."""
    times = meta.crop_times
    if times is None:
        return
    span = (meta.ended_at - meta.started_at).total_seconds() + CROP_TIME_SLACK_S
    if len(times) != crops:
        message = "每张人脸图片都要有拍摄时间。"
    elif any(later < earlier for earlier, later in itertools.pairwise(times)):
        message = "人脸图片的拍摄时间顺序不对。"
    elif times and times[-1] > span:
        message = "人脸图片的拍摄时间不在检测时间内。"
    else:
        return
    raise ApiError("invalid_request", message, fields=["crop_times"])


def challenge_required(
    db: Session,
    trainee: Trainee,
    auth: AuthSession,
    meta: schemas.FaceCheckMeta,
    started_at: dt.datetime,
    ended_at: dt.datetime,
) -> bool:
    """FACE-3: a check picks its own gesture only offline. "Offline" is the client's word,
    so a check without a challenge is refused when the server has evidence that its
    login reached it while the check ran: that login's progress arriving, the login made,
    the photo stored, another check or a challenge of the trainee received. The exam's
    start always needs the server, so its check (purpose exam, no attempt yet) always
    needs a challenge; the checks during an attempt may be made offline as any other."""
    if meta.purpose == "exam" and meta.attempt_id is None:
        return True
    if started_at <= auth.created_at <= ended_at:
        return True
    if trainee.photo_set_at is not None and started_at <= trainee.photo_set_at <= ended_at:
        return True
    progress = exists().where(
        ProgressEvent.trainee_id == trainee.id,
        ProgressEvent.session_id == auth.id,
        ProgressEvent.received_at.between(started_at, ended_at),
    )
    checks = exists().where(
        FaceCheck.trainee_id == trainee.id, FaceCheck.received_at.between(started_at, ended_at)
    )
    challenges = exists().where(
        FaceChallenge.trainee_id == trainee.id,
        FaceChallenge.created_at.between(started_at, ended_at),
    )
    return bool(db.scalar(select(progress | checks | challenges)))
