"""The enrolled photo (FACE-1, FACE-2) and the server's own judgement of face checks
(FACE-3, FACE-7). The face engine is app.proctor, run on face_work's bounded pool (a
trainee's job never waits behind another trainee's queue of them)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.proctor.arrays import Array
from app.proctor.identity import EmbeddingResult, decide, distance, embedding_from_image
from app.proctor.imagefile import decode_image, header_size
from app.proctor.photo import check_photo_image
from app.server import schemas
from app.server.context import ServerContext
from app.server.errors import ApiError
from app.server.models import AuthSession, FaceCheck, FaceEvidence, Trainee
from app.server.services.face_challenges import (
    challenge_required,
    check_crop_times,
    take_challenge,
)
from app.server.services.face_data import require_consent
from app.server.services.face_gestures import Pose, identity_crops, pose_of, shows_gesture
from app.server.services.face_images import decode_photo, mirrored, one_picture, pad_for_detection
from app.server.services.face_replays import earlier_fingerprints, keep, replayed
from app.server.services.face_work import Engines, FaceLimits
from app.server.services.photo_attempts import (
    given_back_when_busy,
    release_photo_attempt,
    reserve_photo_attempt,
)

MAX_PHOTO_BYTES = 5 * 1024 * 1024  # FACE-1
MAX_CROP_BYTES = 200 * 1024  # API.md
MIN_CROPS, MAX_CROPS = 3, 12  # API.md: 3 to 12 crops across the liveness gesture
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
    attempt = reserve_photo_attempt(db, context.now(), trainee.id)
    decoded = decode_photo(data)
    if decoded.image is None:
        if decoded.reason == "photo_too_large":
            raise ApiError("photo_too_large")
        raise ApiError("photo_rejected", reason=decoded.reason or "not_an_image")
    with given_back_when_busy(db, attempt), context.face_limits.engines(trainee.id) as engines:
        verdict = check_photo_image(decoded.image, engine=engines.detector)
        embedding = (
            embedding_from_image(decoded.image, engine=engines.detector, embedder=engines.embedder)
            if verdict.ok
            else None
        )
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
    release_photo_attempt(db, attempt)
    db.commit()


@dataclass(frozen=True)
class Judgement:
    passed: bool
    distance: float | None
    reason: str | None
    # The check's face template (mean of its eyes-open frontal crops) when it matched the
    # enrolled photo itself: what a passed photo_confirm keeps as the live reference.
    template: bytes | None = None
    detail: str | None = None  # `replayed`: not live as a copy of an earlier check
    fingerprints: tuple[int, ...] = ()  # of a passed check's crops (face_replays)


@dataclass(frozen=True)
class Evidence:
    """A check's crops and what they are to show."""

    images: list[Array | None]
    gesture: str  # the challenge's, or (offline) the one the client names
    times: list[float] | None
    claimed_live: bool  # the client's word: judged on only when the gestures are not
    # The trainee's earlier passed checks' crops (face_replays): a copy of one is not live.
    earlier: list[list[int]] = field(default_factory=list)


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


def _embeddings(engines: Engines, crops: list[Array | None]) -> list[EmbeddingResult]:
    results = []
    for crop in crops:
        if crop is None:
            results.append(EmbeddingResult(None, "no_face"))
            continue
        result = embedding_from_image(crop, engine=engines.detector, embedder=engines.embedder)
        if result.reason == "no_face":  # a tight crop of the face alone: give it a frame
            padded = pad_for_detection(crop)
            result = embedding_from_image(
                padded, engine=engines.detector, embedder=engines.embedder
            )
        results.append(result)
    return results


def _identity(
    vectors: list[Array], references: list[Array | None], threshold: float
) -> tuple[int | None, float]:
    """Which reference the crops match (0 the photo, 1 the live reference) or None, and
    the median distance to it (to the nearest one when none matches)."""
    medians = []
    for index, reference in enumerate(references):
        if reference is None:
            continue
        match, median = decide([distance(reference, v) for v in vectors], threshold)
        if match:
            return index, median
        medians.append(median)
    return None, min(medians)


def judge(
    limits: FaceLimits, trainee: Trainee, evidence: Evidence, threshold: float, gestures: bool
) -> Judgement:
    """The server decides from the crops against the enrolled photo and the live
    reference beside it (FACE-3). With `gestures` (the server's setting) it sees the
    liveness gesture in the crops itself; without, it takes the client's word for it."""
    if trainee.photo_embedding is None:
        return Judgement(False, None, "no_photo")
    photo = np.frombuffer(trainee.photo_embedding, dtype=np.float32)
    live = (
        np.frombuffer(trainee.live_embedding, dtype=np.float32) if trainee.live_embedding else None
    )
    crops = evidence.images
    with limits.engines(trainee.id) as engines:
        results = _embeddings(engines, crops)
        # The mesh reads each crop only when the server judges the gesture itself.
        poses = [
            pose_of(engines.detector, c) if c is not None and gestures else None for c in crops
        ]
    if any(result.reason == "many_faces" for result in results):
        return Judgement(False, None, "many_faces")
    embedded = {i: r.embedding for i, r in enumerate(results) if r.embedding is not None}
    if not embedded:
        return Judgement(False, None, "no_face")
    # Identity on the crops with the eyes open, facing the camera (a blink's closed eyes
    # or a turned head sit further from the photo).
    fit = [i for i in identity_crops(poses) if i in embedded] if gestures else list(embedded)
    if not fit:
        return Judgement(False, None, "not_live")
    vectors = [embedded[i] for i in fit]
    matched, median = _identity(vectors, [photo, live], threshold)
    if matched is None:
        return Judgement(False, round(median, 4), "mismatch")
    # Not live, whatever the client says: one picture sent several times, or mirrored,
    # or copies of the enrolled photo itself (no live camera sees the photo's own face
    # so closely), or no gesture in the crops.
    pictures = [crop for crop in crops if crop is not None]
    nearest = min(distance(photo, v) for v in embedded.values())
    copied = one_picture(pictures) or mirrored(pictures) or nearest < COPY_OF_PHOTO_DISTANCE
    if gestures:
        found = [pose for pose in poses if pose is not None]
        shown = shows_gesture(evidence.gesture, found, _times_of(poses, evidence.times))
    else:
        shown = evidence.claimed_live
    if copied or not shown:
        return Judgement(False, round(median, 4), "not_live")
    # A real gesture, but the crops of an earlier check sent again (FACE-3).
    hashes = tuple(pose.fingerprint for pose in poses if pose is not None)
    if replayed(hashes, evidence.earlier):
        return Judgement(False, round(median, 4), "not_live", detail="replayed")
    # Only a check that matched the photo itself may become the live reference.
    template = np.mean(np.stack(vectors), axis=0).astype(np.float32).tobytes()
    live = template if matched == 0 else None
    return Judgement(True, round(median, 4), None, live, fingerprints=hashes)


def _times_of(poses: list[Pose | None], times: list[float] | None) -> list[float] | None:
    """The crop times of the crops the mesh read."""
    if times is None:
        return None
    return [t for t, pose in zip(times, poses, strict=True) if pose is not None]


def result_of(check: FaceCheck) -> schemas.FaceCheckResult:
    return schemas.FaceCheckResult(
        check_id=check.check_id,
        passed=check.passed,
        distance=check.distance,
        reason=check.reason,
        detail=check.reason_detail,
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
    auth: AuthSession,
    meta: schemas.FaceCheckMeta,
    crops: list[bytes],
) -> schemas.FaceCheckResult:
    existing = _stored(db, trainee, meta.check_id)
    if existing is not None:  # idempotent on check_id (a retried upload)
        return result_of(existing)
    gestures = context.settings.face_liveness_from_crops
    replays = context.settings.face_replay_check
    if not (MIN_CROPS if gestures else 1) <= len(crops) <= MAX_CROPS:
        raise ApiError("invalid_request", "请提交3到12张人脸图片。")
    images = crop_images(crops)
    if meta.ended_at < meta.started_at:
        raise ApiError("invalid_request", "检测的结束时间早于开始时间。")
    check_crop_times(meta, len(crops))
    # FACE-8: no face is looked for without consent (the checks above read only sizes).
    require_consent(db, trainee)
    now = context.now()
    # A check has ended by its arrival: an end dated into the clock's slack would
    # stretch what it covers by as much (FACE-5, PROG-5).
    ended_at = min(meta.ended_at, now)
    started_at = min(meta.started_at, ended_at)
    if (bad := times_refusal(meta, auth.created_at, now)) is not None:
        verdict = Judgement(False, None, bad)
        # Kept as a failed check at its arrival, not at the times it claimed.
        started_at = ended_at = now
    else:
        # On a challenge, its gesture is the one to see; offline, the one the client names.
        gesture = (
            take_challenge(db, trainee, meta.challenge_id, started_at, now)
            if meta.challenge_id
            else None
        )
        if meta.challenge_id and gesture is None:
            verdict = Judgement(False, None, "challenge_expired")
        elif (
            not meta.challenge_id
            and gestures  # CEDU_FACE_LIVENESS_FROM_CROPS=false: older clients, no challenges
            and challenge_required(db, trainee, auth, meta, started_at, ended_at)
        ):
            verdict = Judgement(False, None, "challenge_required")
        else:
            evidence = Evidence(
                images,
                gesture or meta.liveness.method,
                meta.crop_times,
                meta.liveness.passed,
                earlier_fingerprints(db, trainee.id, now) if replays else [],
            )
            threshold = context.settings.face_match_threshold
            verdict = judge(context.face_limits, trainee, evidence, threshold, gestures)
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
        reason_detail=verdict.detail,
        liveness_method=meta.liveness.method,
        challenge_id=meta.challenge_id,
        liveness_passed=meta.liveness.passed,
        client_match=meta.client_decision.match if meta.client_decision else None,
        client_distance=meta.client_decision.distance if meta.client_decision else None,
    )
    db.add(check)
    keep(db, check.id, trainee.id, verdict.fingerprints, now)
    if verdict.passed and meta.purpose == "photo_confirm" and verdict.template is not None:
        # FACE-3: the photo confirmed live; this check's face is a second reference.
        trainee.live_embedding = verdict.template
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
