"""Tables of the reference server. Times are stored as UTC and read back timezone-aware
(`db.UtcDateTime`). The identity evidence's tables (face checks, consent, supervision, ...)
live in `identity_models` and are named here too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.server.db import Base, UtcDateTime

# Named here as well, so that every table is one import away (and registered with it).
from app.server.identity_models import Consent as Consent
from app.server.identity_models import FaceChallenge as FaceChallenge
from app.server.identity_models import FaceCheck as FaceCheck
from app.server.identity_models import FaceDataDeletion as FaceDataDeletion
from app.server.identity_models import FaceEvidence as FaceEvidence
from app.server.identity_models import FaceFingerprint as FaceFingerprint
from app.server.identity_models import PhotoRejection as PhotoRejection
from app.server.identity_models import Supervision as Supervision


class Trainee(Base):
    __tablename__ = "trainees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(256))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # The enrolled photo (FACE-1/FACE-2): locked once set; only staff can reset it.
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    photo_embedding: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    photo_set_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    # The live reference beside the photo (FACE-3): the face template of the passed live
    # check that confirmed the photo (photo_confirm). Cleared with the photo.
    live_embedding: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)

    enrollments: Mapped[list[Enrollment]] = relationship(
        back_populates="trainee", order_by="Enrollment.id"
    )


class Staff(Base):
    """A staff account. `role` is one of app.server.roles.ROLES; a disabled account
    cannot sign in."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    role: Mapped[str] = mapped_column(String(16), default="admin", server_default="admin")
    display_name: Mapped[str] = mapped_column(String(64), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    password_changed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    # A training-centre clerk's centre: they see and help only its trainees.
    centre_code: Mapped[str | None] = mapped_column(String(32), default=None)


class AuditEntry(Base):
    """One staff action: who, what, when, on whom, before and after. Only ever added."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    staff_username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32), index=True)
    target: Mapped[str] = mapped_column(String(64), default="", index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    reason: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(64), default="")


class AuthSession(Base):
    """One login. ACC-4: a new trainee login marks every older live one replaced."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("trainees.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    device_kind: Mapped[str] = mapped_column(String(32), default="")
    device_name: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    replaced_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)


class LoginFailure(Base):
    """ACC-5: failed logins by login name (also for unknown names, so both answer alike)."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(80), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class LoginLock(Base):
    __tablename__ = "login_locks"

    login: Mapped[str] = mapped_column(String(80), primary_key=True)
    locked_until: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class Trade(Base):
    __tablename__ = "trades"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    course_name: Mapped[str] = mapped_column(String(128), default="")

    lessons: Mapped[list[Lesson]] = relationship(order_by="Lesson.index")


class Lesson(Base):
    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("trade_code", "index"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trade_code: Mapped[str] = mapped_column(ForeignKey("trades.code"), index=True)
    index: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    duration_s: Mapped[float] = mapped_column(Float)
    credit_hours: Mapped[float] = mapped_column(Float)
    # File name inside the media folder, its sha256 and size (lesson list, downloads).
    media_file: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)


class Enrollment(Base):
    """One trade, one certificate, one payment (UX.md)."""

    __tablename__ = "enrollments"
    __table_args__ = (UniqueConstraint("trainee_id", "trade_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), index=True)
    trade_code: Mapped[str] = mapped_column(ForeignKey("trades.code"))
    certificate_number: Mapped[str] = mapped_column(String(64))
    certificate_expires_on: Mapped[dt.date] = mapped_column(Date)
    enterprise_credit_code: Mapped[str | None] = mapped_column(String(18), default=None)
    # The training centre (培训点) the trainee studies with, from the import.
    centre_code: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    paid_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    # LEARN-6: 30 days from payment; an approved extension opens a new period.
    study_opens_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    study_closes_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    # EXAM-1: 5, and 5 more for each approved retake (APPLY-3). Scores, the best score
    # and the pass are read from the attempts, never stored twice.
    attempts_allowed: Mapped[int] = mapped_column(Integer, default=5)

    trainee: Mapped[Trainee] = relationship(back_populates="enrollments")
    trade: Mapped[Trade] = relationship()
    applications: Mapped[list[Application]] = relationship(order_by="Application.id")
    attempts: Mapped[list[ExamAttempt]] = relationship(order_by="ExamAttempt.number")


class LessonProgress(Base):
    """Credited intervals of one lesson (LEARN-2) and where playback stopped (LEARN-3)."""

    __tablename__ = "lesson_progress"

    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id"), primary_key=True)
    intervals: Mapped[list[list[float]]] = mapped_column(JSON, default=list)
    credited_s: Mapped[float] = mapped_column(Float, default=0.0)
    resume_s: Mapped[float] = mapped_column(Float, default=0.0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ExamAttempt(Base):
    __tablename__ = "exam_attempts"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "number"),
        # EXAM-2: the sweep looks for open attempts past their deadline every few seconds.
        Index("exam_attempts_state_deadline", "state", "deadline"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))  # open, submitted, abandoned, expired
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    deadline: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    score: Mapped[int | None] = mapped_column(Integer, default=None)
    # Who sat down to it (EXAM-1, FACE-8): the passed exam face check that started it
    # (each check starts one attempt at most: unique), or the clerk's supervision of the
    # login that started it. Both empty only for attempts started before this was asked.
    face_check_id: Mapped[str | None] = mapped_column(
        ForeignKey("face_checks.id"), default=None, index=True, unique=True
    )
    supervision_id: Mapped[str | None] = mapped_column(
        ForeignKey("supervisions.id"), default=None, index=True
    )
    # The login that answers it (EXAM-1, FACE-8): the one that started it, handed over
    # only to a supervised login of the trainee or one that passed an exam face check for
    # this attempt (services.exam_identity). Empty for attempts from before this was asked.
    auth_session_id: Mapped[str | None] = mapped_column(
        ForeignKey("auth_sessions.id"), default=None
    )


class Application(Base):
    """An extension or retake application (APPLY-*), reviewed by staff."""

    __tablename__ = "applications"
    # APPLY-1: at most one pending application of each kind, even under parallel requests.
    __table_args__ = (
        Index(
            "one_pending_application",
            "enrollment_id",
            "kind",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # extension, retake
    status: Mapped[str] = mapped_column(String(16))  # pending, approved, rejected
    phone: Mapped[str] = mapped_column(String(11))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    decision_reason: Mapped[str | None] = mapped_column(Text, default=None)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)

    enrollment: Mapped[Enrollment] = relationship(back_populates="applications")


class Order(Base):
    """A payment order (PAY-2): expires 30 minutes after it is made."""

    __tablename__ = "orders"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # pending, paid
    amount_fen: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    paid_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)

    items: Mapped[list[OrderItem]] = relationship()


class OrderItem(Base):
    __tablename__ = "order_items"

    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), primary_key=True)


class Question(Base):
    """One question of a trade's bank (EXAM-6). `answer` is the key: it never leaves the
    server; papers and grading read it here."""

    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the bank's id, SGY-001
    trade_code: Mapped[str] = mapped_column(ForeignKey("trades.code"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # single, multiple, judge
    text: Mapped[str] = mapped_column(Text)
    options: Mapped[list[dict[str, str]]] = mapped_column(JSON)  # [{"key": "A", "text"}]
    answer: Mapped[list[str]] = mapped_column(JSON)  # sorted option keys
    source: Mapped[str] = mapped_column(Text, default="")
    # A retired question stays for the papers that used it but is drawn no more.
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PaperQuestion(Base):
    """One question of an attempt's paper, in the order shown, with its points (EXAM-4:
    a resumed attempt shows the same paper)."""

    __tablename__ = "paper_questions"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    attempt_id: Mapped[str] = mapped_column(ForeignKey("exam_attempts.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"))
    points: Mapped[int] = mapped_column(Integer)

    question: Mapped[Question] = relationship()


class AttemptAnswer(Base):
    """The latest answer to one question of an attempt (EXAM-4: saved as it is given)."""

    __tablename__ = "attempt_answers"

    attempt_id: Mapped[str] = mapped_column(ForeignKey("exam_attempts.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), primary_key=True)
    answer: Mapped[list[str]] = mapped_column(JSON)
    saved_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class AttemptIncident(Base):
    """Something the locked exam window noticed (EXAM-7); kept, never ends the attempt."""

    __tablename__ = "attempt_incidents"

    # The client's incident_id, unique within its attempt (so within its trainee).
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    attempt_id: Mapped[str] = mapped_column(
        ForeignKey("exam_attempts.id"), primary_key=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    detail: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class Receipt(Base):
    """The study-hours receipt of a passed enrollment (CERT-1): its serial and verification
    code are made once, so every reprint carries the same ones."""

    __tablename__ = "receipts"

    serial: Mapped[str] = mapped_column(String(32), primary_key=True)
    enrollment_id: Mapped[int] = mapped_column(ForeignKey("enrollments.id"), unique=True)
    code: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ProgressEvent(Base):
    """One progress event as received (SYNC-2: applied once per event_id), with the
    server's verdict (PROG-5) kept for the record."""

    __tablename__ = "progress_events"
    # PROG-5's one clock: the trainee's credited stretches near a batch's, by wall time.
    __table_args__ = (Index("progress_events_trainee_ended", "trainee_id", "ended_at"),)

    # event_id is unique per trainee (API.md): another trainee's ids never clash.
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id"), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(36))
    lesson_id: Mapped[int] = mapped_column(Integer)
    from_s: Mapped[float] = mapped_column(Float)
    to_s: Mapped[float] = mapped_column(Float)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    face_check_id: Mapped[str | None] = mapped_column(String(64), default=None)
    status: Mapped[str] = mapped_column(String(16))  # credited, refused
    reason: Mapped[str | None] = mapped_column(String(32), default=None)
    added_s: Mapped[float] = mapped_column(Float, default=0.0)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
