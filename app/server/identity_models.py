"""The tables of who did the studying (FACE-1..8): face checks as the server judged
them, their evidence crops and challenges, rejected photo uploads, the trainee's consent,
a clerk's supervision instead of a face check, and what face data was deleted and why.
`app.server.models` names them too, with every other table."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Float, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.server.db import Base, UtcDateTime

if TYPE_CHECKING:
    from app.server.models import Staff


class PhotoRejection(Base):
    """FACE-1: a rejected photo upload, counted to refuse the next ones for a while."""

    __tablename__ = "photo_rejections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class FaceCheck(Base):
    """A face check as the server judged it (FACE-3). The client's decision is kept for
    the record and never trusted (API.md)."""

    __tablename__ = "face_checks"
    # check_id is unique per trainee (API.md): another trainee's use of an id is no clash.
    __table_args__ = (UniqueConstraint("trainee_id", "check_id"),)

    # The server's own key (older rows: the client's id, as check_id was global then).
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The client's check_id; made with the server's key when none is given (tests, tools).
    check_id: Mapped[str] = mapped_column(
        String(64), default=lambda context: context.get_current_parameters()["id"]
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    lesson_id: Mapped[int | None] = mapped_column(Integer, default=None)
    attempt_id: Mapped[str | None] = mapped_column(String(36), default=None)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    passed: Mapped[bool] = mapped_column(Boolean)
    distance: Mapped[float | None] = mapped_column(Float, default=None)
    reason: Mapped[str | None] = mapped_column(String(32), default=None)
    liveness_method: Mapped[str | None] = mapped_column(String(16), default=None)
    # The server's challenge the check answered; None for a check made offline.
    challenge_id: Mapped[str | None] = mapped_column(String(32), default=None)
    liveness_passed: Mapped[bool] = mapped_column(Boolean, default=False)
    client_match: Mapped[bool | None] = mapped_column(Boolean, default=None)
    client_distance: Mapped[float | None] = mapped_column(Float, default=None)
    # What a `reason` means more precisely, for staff: `replayed` (a not_live check whose
    # crops are copies of an earlier check's).
    reason_detail: Mapped[str | None] = mapped_column(String(16), default=None)


class FaceChallenge(Base):
    """A gesture the server asked for (API.md: POST /face-checks/challenges): it serves
    one check of its trainee and expires 90 s after it was made."""

    __tablename__ = "face_challenges"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    gesture: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)


class FaceFingerprint(Base):
    """A judged check's crops as perceptual hashes (8 bytes a crop, in the crops' order),
    kept FINGERPRINT_DAYS to find the same crops sent again as a new check (FACE-3). Face
    data: deleted with the trainee's photo and evidence (FACE-8)."""

    __tablename__ = "face_fingerprints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_id: Mapped[str] = mapped_column(ForeignKey("face_checks.id"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    hashes: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)


class FaceEvidence(Base):
    """Face crops of a FAILED check only, deleted after 30 days (FACE-7)."""

    __tablename__ = "face_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_id: Mapped[str] = mapped_column(ForeignKey("face_checks.id"), index=True)
    image: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)


class Consent(Base):
    """One decision of a trainee about their face data (FACE-8): every decision is kept,
    the latest is the state. `text_version` names the consent text the trainee was shown."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    decision: Mapped[str] = mapped_column(String(16))  # granted, declined, withdrawn
    text_version: Mapped[str] = mapped_column(String(32))
    decided_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    session_id: Mapped[str | None] = mapped_column(String(36), default=None)


class Supervision(Base):
    """A clerk's supervised session of a trainee at a training centre (FACE-8): who
    supervised, where, from when until when. It covers the credited time of the trainee
    login it opened instead of a face check."""

    __tablename__ = "supervisions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    auth_session_id: Mapped[str] = mapped_column(ForeignKey("auth_sessions.id"), unique=True)
    place: Mapped[str] = mapped_column(String(128))
    device_name: Mapped[str] = mapped_column(String(128), default="")
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # The centre's limit: the session ends by itself at ends_at.
    ends_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    ended_by: Mapped[str | None] = mapped_column(String(16), default=None)  # clerk, logout

    staff: Mapped[Staff] = relationship()


class FaceDataDeletion(Base):
    """What was deleted of a trainee's face data, when and why (FACE-8: withdrawal and
    the retention job; FACE-7: evidence crops after 30 days). The console lists these."""

    __tablename__ = "face_data_deletions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("trainees.id"), index=True)
    # withdrawn, retention, evidence_expired, staff_reset (a staff photo reset, FACE-2)
    cause: Mapped[str] = mapped_column(String(16))
    photos: Mapped[int] = mapped_column(Integer, default=0)
    templates: Mapped[int] = mapped_column(Integer, default=0)
    crops: Mapped[int] = mapped_column(Integer, default=0)
