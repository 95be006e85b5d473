"""Extension and retake applications (APPLY-1 to APPLY-3) and their review by staff."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core import rules
from app.core.errors import DomainError
from app.core.ids import normalize_mobile
from app.server import schemas
from app.server.context import ServerContext
from app.server.db import lock_row_for_write
from app.server.errors import ApiError
from app.server.models import Application, Enrollment, FaceCheck, Staff
from app.server.services import audit
from app.server.services.face_data import latest_consent
from app.server.services.facts import passed_at

REFUSAL_MESSAGES = {
    "study_not_ended": "学习期限结束后才可申请延期。",
    "passed": "您已考试合格，无需申请。",
    "attempts_remaining": "5次考试机会用完且未合格后才可申请补考。",
    "pending_exists": "您已有一份同类申请正在审核，请耐心等待。",
    "face_check_possible": (
        "您可以通过人脸识别学习。不同意人脸识别，或人脸识别连续3次未通过后，才可申请人工核验。"
    ),
}


def view(application: Application) -> schemas.ApplicationOut:
    return schemas.ApplicationOut(
        id=application.id,
        kind=application.kind,  # type: ignore[arg-type]
        status=application.status,  # type: ignore[arg-type]
        phone=application.phone,
        reason=application.reason,
        created_at=application.created_at,
        decided_at=application.decided_at,
        decision_reason=application.decision_reason,
    )


def staff_view(application: Application) -> schemas.StaffApplicationOut:
    trainee = application.enrollment.trainee
    return schemas.StaffApplicationOut(
        **view(application).model_dump(),
        enrollment_id=application.enrollment_id,
        id_number=trainee.id_number,
        name=trainee.name,
    )


def submit(
    db: Session, context: ServerContext, enrollment: Enrollment, body: schemas.ApplicationRequest
) -> Application:
    try:
        phone = normalize_mobile(body.phone)  # APPLY-1
    except DomainError as exc:
        raise ApiError("invalid_phone", exc.message) from exc
    today = context.today()
    study_ended = (
        enrollment.paid_at is not None
        and enrollment.study_closes_on is not None
        and today > enrollment.study_closes_on
    )
    pending = any(a.kind == body.kind and a.status == "pending" for a in enrollment.applications)
    refusal = rules.application_refusal(
        body.kind,
        study_ended=study_ended,
        passed=passed_at(enrollment.attempts) is not None,
        attempts_used=len(enrollment.attempts),
        attempts_allowed=enrollment.attempts_allowed,
        pending_exists=pending,
        face_checks_closed=body.kind == "supervised_study"
        and face_checks_closed(db, enrollment.trainee_id),
    )
    if refusal is not None:
        raise ApiError("not_eligible", REFUSAL_MESSAGES[refusal], reason=refusal)
    application = Application(
        enrollment_id=enrollment.id,
        kind=body.kind,
        status="pending",
        phone=phone,
        reason=body.reason.strip(),
        created_at=context.now(),
    )
    db.add(application)
    try:
        db.commit()
    except IntegrityError as exc:  # a parallel request won the one pending slot
        db.rollback()
        raise ApiError(
            "not_eligible", REFUSAL_MESSAGES["pending_exists"], reason="pending_exists"
        ) from exc
    return application


def face_checks_closed(db: Session, trainee_id: int) -> bool:
    """FACE-8: the trainee declined or withdrew consent, or their latest checks all failed."""
    consent = latest_consent(db, trainee_id)
    if consent is not None and consent.decision in ("declined", "withdrawn"):
        return True
    latest = db.scalars(
        select(FaceCheck.passed)
        .where(FaceCheck.trainee_id == trainee_id)
        .order_by(FaceCheck.ended_at.desc())
        .limit(rules.FAILED_CHECKS_FOR_SUPERVISION)
    ).all()
    return len(latest) == rules.FAILED_CHECKS_FOR_SUPERVISION and not any(latest)


def supervised_study_approved(db: Session, trainee_id: int) -> bool:
    return (
        db.scalar(
            select(Application.id)
            .join(Enrollment, Enrollment.id == Application.enrollment_id)
            .where(
                Enrollment.trainee_id == trainee_id,
                Application.kind == "supervised_study",
                Application.status == "approved",
            )
            .limit(1)
        )
        is not None
    )


def pending_for_staff(db: Session, status: str | None) -> list[Application]:
    query = select(Application).order_by(Application.id)
    if status:
        query = query.where(Application.status == status)
    return list(db.scalars(query))


def decide(
    db: Session,
    context: ServerContext,
    staff: Staff,
    application_id: int,
    body: schemas.Decision,
    address: str = "",
) -> Application:
    """Exactly once (APPLY-1): the row is locked before it is read, so of parallel
    decisions one applies and the others see it decided (409 already_decided)."""
    lock_row_for_write(db, Application, application_id)
    application = db.get(Application, application_id, populate_existing=True)
    if application is None:
        db.rollback()
        raise ApiError("not_found", "没有找到这份申请。")
    if application.status != "pending":
        db.rollback()
        raise ApiError("already_decided")
    now = context.now()
    application.status = "approved" if body.approve else "rejected"
    application.decided_at = now
    application.decision_reason = body.reason.strip() or None
    application.decided_by = staff.id
    enrollment = application.enrollment
    before = _enrollment_facts(enrollment)
    if body.approve:
        if application.kind == "extension":
            # APPLY-2: a new study period from the approval day.
            opens, closes = rules.study_period(context.today(), context.settings.study_days)
            enrollment.study_opens_on, enrollment.study_closes_on = opens, closes
        elif application.kind == "retake":
            # APPLY-3: 5 more attempts.
            enrollment.attempts_allowed += context.settings.exam_attempts
    audit.record(
        db,
        now,
        staff,
        f"application_{application.status}",
        enrollment.trainee.id_number,
        before={"application": application_id, "status": "pending", **before},
        after={
            "application": application_id,
            "kind": application.kind,
            "status": application.status,
            **_enrollment_facts(enrollment),
        },
        reason=body.reason.strip(),
        address=address,
    )
    db.commit()
    return application


def _enrollment_facts(enrollment: Enrollment) -> dict[str, object]:
    return {
        "enrollment": enrollment.id,
        "attempts_allowed": enrollment.attempts_allowed,
        "study_closes_on": str(enrollment.study_closes_on or ""),
    }
