"""Supervised study (FACE-8): a clerk opens and ends a trainee's supervised session at a
training centre; staff read who supervised whom and what face data was deleted."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Request
from sqlalchemy import select

from app.server import schemas
from app.server.deps import Context, Db, client_address, staff_with
from app.server.models import FaceDataDeletion, Staff, Trainee
from app.server.services import centres, face_data, supervision

router = APIRouter(tags=["supervised study"])
Clerk = Annotated[Staff, staff_with("supervision.run")]
TraineeReader = Annotated[Staff, staff_with("trainees.view")]
DeletionReader = Annotated[Staff, staff_with("face_deletions.read")]


@router.post("/supervision/sessions", status_code=201)
def start_supervision(
    body: schemas.SupervisionStart, staff: Clerk, db: Db, context: Context, request: Request
) -> schemas.SupervisionStarted:
    """The clerk has checked the trainee's ID card in person (核验身份证) and opens a
    trainee login under their supervision on this kiosk."""
    return supervision.start(db, context, staff, body, client_address(request))


@router.post("/supervision/sessions/{supervision_id}/end")
def end_supervision(
    supervision_id: str, staff: Clerk, db: Db, context: Context, request: Request
) -> schemas.SupervisionOut:
    ended, _ = supervision.end(db, context, staff, supervision_id[:36], client_address(request))
    return supervision.view(ended, context.now())


@router.get("/admin/trainees/{id_number}/supervisions")
def trainee_supervisions(
    id_number: str, staff: TraineeReader, db: Db, context: Context
) -> list[schemas.StaffSupervisionOut]:
    trainee = supervision.trainee_by_id_number(db, id_number)
    centres.check_trainee(db, staff, trainee)  # a clerk: only their centre's trainees
    return supervision.staff_list(db, trainee, context.now())


@router.get("/admin/face-data-deletions")
def face_data_deletions(
    _staff: DeletionReader, db: Db, since: dt.datetime | None = None, limit: int = 200
) -> list[schemas.DeletionOut]:
    """What withdrawal and the retention job deleted, newest first."""
    query = (
        select(FaceDataDeletion, Trainee.id_number)
        .outerjoin(Trainee, Trainee.id == FaceDataDeletion.trainee_id)
        .order_by(FaceDataDeletion.at.desc(), FaceDataDeletion.id.desc())
        .limit(max(1, min(limit, 1000)))
    )
    if since is not None:
        query = query.where(FaceDataDeletion.at >= since)
    return [face_data.deletions_view(row, id_number) for row, id_number in db.execute(query)]
