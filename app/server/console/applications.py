"""The applications queue (APPLY-1): approve or reject, one by one or several at once,
always through a confirmation page; each decision applies exactly once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from app.server import schemas
from app.server.console import queries
from app.server.console.web import Page, page_with
from app.server.deps import Context, Db
from app.server.errors import ApiError
from app.server.models import Application
from app.server.services import applications

router = APIRouter()
Reader = Annotated[Page, page_with("applications.view")]
Reviewer = Annotated[Page, page_with("applications.decide")]
MAX_AT_ONCE = 200


@router.get("/applications")
def queue(page: Reader, db: Db) -> HTMLResponse:
    return page.render("applications.html", pending=queries.pending_applications(db))


def _chosen(db: Db, ids: list[int]) -> list[Application]:
    wanted = sorted(set(ids))[:MAX_AT_ONCE]
    return list(
        db.scalars(select(Application).where(Application.id.in_(wanted)).order_by(Application.id))
    )


@router.post("/applications/confirm")
def confirm(
    page: Reviewer,
    db: Db,
    ids: Annotated[list[int], Form()] = [],  # noqa: B006 (FastAPI reads it, never mutates)
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> HTMLResponse:
    chosen = _chosen(db, ids)
    problem = ""
    if not chosen:
        problem = "请先勾选要审核的申请。"
    elif decision not in ("approve", "reject"):
        problem = "请选择批准或驳回。"
    elif decision == "reject" and not reason.strip():
        problem = "驳回时请填写原因，学员会看到这个原因。"
    if problem:
        return page.render(
            "applications.html", pending=queries.pending_applications(db), error=problem, status=400
        )
    return page.render(
        "applications_confirm.html", chosen=chosen, decision=decision, reason=reason.strip()
    )


@router.post("/applications/decide")
def decide(
    page: Reviewer,
    db: Db,
    context: Context,
    ids: Annotated[list[int], Form()] = [],  # noqa: B006
    decision: Annotated[str, Form()] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> HTMLResponse:
    if decision not in ("approve", "reject") or not ids:
        raise ApiError("invalid_request", "请重新选择要审核的申请。")
    body = schemas.Decision(approve=decision == "approve", reason=reason)
    results = []
    for application_id in sorted(set(ids))[:MAX_AT_ONCE]:
        try:
            done = applications.decide(
                db, context, page.staff, application_id, body, page.address()
            )
            results.append(
                (
                    application_id,
                    done.enrollment.trainee.name,
                    "已批准" if body.approve else "已驳回",
                    True,
                )
            )
        except ApiError as exc:
            results.append((application_id, "", exc.message, False))
    return page.render("applications_done.html", results=results)
