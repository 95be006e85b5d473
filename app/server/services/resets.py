"""Staff resets of a trainee's enrolled photo (FACE-2) and password (ACC-2), audited."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import DomainError
from app.core.ids import normalize_id_number
from app.server.context import ServerContext
from app.server.errors import ApiError
from app.server.models import FaceDataDeletion, Staff, Trainee
from app.server.services import accounts, audit, centres, face_replays


def find_trainee(db: Session, id_number: str, staff: Staff | None = None) -> Trainee:
    """The trainee, if `staff` may see them (a clerk: only their centre's)."""
    try:
        normalized = normalize_id_number(id_number)
    except DomainError as exc:
        raise ApiError("invalid_id_number", exc.message, reason=exc.reason) from exc
    trainee = db.scalar(select(Trainee).where(Trainee.id_number == normalized))
    if trainee is None:
        raise ApiError("not_found", "没有这个学员。")
    centres.check_trainee(db, staff, trainee)
    return trainee


def reset_photo(
    db: Session, context: ServerContext, staff: Staff, trainee: Trainee, reason: str, address: str
) -> None:
    """FACE-2: only staff unlock a wrong enrolled photo."""
    had_photo = trainee.photo_set_at is not None
    templates = int(trainee.photo_embedding is not None) + int(trainee.live_embedding is not None)
    # The checks' crops as hashes go with the photo they were matched against.
    fingerprints = face_replays.delete_of(db, trainee.id)
    if trainee.photo is not None or templates or fingerprints:
        # FACE-8: the console lists what was deleted of face data, and why.
        db.add(
            FaceDataDeletion(
                at=context.now(),
                trainee_id=trainee.id,
                cause="staff_reset",
                photos=int(trainee.photo is not None),
                templates=templates,
            )
        )
    trainee.photo = None
    trainee.photo_embedding = None
    trainee.live_embedding = None  # the live reference confirmed that photo (FACE-3)
    trainee.photo_set_at = None
    audit.record(
        db,
        context.now(),
        staff,
        "photo_reset",
        trainee.id_number,
        before={"photo": had_photo},
        after={"photo": False},
        reason=reason,
        address=address,
    )
    db.commit()


def reset_password(
    db: Session, context: ServerContext, staff: Staff, trainee: Trainee, reason: str, address: str
) -> None:
    audit.record(
        db,
        context.now(),
        staff,
        "password_reset",
        trainee.id_number,
        after={"must_change_password": True},
        reason=reason,
        address=address,
    )
    accounts.reset_password(db, trainee, context.now())
