"""FACE-1's limit on rejected photo uploads. Each rejection costs a decode and a
detection, so after a few within a short time the next uploads are refused before any
of that. Kept in the database and judged on the server's clock: a restart or another
server process on the same database knows them too."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.server.errors import ApiError
from app.server.models import PhotoRejection

# Rejected photo uploads a trainee may make within the window before the next is refused.
REJECTED_PHOTOS = 5
REJECTED_WINDOW = dt.timedelta(minutes=10)


def check_photo_allowed(db: Session, now: dt.datetime, trainee_id: int) -> None:
    """429 when this trainee's recent photos were rejected too often."""
    recent = db.scalar(
        select(func.count())
        .select_from(PhotoRejection)
        .where(PhotoRejection.trainee_id == trainee_id, PhotoRejection.at > now - REJECTED_WINDOW)
    )
    if (recent or 0) >= REJECTED_PHOTOS:
        raise ApiError("photo_attempts_exceeded")


def note_rejected_photo(db: Session, now: dt.datetime, trainee_id: int) -> None:
    """Committed at once (the upload is then refused, and its transaction rolled back).
    The trainee's rejections older than the window go: a trainee has at most
    REJECTED_PHOTOS rows, as none is noted once that many are recent."""
    db.execute(
        delete(PhotoRejection).where(
            PhotoRejection.trainee_id == trainee_id, PhotoRejection.at <= now - REJECTED_WINDOW
        )
    )
    db.add(PhotoRejection(trainee_id=trainee_id, at=now))
    db.commit()
