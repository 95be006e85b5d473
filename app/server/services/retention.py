"""Keeping face data no longer than needed (FACE-8, FACE-7), once a day: the enrolled
photo and its template(s) go a set time (CEDU_FACE_DATA_RETENTION_DAYS, a year by
default) after the trainee's last enrollment is passed or closed; evidence crops of
failed checks and the fingerprints of passed checks' crops (face_replays) after 30 days;
face challenges once expired (a trainee who stops asking
would otherwise keep their last ones for ever). Progress, exam and supervision records
are kept. Every deletion of face data is noted (FaceDataDeletion) for the console."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from app.core import rules
from app.server.context import CHINA_TZ, ServerContext
from app.server.models import (
    Enrollment,
    ExamAttempt,
    FaceChallenge,
    FaceCheck,
    FaceDataDeletion,
    FaceEvidence,
    Trainee,
)
from app.server.services import face_replays
from app.server.services.face_challenges import ANSWER_WITHIN
from app.server.services.face_data import delete_face_data, forget_freed_pages

log = logging.getLogger(__name__)
EVIDENCE_DAYS = 30  # FACE-7


@dataclass(frozen=True)
class RetentionReport:
    trainees: int  # whose photo and templates were deleted
    crops: int  # evidence crops deleted

    @property
    def total(self) -> int:
        return self.trainees + self.crops


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(CHINA_TZ).date()


def finished_on(
    enrollments: list[tuple[dt.datetime | None, dt.date | None, dt.datetime | None]],
    today: dt.date,
) -> dt.date | None:
    """The day the last of a trainee's enrollments was passed or closed, or None while
    one is still under way (unpaid, or its study period open). Each enrollment is
    (paid_at, study_closes_on, passed_at)."""
    days: list[dt.date] = []
    for paid_at, closes_on, passed_at in enrollments:
        if passed_at is not None:
            days.append(_day(passed_at))
        elif paid_at is not None and closes_on is not None and today > closes_on:
            days.append(closes_on)
        else:
            return None
    return max(days, default=None)


def _due_trainees(db: Session, today: dt.date, keep_days: int) -> list[int]:
    """Trainees holding a photo or template whose last enrollment ended keep_days ago."""
    holders = db.execute(
        select(Trainee.id, Trainee.photo_set_at).where(
            or_(
                Trainee.photo.is_not(None),
                Trainee.photo_embedding.is_not(None),
                Trainee.live_embedding.is_not(None),
            )
        )
    ).all()
    if not holders:
        return []
    first_pass = (
        select(func.min(ExamAttempt.ended_at))
        .where(
            ExamAttempt.enrollment_id == Enrollment.id,
            ExamAttempt.score >= rules.PASS_SCORE,
        )
        .scalar_subquery()
    )
    rows = db.execute(
        select(
            Enrollment.trainee_id, Enrollment.paid_at, Enrollment.study_closes_on, first_pass
        ).where(Enrollment.trainee_id.in_([trainee_id for trainee_id, _ in holders]))
    ).all()
    by_trainee: dict[int, list[tuple[dt.datetime | None, dt.date | None, dt.datetime | None]]]
    by_trainee = defaultdict(list)
    for trainee_id, paid_at, closes_on, passed_at in rows:
        by_trainee[trainee_id].append((paid_at, closes_on, passed_at))
    due: list[int] = []
    cutoff = today - dt.timedelta(days=keep_days)
    for trainee_id, photo_set_at in holders:
        enrollments = by_trainee.get(trainee_id)
        if enrollments:
            ended = finished_on(enrollments, today)
        else:  # no enrollment at all: counted from when the photo was set
            ended = _day(photo_set_at) if photo_set_at is not None else None
        if ended is not None and ended <= cutoff:
            due.append(trainee_id)
    return due


def purge_old_evidence(db: Session, now: dt.datetime) -> int:
    """FACE-7: evidence crops older than 30 days, noted per trainee; returns how many."""
    old = FaceEvidence.created_at < now - dt.timedelta(days=EVIDENCE_DAYS)
    counts = db.execute(
        select(FaceCheck.trainee_id, func.count())
        .select_from(FaceEvidence)
        .join(FaceCheck, FaceCheck.id == FaceEvidence.check_id)
        .where(old)
        .group_by(FaceCheck.trainee_id)
    ).all()
    if not counts:
        return 0
    db.execute(delete(FaceEvidence).where(old))
    db.add_all(
        FaceDataDeletion(at=now, trainee_id=trainee_id, cause="evidence_expired", crops=int(count))
        for trainee_id, count in counts
    )
    return sum(int(count) for _, count in counts)


def purge_expired_challenges(db: Session, now: dt.datetime) -> int:
    """Challenges past the time a check on them may arrive, used or not: they serve no
    check any more (the check keeps its challenge_id); returns how many."""
    too_old = FaceChallenge.created_at <= now - ANSWER_WITHIN
    gone = db.execute(delete(FaceChallenge).where(too_old))
    return int(gone.rowcount or 0)  # type: ignore[attr-defined]


def run(context: ServerContext) -> RetentionReport:
    """One pass of the daily job; one transaction per trainee, so one failure spoils
    nothing else."""
    now = context.now()
    with context.sessions() as db:
        due = _due_trainees(db, context.today(), context.settings.face_data_retention_days)
    for trainee_id in due:
        with context.sessions() as db:
            delete_face_data(db, now, trainee_id, "retention")
            db.commit()
    with context.sessions() as db:
        crops = purge_old_evidence(db, now)
        challenges = purge_expired_challenges(db, now)
        fingerprints = face_replays.purge_old(db, now)
        db.commit()
        if due or crops or fingerprints:
            forget_freed_pages(db)
    if due or crops or challenges:
        log.info(
            "retention: face data of %d trainee(s), %d evidence crop(s), %d challenge(s) deleted",
            len(due),
            crops,
            challenges,
        )
    return RetentionReport(trainees=len(due), crops=crops)
