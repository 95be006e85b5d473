"""The enrolled photo (FACE-1, FACE-2) and the server's own judgement of face checks
(FACE-3, FACE-7). The face engine is app.proctor, run on face_work's bounded pool (a
trainee's job never waits behind another trainee's queue of them)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.proctor.arrays import Array
from app.proctor.identity import decide, distance, embedding_from_image
from app.proctor.imagefile import decode_image, header_size
from app.proctor.photo import check_photo_image
from app.server import schemas
from app.server.context import ServerContext
from app.server.errors import ApiError
from app.server.models import FaceCheck, FaceEvidence, Trainee
from app.server.services.face_challenges import check_crop_times, take_challenge
from app.server.services.face_data import require_consent
from app.server.services.face_images import decode_photo, one_picture, pad_for_detection
from app.server.services.face_work import FaceLimits
from app.server.services.photo_attempts import check_photo_allowed, note_rejected_photo

MAX_PHOTO_BYTES = 5 * 1024 * 1024  # FACE-1
MAX_CROP_BYTES = 200 * 1024  # API.md
MAX_CROPS = 12  # API.md: 3 to 12 crops across the liveness gesture
MAX_CROP_PIXELS = 1_000_000  # API.md: at most one megapixel each
TIME_SLACK = dt.timedelta(minutes=2)  # API.md: client clocks drift
# Closer than this to the enrolled photo is the photo itself: the enrolled photo
# re-encoded measured 0.05, noisy copies up to 0.1; the same man live on camera 0.43-0.6,
# other photos of one person rarely under 0.25 (app.proctor.identity's measurements).
COPY_OF_PHOTO_DISTANCE = 0.15


def set_photo(db: Session, context: ServerContext, trainee: Trainee, data: bytes) -> None:
    require_consent(db, trainee)  # FACE-8
    if trainee.photo is not None:
        raise ApiError("photo_locked")  # FACE-2
    if len(data) > MAX_PHOTO_BYTES:
        raise ApiError("photo_too_large")
    check_photo_allowed(db, context.now(), trainee.id)
    decoded = decode_photo(data)
    if decoded.image is None:
        note_rejected_photo(db, context.now(), trainee.id)
        if decoded.reason == "photo_too_large":
            raise ApiError("photo_too_large")
        raise ApiError("photo_rejected", reason=decoded.reason or "not_an_image")
    with context.face_limits.engines(trainee.id) as engines:
        verdict = check_photo_image(decoded.image, engine=engines.detector)
        embedding = (
            embedding_from_image(decoded.image, engine=engines.detector, embedder=engines.embedder)
            if verdict.ok
            else None
        )
    if not verdict.ok:
        note_rejected_photo(db, context.now(), trainee.id)
        raise ApiError("photo_rejected", verdict.message, reason=verdict.reason)
    if embedding is None or embedding.embedding is None:
        note_rejected_photo(db, context.now(), trainee.id)
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


def crop_images(crops: list[bytes]) -> list[Array | None]:
    """Each crop decoded, or None when it is not an image. A crop over the limits is
    refused (422 crop_too_large) from its header, before any pixel is read."""
    for crop in crops:
        header = header_size(crop)
        if len(crop) > MAX_CROP_BYTES or (header and header[1] * header[2] > MAX_CROP_PIXELS):
            raise ApiError("crop_too_large")
    images: list[Array | None] = []
    for crop in crops:
        decoded = decode_image(crop, max_pixels=MAX_CROP_PIXELS)
        images.append(decoded.image)
    return images


def judge(
    limits: FaceLimits, trainee: Trainee, crops: list[Array | None], live: bool, threshold: float
) -> Judgement:
    """The server decides from the crops against the enrolled photo (FACE-3)."""
    if trainee.photo_embedding is None:
        return Judgement(False, None, "no_photo")
    enrolled = np.frombuffer(trainee.photo_embedding, dtype=np.float32)
    distances: list[float] = []
    reasons: list[str] = []
    with limits.engines(trainee.id) as engines:
        for crop in crops:
            if crop is None:
                reasons.append("no_face")
                continue
            result = embedding_from_image(crop, engine=engines.detector, embedder=engines.embedder)
            if result.reason == "no_face":  # a tight crop of the face alone: give it a frame
                padded = pad_for_detection(crop)
                result = embedding_from_image(
                    padded, engine=engines.detector, embedder=engines.embedder
                )
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
    # Not live, whatever the client says: one picture sent several times, or copies of the
    # enrolled photo itself (no live camera sees the photo's own face so closely).
    pictures = [crop for crop in crops if crop is not None]
    if one_picture(pictures) or min(distances) < COPY_OF_PHOTO_DISTANCE or not live:
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


# FACE-3: a check is over within 30 seconds (the slack for a slow camera). A check
# "lasting" hours would cover every stretch since its claimed start (PROG-5).
MAX_CHECK_DURATION = dt.timedelta(seconds=30) + TIME_SLACK


def times_refusal(
    meta: schemas.FaceCheckMeta, session_started: dt.datetime, now: dt.datetime
) -> str | None:
    """API.md: a check's times are bounded by the server's clock: it began no earlier than
    the session that sends it and ended no later than its arrival (2 minutes each way),
    and it lasted no longer than a check can."""
    if meta.started_at < session_started - TIME_SLACK or meta.ended_at > now + TIME_SLACK:
        return "bad_time"
    if meta.ended_at - meta.started_at > MAX_CHECK_DURATION:
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
        raise ApiError("invalid_request", "请提交3到12张人脸图片。")
    images = crop_images(crops)
    if meta.ended_at < meta.started_at:
        raise ApiError("invalid_request", "检测的结束时间早于开始时间。")
    check_crop_times(meta, len(crops))
    # FACE-8: no face is looked for without consent (the checks above read only sizes).
    require_consent(db, trainee)
    now = context.now()
    started_at, ended_at = meta.started_at, meta.ended_at
    if (bad := times_refusal(meta, session_started, now)) is not None:
        verdict = Judgement(False, None, bad)
        # Kept as a failed check at its arrival, not at the times it claimed.
        started_at = ended_at = now
    elif meta.challenge_id and take_challenge(db, trainee, meta.challenge_id, now) is None:
        verdict = Judgement(False, None, "challenge_expired")
    else:
        threshold = context.settings.face_match_threshold
        verdict = judge(context.face_limits, trainee, images, meta.liveness.passed, threshold)
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
        challenge_id=meta.challenge_id,
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
