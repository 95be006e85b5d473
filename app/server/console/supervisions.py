"""Live supervised sessions (FACE-8): the clerk ends one here when the trainee leaves the
kiosk without logging out, or to free a place under the per-clerk limit. A clerk sees and
ends their centre's; an administrator every one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from app.server.console.web import Page, page_with
from app.server.deps import Context, Db
from app.server.errors import ApiError
from app.server.models import Trainee
from app.server.services import supervision

router = APIRouter()
Clerk = Annotated[Page, page_with("supervision.run")]
BACK = "/console/supervisions"


@router.get("/supervisions")
def live(page: Clerk, db: Db, context: Context) -> HTMLResponse:
    rows = supervision.live_for(db, page.staff, context.now())
    return page.render("supervisions.html", rows=rows, mine=page.staff.id)


@router.post("/supervisions/{supervision_id}/end")
def end(page: Clerk, db: Db, context: Context, supervision_id: str) -> HTMLResponse:
    try:
        ended, now_ended = supervision.end(
            db, context, page.staff, supervision_id[:36], page.address()
        )
    except ApiError as exc:
        return page.refuse(exc)
    trainee = db.get_one(Trainee, ended.trainee_id)
    who = f"{trainee.name}（{trainee.id_number}）"
    if not now_ended:  # a second click, or another clerk was first
        return page.notice(
            "监督学习已经结束",
            f"{who} 的监督学习已经结束，不用再操作。",
            BACK,
            "返回监督学习",
        )
    return page.notice(
        "已结束监督学习",
        f"已结束 {who} 的监督学习：从现在起学习不再计入学时，"
        f"{ended.device_name or '那台电脑'}上的学员已退出登录。",
        BACK,
        "返回监督学习",
    )
