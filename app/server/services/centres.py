"""Training centres (培训点): a clerk sees and helps only the trainees who study with their
centre (an enrollment of theirs names it); administrators and reviewers see everyone. A
clerk without a centre sees no one (fail closed)."""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from app.server import roles
from app.server.errors import ApiError
from app.server.models import Enrollment, Staff, Trainee

_CODE = re.compile(r"^[A-Z0-9-]{1,32}$")


def normalize(text: str) -> str | None:
    """A centre code as stored (upper case), None when empty; ValueError when malformed."""
    code = text.strip().upper()
    if not code:
        return None
    if not _CODE.match(code):
        raise ValueError(code)
    return code


def scope_of(staff: Staff) -> str | None:
    """The centre a staff member is limited to; None when they see every trainee."""
    if staff.role == roles.CLERK:
        return staff.centre_code or ""
    return None


def in_centre(centre: str) -> ColumnElement[bool]:
    """Trainee rows with an enrollment at `centre` (for queries over Trainee)."""
    return exists(
        select(Enrollment.id).where(
            Enrollment.trainee_id == Trainee.id, Enrollment.centre_code == centre
        )
    )


def check_trainee(db: Session, staff: Staff | None, trainee: Trainee) -> None:
    centre = scope_of(staff) if staff is not None else None
    if centre is None:
        return
    found = db.scalar(
        select(Enrollment.id).where(
            Enrollment.trainee_id == trainee.id, Enrollment.centre_code == centre
        )
    )
    if found is None:
        raise ApiError(
            "forbidden", "这位学员不在您的培训点，您不能查看或操作。如需帮助，请联系省级管理员。"
        )
