"""FACE-1's limit on rejected photo uploads. Each rejection costs a decode and a
detection, so after a few within a short time the next uploads are refused before any
of that. Kept in the database and judged on the server's clock: a restart or another
server process on the same database knows them too.

An upload takes its place among the rejections before it is looked at, and gives it
back only when the photo is stored: counted after the fact, a script's parallel uploads
all found the count under the limit and were all decoded (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.server.db import lock_row_for_write
from app.server.errors import ApiError
from app.server.models import PhotoRejection, Trainee

# Rejected photo uploads a trainee may make within the window before the next is refused.
REJECTED_PHOTOS = 5
REJECTED_WINDOW = dt.timedelta(minutes=10)


def _recent(db: Session, now: dt.datetime, trainee_id: int) -> int:
    return int(
        db.scalar(
            select(func.count())
            .select_from(PhotoRejection)
            .where(
                PhotoRejection.trainee_id == trainee_id, PhotoRejection.at > now - REJECTED_WINDOW
            )
        )
        or 0
    )


def reserve_photo_attempt(db: Session, now: dt.datetime, trainee_id: int) -> PhotoRejection:
    """This upload noted as rejected, committed at once (any failure after it, even a
    crash, leaves it counted); 429 when this trainee's recent photos were rejected too
    often. Counted again under the trainee's row lock: parallel uploads are counted one
    after another. Older rejections go, so a trainee has at most REJECTED_PHOTOS rows."""
    # A script uploading in a loop is refused on a read alone, taking no write lock.
    if _recent(db, now, trainee_id) >= REJECTED_PHOTOS:
        raise ApiError("photo_attempts_exceeded")
    db.commit()  # the request's reads so far; the lock starts a transaction of its own
    lock_row_for_write(db, Trainee, trainee_id)
    if _recent(db, now, trainee_id) >= REJECTED_PHOTOS:
        db.commit()
        raise ApiError("photo_attempts_exceeded")
    db.execute(
        delete(PhotoRejection).where(
            PhotoRejection.trainee_id == trainee_id, PhotoRejection.at <= now - REJECTED_WINDOW
        )
    )
    attempt = PhotoRejection(trainee_id=trainee_id, at=now)
    db.add(attempt)
    db.commit()
    return attempt


def release_photo_attempt(db: Session, attempt: PhotoRejection) -> None:
    """The upload was accepted: not a rejection (in the caller's transaction)."""
    db.execute(delete(PhotoRejection).where(PhotoRejection.id == attempt.id))


# Refusals of the face work itself (another upload of the trainee's under way, the
# server's engines all busy): nothing was looked at, so no rejection is counted.
BUSY = frozenset({"face_work_in_progress", "face_service_busy"})


@contextmanager
def given_back_when_busy(db: Session, attempt: PhotoRejection) -> Iterator[None]:
    try:
        yield
    except ApiError as error:
        if error.code in BUSY:
            db.rollback()
            release_photo_attempt(db, attempt)
            db.commit()
        raise
