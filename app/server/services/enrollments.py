"""What a trainee sees of an enrollment (GET /me): payment, study period, progress, exam,
renewal and applications, each computed from stored facts by app.core's rules."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.core import intervals, rules
from app.server import schemas
from app.server.context import CHINA_TZ, ServerContext
from app.server.models import Enrollment
from app.server.services import applications
from app.server.services.facts import lessons_of, passed_at, progress_by_lesson, study_is_open


def enrollment_view(
    db: Session, context: ServerContext, enrollment: Enrollment
) -> schemas.EnrollmentOut:
    today = context.today()
    lessons = lessons_of(db, enrollment.trade_code)
    progress = progress_by_lesson(db, enrollment.id)
    total_s = sum(lesson.duration_s for lesson in lessons)
    credited_s = sum(progress[lesson.id].credited_s for lesson in lessons if lesson.id in progress)
    # LEARN-5: every lesson at 100% (within LEARN-2's tolerance) and so the total.
    complete = bool(lessons) and all(
        lesson.id in progress and progress[lesson.id].complete for lesson in lessons
    )
    paid = enrollment.paid_at is not None
    study_open = study_is_open(enrollment, today)
    attempts = enrollment.attempts
    first_pass = passed_at(attempts)
    scores = [a.score for a in attempts if a.score is not None]
    reason = rules.exam_closed_reason(
        paid=paid,
        study_open=study_open,
        progress_complete=complete,
        attempts_used=len(attempts),
        attempts_allowed=enrollment.attempts_allowed,
        passed=first_pass is not None,
    )
    open_attempt = next((a for a in attempts if a.state == "open"), None)
    renewal = rules.renewal_state(
        today,
        expires_on=enrollment.certificate_expires_on,
        passed_on=first_pass.astimezone(CHINA_TZ).date() if first_pass else None,
        holidays=context.settings.holidays,
    )
    closes_on = enrollment.study_closes_on
    return schemas.EnrollmentOut(
        id=enrollment.id,
        trade=schemas.TradeOut(code=enrollment.trade.code, name=enrollment.trade.name),
        certificate=schemas.CertificateOut(
            number=enrollment.certificate_number,
            expires_on=enrollment.certificate_expires_on,
            status="void" if renewal.state == "void" else "valid",
        ),
        payment=schemas.PaymentOut(status="paid" if paid else "unpaid", paid_at=enrollment.paid_at),
        study=schemas.StudyOut(
            opens_on=enrollment.study_opens_on,
            closes_on=closes_on,
            open=study_open,
            days_left=(closes_on - today).days + 1 if study_open and closes_on else None,
        ),
        progress=schemas.ProgressOut(
            credited_s=round(credited_s, 3),
            total_s=total_s,
            percent=intervals.percent(credited_s, total_s, complete=complete),
        ),
        exam=schemas.ExamOut(
            # An open attempt keeps the exam open: the client resumes it (EXAM-4).
            open=reason is None or open_attempt is not None,
            reason=None if open_attempt is not None else reason,
            attempts_used=len(attempts),
            attempts_allowed=enrollment.attempts_allowed,
            best_score=rules.best_score(scores),
            passed=first_pass is not None,
            passed_at=first_pass,
            open_attempt_id=open_attempt.id if open_attempt else None,
            minutes=context.settings.exam_minutes,
        ),
        renewal=schemas.RenewalOut(
            state=renewal.state, opens_on=renewal.opens_on, closes_on=renewal.closes_on
        ),
        applications=[applications.view(a) for a in enrollment.applications],
    )
