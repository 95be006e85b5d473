"""Trainees: search, one trainee's page, failed checks' evidence, photo and password resets."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from app.server.console import queries
from app.server.console.web import Page, page_with
from app.server.deps import Context, Db
from app.server.errors import ApiError
from app.server.models import FaceCheck, FaceEvidence, Trainee
from app.server.services import centres, resets

router = APIRouter()
Viewer = Annotated[Page, page_with("trainees.view")]
Resetter = Annotated[Page, page_with("trainees.reset")]

RESETS = {
    "photo": ("重置照片", "学员下次登录时需要重新设置本人照片，之后的人脸识别都以新照片为准。"),
    "password": (
        "重置密码",
        "学员的密码恢复为初始密码 12345678，已登录的电脑全部退出，登录后必须修改密码。",
    ),
}


@router.get("/trainees")
def search(page: Viewer, db: Db, q: str = "") -> HTMLResponse:
    found = queries.search_trainees(db, q, centres.scope_of(page.staff))
    return page.render("trainees.html", q=q, found=found)


@router.get("/trainees/{id_number}")
def trainee(page: Viewer, db: Db, context: Context, id_number: str) -> HTMLResponse:
    try:
        found = resets.find_trainee(db, id_number, page.staff)
    except ApiError as exc:
        return page.refuse(exc)
    return page.render("trainee.html", t=queries.trainee_detail(db, found, context.now()))


@router.get("/evidence/{evidence_id}")
def evidence(page: Viewer, db: Db, evidence_id: int) -> Response:
    """A failed check's face crop, while it is kept (FACE-7: 30 days)."""
    found = db.execute(
        select(FaceEvidence.image, Trainee)
        .join(FaceCheck, FaceCheck.id == FaceEvidence.check_id)
        .join(Trainee, Trainee.id == FaceCheck.trainee_id)
        .where(FaceEvidence.id == evidence_id)
    ).first()
    if found is None:
        raise ApiError("not_found", "这张照片已超过保存期限（30天）被删除。")
    centres.check_trainee(db, page.staff, found[1])
    return Response(found[0], media_type="image/jpeg")


@router.get("/trainees/{id_number}/{kind}-reset")
def confirm_reset(page: Resetter, db: Db, id_number: str, kind: str) -> HTMLResponse:
    if kind not in RESETS:
        raise ApiError("not_found")
    try:
        found = resets.find_trainee(db, id_number, page.staff)
    except ApiError as exc:
        return page.refuse(exc)
    title, effect = RESETS[kind]
    return page.render("reset.html", trainee=found, kind=kind, title=title, effect=effect)


@router.post("/trainees/{id_number}/{kind}-reset")
def reset(
    page: Resetter,
    db: Db,
    context: Context,
    id_number: str,
    kind: str,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> HTMLResponse:
    if kind not in RESETS:
        raise ApiError("not_found")
    try:
        found = resets.find_trainee(db, id_number, page.staff)
    except ApiError as exc:
        return page.refuse(exc)
    title, effect = RESETS[kind]
    if not reason.strip():
        return page.render(
            "reset.html",
            trainee=found,
            kind=kind,
            title=title,
            effect=effect,
            error="请填写原因（例如：学员来电，照片拍错了）。",
            status=400,
        )
    action = resets.reset_photo if kind == "photo" else resets.reset_password
    action(db, context, page.staff, found, reason.strip(), page.address())
    return page.notice(
        f"已{title}",
        f"{found.name}（{found.id_number}）已{title}。原因已记录。",
        f"/console/trainees/{found.id_number}",
        "返回学员页面",
    )
