"""Supervised study at a training centre (FACE-8): a clerk, having checked the trainee's
ID card in person, opens a trainee login under supervision. While the supervision runs
it, not a face check, covers the credited time of that login (services.progress). It ends
when the clerk ends it, when the trainee logs out, or at the centre's limit."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from app.core.errors import DomainError
from app.core.ids import mask_name, normalize_id_number
from app.server import schemas
from app.server.context import ServerContext
from app.server.db import lock_row_for_write
from app.server.errors import ApiError
from app.server.models import AuthSession, ProgressEvent, Staff, Supervision, Trainee
from app.server.services import accounts, audit, centres


def until(supervision: Supervision) -> dt.datetime:
    """When the supervision stops covering time: ended by someone, or the centre's limit."""
    if supervision.ended_at is None:
        return supervision.ends_at
    return min(supervision.ended_at, supervision.ends_at)


def view(supervision: Supervision, now: dt.datetime) -> schemas.SupervisionOut:
    return schemas.SupervisionOut(
        id=supervision.id,
        clerk=supervision.staff.username,
        place=supervision.place,
        started_at=supervision.started_at,
        ends_at=supervision.ends_at,
        ended_at=supervision.ended_at,
        active=now < until(supervision),
    )


def trainee_by_id_number(db: Session, id_number: str, staff: Staff | None = None) -> Trainee:
    """The trainee, if `staff` may see them (a clerk: only their centre's)."""
    try:
        normalized = normalize_id_number(id_number)  # ACC-1
    except DomainError as exc:
        raise ApiError("invalid_id_number", exc.message, reason=exc.reason) from exc
    trainee = db.scalar(select(Trainee).where(Trainee.id_number == normalized))
    if trainee is None:
        raise ApiError("not_found", "没有这个学员，请核对身份证号。")
    centres.check_trainee(db, staff, trainee)
    return trainee


def start(
    db: Session,
    context: ServerContext,
    staff: Staff,
    body: schemas.SupervisionStart,
    address: str = "",
) -> schemas.SupervisionStarted:
    if not body.id_card_checked:
        raise ApiError("id_card_not_checked")
    trainee = trainee_by_id_number(db, body.id_number, staff)  # a clerk: their centre's
    now = context.now()
    check_room_for_one_more(db, context, staff, now)
    # ACC-4 as for a login: the trainee's other sessions end here.
    token, auth = accounts.open_trainee_session(
        db, now, trainee, device_kind=body.device.kind, device_name=body.device.name
    )
    supervision = Supervision(
        id=str(uuid.uuid4()),
        trainee_id=trainee.id,
        staff_id=staff.id,
        auth_session_id=auth.id,
        place=(body.place.strip() or context.settings.centre_name)[:128],
        device_name=body.device.name[:128],
        started_at=now,
        ends_at=now + dt.timedelta(minutes=context.settings.supervision_max_minutes),
        staff=staff,
    )
    db.add(supervision)
    # Every supervised second names its clerk: in the audit log as well as the record.
    audit.record(
        db,
        now,
        staff,
        "supervision_started",
        trainee.id_number,
        after={"supervision_id": supervision.id, "place": supervision.place},
        address=address,
    )
    db.commit()
    return schemas.SupervisionStarted(
        token=token,
        session_id=auth.id,
        must_change_password=trainee.must_change_password,
        trainee=schemas.TraineeRef(id_number=trainee.id_number, name=trainee.name),
        supervision=view(supervision, now),
    )


def live_query(now: dt.datetime) -> Select[Supervision]:
    """Supervisions live right now: not ended, within the centre's limit, and their
    trainee login still live (a logout or a login elsewhere ends the supervision's use)."""
    return (
        select(Supervision)
        .join(AuthSession, AuthSession.id == Supervision.auth_session_id)
        .where(
            Supervision.ended_at.is_(None),
            Supervision.ends_at > now,
            AuthSession.ended_at.is_(None),
            AuthSession.replaced_at.is_(None),
        )
        .order_by(Supervision.started_at)
    )


def live_of_staff(db: Session, staff: Staff, now: dt.datetime) -> list[Supervision]:
    """The supervisions `staff` holds right now (a logout or a login elsewhere frees them)."""
    return list(db.scalars(live_query(now).where(Supervision.staff_id == staff.id)))


def live_for(db: Session, staff: Staff, now: dt.datetime) -> list[tuple[Supervision, Trainee]]:
    """The live supervisions `staff` may end: a clerk, their centre's trainees'; an admin,
    every one."""
    query = live_query(now).add_columns(Trainee).join(
        Trainee, Trainee.id == Supervision.trainee_id
    )
    centre = centres.scope_of(staff)
    if centre is not None:
        query = query.where(centres.in_centre(centre))
    return [(s, t) for s, t in db.execute(query)]


def check_room_for_one_more(
    db: Session, context: ServerContext, staff: Staff, now: dt.datetime
) -> None:
    """FACE-8: a supervision means someone watching, so one staff member holds at most
    `supervisions_per_clerk` at once (409 `supervision_limit`, naming whom they supervise).
    The member's row is locked first: parallel starts are counted one after another."""
    lock_row_for_write(db, Staff, staff.id)
    db.expire_all()
    live = live_of_staff(db, staff, now)
    limit = context.settings.supervisions_per_clerk
    if len(live) < limit:
        return
    names = "、".join(mask_name(db.get_one(Trainee, s.trainee_id).name) for s in live)
    raise ApiError(
        "supervision_limit",
        f"您正在监督 {len(live)} 位学员（{names}），已达同时监督 {limit} 位的上限。"
        "请让其中一位学员退出登录，或在管理后台「监督学习」页面结束一位，再为下一位开始。",
        limit=limit,
        live=len(live),
    )


def end(
    db: Session, context: ServerContext, staff: Staff, supervision_id: str, address: str = ""
) -> tuple[Supervision, bool]:
    """The clerk ends it: the supervision stops covering time, and the trainee login it
    opened ends with it (the kiosk goes back to the login). True when this call ended it:
    the row is locked first, so of two parallel ends one writes it and its audit entry."""
    lock_row_for_write(db, Supervision, supervision_id)
    supervision = db.get(Supervision, supervision_id, populate_existing=True)
    if supervision is None:
        db.rollback()  # the lock goes now, not at the request's teardown
        raise ApiError("not_found", "没有找到这次监督学习。")
    trainee = db.get_one(Trainee, supervision.trainee_id)
    try:
        centres.check_trainee(db, staff, trainee)  # a clerk: their centre's trainees only
    except ApiError:
        db.rollback()
        raise
    now = context.now()
    ending = supervision.ended_at is None
    if ending:
        supervision.ended_at = now
        supervision.ended_by = "clerk"
        audit.record(
            db,
            now,
            staff,
            "supervision_ended",
            trainee.id_number,
            after={"supervision_id": supervision.id, "started_by": supervision.staff.username},
            address=address,
        )
        db.execute(
            update(AuthSession)
            .where(AuthSession.id == supervision.auth_session_id, AuthSession.ended_at.is_(None))
            .values(ended_at=now)
        )
    db.commit()
    return supervision, ending


def of_login(db: Session, auth_session_id: str) -> Supervision | None:
    return db.scalar(select(Supervision).where(Supervision.auth_session_id == auth_session_id))


def credited_by_login(db: Session, trainee_id: int) -> dict[str, float]:
    """The seconds credited under each of the trainee's logins (a supervision covers one)."""
    return {
        session_id: float(total or 0.0)
        for session_id, total in db.execute(
            select(ProgressEvent.session_id, func.sum(ProgressEvent.added_s))
            .where(ProgressEvent.trainee_id == trainee_id, ProgressEvent.status == "credited")
            .group_by(ProgressEvent.session_id)
        )
    }


def staff_list(
    db: Session, trainee: Trainee, now: dt.datetime
) -> list[schemas.StaffSupervisionOut]:
    """Every supervised session of the trainee, newest first, with the seconds it credited."""
    credited = credited_by_login(db, trainee.id)
    supervisions = db.scalars(
        select(Supervision)
        .where(Supervision.trainee_id == trainee.id)
        .order_by(Supervision.started_at.desc())
    )
    return [
        schemas.StaffSupervisionOut(
            **view(s, now).model_dump(),
            device_name=s.device_name,
            ended_by=s.ended_by,
            credited_s=round(credited.get(s.auth_session_id, 0.0), 3),
        )
        for s in supervisions
    ]
