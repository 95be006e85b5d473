"""The enrolled photo (FACE-1, FACE-2) and the server's own judgement of face checks
(FACE-3, FACE-7). The face engine is app.proctor; it is not thread-safe, so calls into it
are serialised here."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.proctor.identity import decide, distance, embedding_from_image_bytes
from app.proctor.photo import check_photo
from app.server import schemas
from app.server.context import ServerContext
from app.server.errors import ApiError
from app.server.models import FaceCheck, FaceEvidence, Trainee

MAX_PHOTO_BYTES = 5 * 1024 * 1024  # FACE-1
MAX_CROP_BYTES = 200 * 1024  # API.md
MAX_CROPS = 5
TIME_SLACK = dt.timedelta(minutes=2)  # API.md: client clocks drift
_engine_lock = threading.Lock()


def set_photo(db: Session, context: ServerContext, trainee: Trainee, data: bytes) -> None:
    if trainee.photo is not None:
        raise ApiError("photo_locked")  # FACE-2
    if len(data) > MAX_PHOTO_BYTES:
        raise ApiError("photo_too_large")
    with _engine_lock:
        verdict = check_photo(data)
        embedding = embedding_from_image_bytes(data) if verdict.ok else None
    if not verdict.ok:
        raise ApiError("photo_rejected", verdict.message, reason=verdict.reason)
    if embedding is None or embedding.embedding is None:
        reason = embedding.reason if embedding else "no_face"
        raise ApiError("photo_rejected", reason=reason)
    vector = np.asarray(embedding.embedding, dtype=np.float32).tobytes()
    # Conditional: of two uploads at once, only the first locks the photo.
    stored = db.execute(
        update(Trainee)
        .where(Trainee.id == trainee.id, Trainee.photo.is_(None))
        .values(photo=data, photo_embedding=vector, photo_set_at=context.now())
    )
    if stored.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        raise ApiError("photo_locked")
    db.commit()


@dataclass(frozen=True)
class Judgement:
    passed: bool
    distance: float | None
    reason: str | None


def judge(trainee: Trainee, crops: list[bytes], live: bool, threshold: float) -> Judgement:
    """The server decides from the crops against the enrolled photo (FACE-3)."""
    if trainee.photo_embedding is None:
        return Judgement(False, None, "no_photo")
    enrolled = np.frombuffer(trainee.photo_embedding, dtype=np.float32)
    distances: list[float] = []
    reasons: list[str] = []
    with _engine_lock:
        for crop in crops:
            result = embedding_from_image_bytes(crop)
            if result.embedding is None:
                reasons.append(result.reason or "no_face")
            else:
                distances.append(distance(enrolled, result.embedding))
    if "many_faces" in reasons:
        return Judgement(False, None, "many_faces")
    if not distances:
        return Judgement(False, None, "no_face")
    match, median = decide(distances, threshold)
    if not match:
        return Judgement(False, round(median, 4), "mismatch")
    if not live:
        return Judgement(False, round(median, 4), "not_live")
    return Judgement(True, round(median, 4), None)


def result_of(check: FaceCheck) -> schemas.FaceCheckResult:
    return schemas.FaceCheckResult(
        check_id=check.check_id, passed=check.passed, distance=check.distance, reason=check.reason
    )


def _stored(db: Session, trainee: Trainee, check_id: str) -> FaceCheck | None:
    return db.scalar(
        select(FaceCheck).where(FaceCheck.trainee_id == trainee.id, FaceCheck.check_id == check_id)
    )


def times_refusal(
    meta: schemas.FaceCheckMeta, session_started: dt.datetime, now: dt.datetime
) -> str | None:
    """API.md: a check's times are bounded by the server's clock: it began no earlier than
    the session that sends it and ended no later than its arrival (2 minutes each way)."""
    if meta.started_at < session_started - TIME_SLACK or meta.ended_at > now + TIME_SLACK:
        return "bad_time"
    return None


def record_check(
    db: Session,
    context: ServerContext,
    trainee: Trainee,
    session_started: dt.datetime,
    meta: schemas.FaceCheckMeta,
    crops: list[bytes],
) -> schemas.FaceCheckResult:
    existing = _stored(db, trainee, meta.check_id)
    if existing is not None:  # idempotent on check_id (a retried upload)
        return result_of(existing)
    if not 1 <= len(crops) <= MAX_CROPS:
        raise ApiError("invalid_request", "请提交1到5张人脸图片。")
    if any(len(crop) > MAX_CROP_BYTES for crop in crops):
        raise ApiError("request_too_large", "单张人脸图片不能超过200KB。", status=413)
    if meta.ended_at < meta.started_at:
        raise ApiError("invalid_request", "检测的结束时间早于开始时间。")
    now = context.now()
    started_at, ended_at = meta.started_at, meta.ended_at
    if (bad := times_refusal(meta, session_started, now)) is not None:
        verdict = Judgement(False, None, bad)
        # Kept as a failed check at its arrival, not at the times it claimed.
        started_at = ended_at = now
    else:
        verdict = judge(trainee, crops, meta.liveness.passed, context.settings.face_match_threshold)
    check = FaceCheck(
        id=uuid.uuid4().hex,
        check_id=meta.check_id,
        trainee_id=trainee.id,
        purpose=meta.purpose,
        lesson_id=meta.lesson_id,
        attempt_id=meta.attempt_id,
        started_at=started_at,
        ended_at=ended_at,
        received_at=now,
        passed=verdict.passed,
        distance=verdict.distance,
        reason=verdict.reason,
        liveness_method=meta.liveness.method,
        liveness_passed=meta.liveness.passed,
        client_match=meta.client_decision.match if meta.client_decision else None,
        client_distance=meta.client_decision.distance if meta.client_decision else None,
    )
    db.add(check)
    if not verdict.passed:
        # FACE-7: evidence is kept only for failed checks, and only for 30 days.
        db.add_all(FaceEvidence(check_id=check.id, image=crop, created_at=now) for crop in crops)
    try:
        db.commit()
    except IntegrityError:  # the same check_id arrived twice at once
        db.rollback()
        again = _stored(db, trainee, meta.check_id)
        if again is None:
            raise
        return result_of(again)
    return result_of(check)
