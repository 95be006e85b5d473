"""The lesson list (LEARN-1, LEARN-6) with signed, expiring media URLs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from app.server import schemas
from app.server.context import ServerContext
from app.server.errors import ApiError
from app.server.models import Enrollment, Trainee
from app.server.security import media_signature
from app.server.services.facts import (
    lessons_of,
    passed_at,
    progress_by_lesson,
    study_is_open,
)


def own_enrollment(db: Session, trainee: Trainee, enrollment_id: int) -> Enrollment:
    enrollment = db.get(Enrollment, enrollment_id)
    # Someone else's enrollment is answered like a missing one: ids are not probed.
    if enrollment is None or enrollment.trainee_id != trainee.id:
        raise ApiError("not_found", "没有找到这个报名项目。")
    return enrollment


def check_learning_open(context: ServerContext, enrollment: Enrollment) -> None:
    """LEARN-6: unpaid, or past the study period without a pass, closes learning."""
    if enrollment.paid_at is None:
        raise ApiError("not_paid")
    if not study_is_open(enrollment, context.today()) and passed_at(enrollment.attempts) is None:
        raise ApiError("study_closed")


def signed_media(
    context: ServerContext, media_base_url: str, lesson_id: int, now: dt.datetime
) -> tuple[str, dt.datetime]:
    expires_at = now + dt.timedelta(seconds=context.settings.media_url_ttl_s)
    expires = int(expires_at.timestamp())
    query = urlencode(
        {"expires": expires, "sig": media_signature(context.secret, lesson_id, expires)}
    )
    return f"{media_base_url}?{query}", dt.datetime.fromtimestamp(expires, dt.UTC)


def lesson_list(
    db: Session,
    context: ServerContext,
    enrollment: Enrollment,
    media_url_for: Callable[[int], str],
) -> list[schemas.LessonOut]:
    check_learning_open(context, enrollment)
    now = context.now()
    progress = progress_by_lesson(db, enrollment.id)
    result = []
    for lesson in lessons_of(db, enrollment.trade_code):
        url, expires_at = signed_media(context, media_url_for(lesson.id), lesson.id, now)
        row = progress.get(lesson.id)
        result.append(
            schemas.LessonOut(
                id=lesson.id,
                index=lesson.index,
                title=lesson.title,
                duration_s=lesson.duration_s,
                credit_hours=lesson.credit_hours,
                credited_s=round(row.credited_s, 3) if row else 0.0,
                resume_s=row.resume_s if row else 0.0,
                complete=row.complete if row else False,
                credited=[(round(a, 3), round(b, 3)) for a, b in row.intervals] if row else [],
                media=schemas.MediaOut(
                    url=url, expires_at=expires_at, sha256=lesson.sha256, bytes=lesson.size_bytes
                ),
            )
        )
    return result
