"""What the console's pages read (nothing here writes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import distinct, func, or_, select
from sqlalchemy.orm import Session

from app.core import rules
from app.core.ids import mask_id_number, mask_name
from app.server.context import CHINA_TZ
from app.server.models import (
    Application,
    AttemptIncident,
    AuthSession,
    Enrollment,
    ExamAttempt,
    FaceCheck,
    FaceDataDeletion,
    FaceEvidence,
    LessonProgress,
    Order,
    ProgressEvent,
    Staff,
    Supervision,
    Trainee,
)
from app.server.services import centres
from app.server.services.facts import lessons_of, passed_at, progress_by_lesson
from app.server.services.supervision import credited_by_login

SEARCH_LIMIT = 50


def day_start(day: dt.date) -> dt.datetime:
    """Midnight in China, as an aware datetime."""
    return dt.datetime.combine(day, dt.time(), CHINA_TZ)


@dataclass(frozen=True)
class Dashboard:
    learners_today: int
    pending_applications: int
    failed_checks_today: int
    exams_today: int
    passes_this_month: int


def dashboard(db: Session, now: dt.datetime) -> Dashboard:
    today = now.astimezone(CHINA_TZ).date()
    since = day_start(today)
    month = day_start(today.replace(day=1))
    return Dashboard(
        learners_today=db.scalar(
            select(func.count(distinct(ProgressEvent.trainee_id))).where(
                ProgressEvent.received_at >= since, ProgressEvent.status == "credited"
            )
        )
        or 0,
        pending_applications=db.scalar(select(func.count()).where(Application.status == "pending"))
        or 0,
        failed_checks_today=db.scalar(
            select(func.count()).where(FaceCheck.received_at >= since, FaceCheck.passed.is_(False))
        )
        or 0,
        exams_today=db.scalar(select(func.count()).where(ExamAttempt.started_at >= since)) or 0,
        passes_this_month=db.scalar(
            select(func.count(distinct(ExamAttempt.enrollment_id))).where(
                ExamAttempt.ended_at >= month, ExamAttempt.score >= rules.PASS_SCORE
            )
        )
        or 0,
    )


def search_trainees(db: Session, text: str, centre: str | None = None) -> Sequence[Trainee]:
    """By ID number (prefix) or name (part); only `centre`'s trainees when given."""
    text = text.strip()[:64]
    if not text:
        return []
    pattern = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = select(Trainee)
    if centre is not None:
        query = query.where(centres.in_centre(centre))
    return db.scalars(
        query.where(
            or_(
                Trainee.id_number.like(f"{pattern.upper()}%", escape="\\"),
                Trainee.name.like(f"%{pattern}%", escape="\\"),
            )
        )
        .order_by(Trainee.id_number)
        .limit(SEARCH_LIMIT)
    ).all()


@dataclass(frozen=True)
class LessonRow:
    index: int
    title: str
    percent: int
    complete: bool


@dataclass(frozen=True)
class EnrollmentDetail:
    enrollment: Enrollment
    lessons: list[LessonRow]
    percent: int
    passed: bool
    incidents: dict[str, list[AttemptIncident]]
    identities: dict[str, str]  # attempt id -> how the person was verified at its start


@dataclass(frozen=True)
class TraineeDetail:
    trainee: Trainee
    enrollments: list[EnrollmentDetail]
    sessions: Sequence[AuthSession]
    checks: Sequence[FaceCheck]
    evidence: dict[str, list[int]]  # check id -> evidence ids still kept
    applications: list[Application]
    supervisions: list[SupervisionRow]


@dataclass(frozen=True)
class SupervisionRow:
    """One supervised session (FACE-8): the clerk who supervised it covers its seconds."""

    clerk: str  # display name (username), or the username alone
    place: str
    device_name: str
    started_at: dt.datetime
    ended_at: dt.datetime | None  # None: still running
    how: str  # how it ended, in words
    credited_s: float


SUPERVISION_ENDS = {"clerk": "工作人员结束", "logout": "学员退出登录"}


def supervisions_of(db: Session, trainee: Trainee, now: dt.datetime) -> list[SupervisionRow]:
    credited = credited_by_login(db, trainee.id)
    rows = []
    for s in db.scalars(
        select(Supervision)
        .where(Supervision.trainee_id == trainee.id)
        .order_by(Supervision.started_at.desc())
        .limit(100)
    ):
        clerk = clerk_name(s.staff)
        if s.ended_at is not None and s.ended_at <= s.ends_at:
            ended: dt.datetime | None = s.ended_at
            how = SUPERVISION_ENDS.get(s.ended_by or "", s.ended_by or "已结束")
        elif now >= s.ends_at:
            ended, how = s.ends_at, "到达培训点时限"
        else:
            ended, how = None, "进行中"
        rows.append(
            SupervisionRow(
                clerk,
                s.place,
                s.device_name,
                s.started_at,
                ended,
                how,
                credited.get(s.auth_session_id, 0.0),
            )
        )
    return rows


def clerk_name(staff: Staff) -> str:
    if staff.display_name:
        return f"{staff.display_name}（{staff.username}）"
    return staff.username


def attempt_identities(db: Session, attempts: Sequence[ExamAttempt]) -> dict[str, str]:
    """EXAM-1, FACE-8: how each attempt's trainee was verified when it started, in words:
    the exam face check (and when the server received it) or the supervising clerk."""
    words = {}
    for attempt in attempts:
        if attempt.face_check_id is not None:
            check = db.get(FaceCheck, attempt.face_check_id)
            at = check.received_at.astimezone(CHINA_TZ).strftime("%H:%M:%S") if check else ""
            words[attempt.id] = f"人脸识别通过（{at}）"
        elif attempt.supervision_id is not None:
            supervision = db.get(Supervision, attempt.supervision_id)
            clerk = clerk_name(supervision.staff) if supervision else ""
            words[attempt.id] = f"工作人员核验身份证：{clerk}"
        else:
            words[attempt.id] = "未记录（开考核验上线前）"
    return words


def trainee_detail(db: Session, trainee: Trainee, now: dt.datetime) -> TraineeDetail:
    enrollments = []
    for enrollment in trainee.enrollments:
        progress = progress_by_lesson(db, enrollment.id)
        rows = []
        total = credited = 0.0
        for lesson in lessons_of(db, enrollment.trade_code):
            row = progress.get(lesson.id)
            done = row.credited_s if row else 0.0
            total += lesson.duration_s
            credited += done
            rows.append(
                LessonRow(
                    lesson.index,
                    lesson.title,
                    min(100, int(100 * done / lesson.duration_s)) if lesson.duration_s else 0,
                    bool(row and row.complete),
                )
            )
        attempt_ids = [a.id for a in enrollment.attempts]
        incidents: dict[str, list[AttemptIncident]] = {}
        if attempt_ids:
            for incident in db.scalars(
                select(AttemptIncident)
                .where(AttemptIncident.attempt_id.in_(attempt_ids))
                .order_by(AttemptIncident.at)
            ):
                incidents.setdefault(incident.attempt_id, []).append(incident)
        enrollments.append(
            EnrollmentDetail(
                enrollment,
                rows,
                min(100, int(100 * credited / total)) if total else 0,
                passed_at(enrollment.attempts) is not None,
                incidents,
                attempt_identities(db, enrollment.attempts),
            )
        )
    sessions = db.scalars(
        select(AuthSession)
        .where(AuthSession.trainee_id == trainee.id)
        .order_by(AuthSession.created_at.desc())
        .limit(20)
    ).all()
    checks = db.scalars(
        select(FaceCheck)
        .where(FaceCheck.trainee_id == trainee.id)
        .order_by(FaceCheck.ended_at.desc())
        .limit(50)
    ).all()
    evidence: dict[str, list[int]] = {}
    failed = [c.id for c in checks if not c.passed]
    if failed:
        for evidence_id, check_id in db.execute(
            select(FaceEvidence.id, FaceEvidence.check_id).where(FaceEvidence.check_id.in_(failed))
        ):
            evidence.setdefault(check_id, []).append(evidence_id)
    applications = [a for e in trainee.enrollments for a in e.applications]
    return TraineeDetail(
        trainee,
        enrollments,
        sessions,
        checks,
        evidence,
        applications,
        supervisions_of(db, trainee, now),
    )


@dataclass(frozen=True)
class DeletionRow:
    at: dt.datetime
    id_number: str  # masked, as the name (CERT-1): whose, not the whole number
    name: str
    cause: str
    photos: int
    templates: int
    crops: int


DELETION_CAUSES = {
    "withdrawn": "学员撤回同意",
    "retention": "超过保存期限",
    "evidence_expired": "未通过照片满30天",
    "staff_reset": "工作人员重置照片",
}
DELETIONS_PAGE = 200


def face_data_deletions(db: Session) -> list[DeletionRow]:
    """What withdrawal, the retention job and photo resets deleted, newest first."""
    found = db.execute(
        select(FaceDataDeletion, Trainee.id_number, Trainee.name)
        .outerjoin(Trainee, Trainee.id == FaceDataDeletion.trainee_id)
        .order_by(FaceDataDeletion.at.desc(), FaceDataDeletion.id.desc())
        .limit(DELETIONS_PAGE)
    )
    return [
        DeletionRow(
            d.at,
            mask_id_number(id_number) if id_number else "",
            mask_name(name or ""),
            DELETION_CAUSES.get(d.cause, d.cause),
            d.photos,
            d.templates,
            d.crops,
        )
        for d, id_number, name in found
    ]


def pending_applications(db: Session) -> Sequence[Application]:
    return db.scalars(
        select(Application).where(Application.status == "pending").order_by(Application.id)
    ).all()


def unpaid_enrollments(db: Session) -> Sequence[Enrollment]:
    return db.scalars(
        select(Enrollment).where(Enrollment.paid_at.is_(None)).order_by(Enrollment.id).limit(500)
    ).all()


def recent_orders(db: Session) -> Sequence[Order]:
    return db.scalars(select(Order).order_by(Order.created_at.desc()).limit(100)).all()


def passed_between(
    db: Session, first: dt.date, last: dt.date
) -> list[tuple[Enrollment, dt.datetime]]:
    """Enrollments whose first pass (EXAM-5) falls within the days, for 到期换证."""
    since, until = day_start(first), day_start(last + dt.timedelta(days=1))
    candidates = db.scalars(
        select(Enrollment)
        .join(ExamAttempt, ExamAttempt.enrollment_id == Enrollment.id)
        .where(ExamAttempt.score >= rules.PASS_SCORE, ExamAttempt.ended_at < until)
        .distinct()
        .order_by(Enrollment.id)
    ).all()
    rows = []
    for enrollment in candidates:
        first_pass = passed_at(enrollment.attempts)
        if first_pass is not None and since <= first_pass < until:
            rows.append((enrollment, first_pass))
    return rows


def progress_list(db: Session, credit_code: str) -> list[tuple[Enrollment, float, float]]:
    """(enrollment, credited seconds, total seconds) of an enterprise's enrollments, or
    of every enrollment when no credit code is given."""
    query = select(Enrollment).order_by(Enrollment.id).limit(20_000)
    if credit_code:
        query = query.where(Enrollment.enterprise_credit_code == credit_code.strip().upper())
    totals: dict[str, float] = {}
    rows = []
    for enrollment in db.scalars(query):
        if enrollment.trade_code not in totals:
            totals[enrollment.trade_code] = sum(
                lesson.duration_s for lesson in lessons_of(db, enrollment.trade_code)
            )
        credited = db.scalar(
            select(func.coalesce(func.sum(LessonProgress.credited_s), 0.0)).where(
                LessonProgress.enrollment_id == enrollment.id
            )
        )
        rows.append((enrollment, float(credited or 0.0), totals[enrollment.trade_code]))
    return rows
