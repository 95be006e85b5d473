"""Face data by consent (FACE-8): the trainee's decisions, and deleting what was kept of
their face (the enrolled photo, its template, evidence crops) when they withdraw it or
when the retention job finds it past its time."""

from __future__ import annotations

import datetime as dt
import logging
import re

from sqlalchemy import delete, desc, func, select
from sqlalchemy.orm import Session

from app.server import schemas
from app.server.errors import ApiError
from app.server.models import Consent, FaceCheck, FaceDataDeletion, FaceEvidence, Trainee
from app.server.services import face_replays

log = logging.getLogger(__name__)
# The consent text's version, as the client names the text it showed (e.g. "2026-12-06").
TEXT_VERSION = re.compile(r"[0-9A-Za-z._-]{1,32}")


def latest_consent(db: Session, trainee_id: int) -> Consent | None:
    return db.scalar(
        select(Consent)
        .where(Consent.trainee_id == trainee_id)
        .order_by(desc(Consent.decided_at), desc(Consent.id))
        .limit(1)
    )


def consent_view(consent: Consent | None) -> schemas.ConsentOut:
    if consent is None:
        return schemas.ConsentOut(state="none", text_version=None, decided_at=None)
    return schemas.ConsentOut(
        state=consent.decision,  # type: ignore[arg-type]
        text_version=consent.text_version,
        decided_at=consent.decided_at,
    )


def has_consent(db: Session, trainee_id: int) -> bool:
    consent = latest_consent(db, trainee_id)
    return consent is not None and consent.decision == "granted"


def require_consent(db: Session, trainee: Trainee) -> None:
    """FACE-8: no photo and no face check without the trainee's consent."""
    if not has_consent(db, trainee.id):
        raise ApiError("consent_required")


def decide(
    db: Session,
    now: dt.datetime,
    trainee: Trainee,
    body: schemas.ConsentRequest,
    session_id: str | None,
) -> Consent:
    """Records the decision. Saying no after a yes is a withdrawal: the face data goes."""
    if not TEXT_VERSION.fullmatch(body.text_version):
        raise ApiError("invalid_request", "同意书版本号不正确。")
    previous = latest_consent(db, trainee.id)
    if body.agree:
        decision = "granted"
    else:
        decision = "withdrawn" if previous and previous.decision == "granted" else "declined"
    consent = Consent(
        trainee_id=trainee.id,
        decision=decision,
        text_version=body.text_version,
        decided_at=now,
        session_id=session_id,
    )
    db.add(consent)
    if not body.agree:
        # A declined trainee may still hold a photo set before consent was asked.
        delete_face_data(db, now, trainee.id, "withdrawn", record_empty=decision == "withdrawn")
    db.commit()
    if not body.agree:
        forget_freed_pages(db)
    return consent


def delete_face_data(
    db: Session, now: dt.datetime, trainee_id: int, cause: str, *, record_empty: bool = False
) -> FaceDataDeletion | None:
    """Deletes the trainee's enrolled photo, its template(s), evidence crops and the
    crops' fingerprints (face_replays) in the caller's transaction, and notes what went.
    Face-check verdicts (no images) stay."""
    trainee = db.get_one(Trainee, trainee_id)
    photos = int(trainee.photo is not None)
    templates = int(trainee.photo_embedding is not None) + int(trainee.live_embedding is not None)
    crops = _evidence_of(db, trainee_id)
    fingerprints = face_replays.delete_of(db, trainee_id)
    if not (photos or templates or crops or fingerprints or record_empty):
        return None
    trainee.photo = None
    trainee.photo_embedding = None
    trainee.live_embedding = None  # the live reference beside the photo (FACE-3)
    trainee.photo_set_at = None
    if crops:
        db.execute(
            delete(FaceEvidence).where(
                FaceEvidence.check_id.in_(
                    select(FaceCheck.id).where(FaceCheck.trainee_id == trainee_id)
                )
            )
        )
    record = FaceDataDeletion(
        at=now, trainee_id=trainee_id, cause=cause, photos=photos, templates=templates, crops=crops
    )
    db.add(record)
    return record


def _evidence_of(db: Session, trainee_id: int) -> int:
    return int(
        db.scalar(
            select(func.count())
            .select_from(FaceEvidence)
            .join(FaceCheck, FaceCheck.id == FaceEvidence.check_id)
            .where(FaceCheck.trainee_id == trainee_id)
        )
        or 0
    )


def forget_freed_pages(db: Session) -> None:
    """SQLite: deleted rows are zeroed in place (secure_delete, db.py), but the WAL still
    holds the pages as they were until a checkpoint; a truncating checkpoint drops them.
    Best effort: a busy database is checkpointed later by SQLite itself."""
    if db.get_bind().dialect.name != "sqlite":
        return
    try:
        db.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.commit()
    except Exception as exc:  # never fail a withdrawal on housekeeping
        log.warning("WAL checkpoint after a face data deletion failed: %s", exc)
        db.rollback()


def deletions_view(record: FaceDataDeletion, id_number: str | None) -> schemas.DeletionOut:
    return schemas.DeletionOut(
        at=record.at,
        id_number=id_number,
        cause=record.cause,  # type: ignore[arg-type]
        photos=record.photos,
        templates=record.templates,
        crops=record.crops,
    )
