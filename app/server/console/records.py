"""Exports (.xlsx, formulas neutralised), the audit log, and staff accounts (admins)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from app.server import roles
from app.server.console import queries
from app.server.console.web import Page, page_with
from app.server.context import CHINA_TZ
from app.server.deps import Context, Db
from app.server.errors import ApiError
from app.server.models import AuditEntry, Staff
from app.server.services import audit, exports
from app.server.services import staff as staff_accounts

router = APIRouter()
Exporter = Annotated[Page, page_with("exports.read")]
Auditor = Annotated[Page, page_with("audit.read")]
DeletionReader = Annotated[Page, page_with("face_deletions.read")]
Admin = Annotated[Page, page_with("staff.manage")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUDIT_PAGE = 200


def _xlsx(data: bytes, name: str) -> Response:
    return Response(
        data, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _note_export(
    page: Page, db: Db, context: Context, what: str, after: dict[str, object]
) -> None:
    """Every export is in the audit log (who took which rows), written before the file goes."""
    audit.record(db, context.now(), page.staff, "export", what, after=after, address=page.address())
    db.commit()


def _day(text: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else default
    except ValueError as exc:
        raise ApiError("invalid_request", "日期请写成 YYYY-MM-DD。") from exc


@router.get("/exports")
def export_form(page: Exporter, context: Context) -> HTMLResponse:
    today = context.today()
    return page.render("exports.html", first=today.replace(day=1), last=today)


@router.get("/exports/passed.xlsx")
def passed(page: Exporter, db: Db, context: Context, first: str = "", last: str = "") -> Response:
    today = context.today()
    since, until = _day(first, today.replace(day=1)), _day(last, today)
    rows = [
        (
            e.trainee.id_number,
            e.trainee.name,
            e.trade.name,
            e.certificate_number,
            e.certificate_expires_on.isoformat(),
            e.enterprise_credit_code or "",
            when.astimezone(CHINA_TZ).date().isoformat(),
        )
        for e, when in queries.passed_between(db, since, until)
    ]
    after = {"first": str(since), "last": str(until), "rows": len(rows)}
    _note_export(page, db, context, "passed", after)
    header = (
        "身份证号",
        "姓名",
        "工种",
        "证书编号",
        "证书有效期至",
        "统一社会信用代码",
        "合格日期",
    )
    return _xlsx(exports.workbook_bytes("考试合格", header, rows), f"passed-{since}-{until}.xlsx")


@router.get("/exports/progress.xlsx")
def progress(page: Exporter, db: Db, context: Context, credit_code: str = "") -> Response:
    rows = [
        (
            e.trainee.id_number,
            e.trainee.name,
            e.trade.name,
            e.enterprise_credit_code or "",
            "已缴费" if e.paid_at else "未缴费",
            round(100 * done / total) if total else 0,
        )
        for e, done, total in queries.progress_list(db, credit_code[:18])
    ]
    after = {"credit_code": credit_code[:18], "rows": len(rows)}
    _note_export(page, db, context, "progress", after)
    header = ("身份证号", "姓名", "工种", "统一社会信用代码", "缴费", "学习进度%")
    return _xlsx(exports.workbook_bytes("学习进度", header, rows), "progress.xlsx")


def _audit_entries(
    db: Db, staff: str, action: str, target: str, first: str, last: str
) -> list[AuditEntry]:
    since = queries.day_start(_day(first, dt.date(2000, 1, 1))) if first else None
    until = (
        queries.day_start(_day(last, dt.date(2000, 1, 1)) + dt.timedelta(days=1)) if last else None
    )
    statement = audit.query(
        staff_username=staff[:64], action=action[:32], target=target[:64], since=since, until=until
    )
    return list(db.scalars(statement.limit(AUDIT_PAGE)))


@router.get("/audit")
def audit_log(
    page: Auditor,
    db: Db,
    staff: str = "",
    action: str = "",
    target: str = "",
    first: str = "",
    last: str = "",
) -> HTMLResponse:
    entries = _audit_entries(db, staff, action, target, first, last)
    filters = {"staff": staff, "action": action, "target": target, "first": first, "last": last}
    return page.render("audit.html", entries=entries, filters=filters, actions=audit.ACTION_NAMES)


@router.get("/face-data-deletions")
def face_data_deletions(page: DeletionReader, db: Db) -> HTMLResponse:
    """FACE-8: what was deleted of trainees' face data, whose, why and when."""
    return page.render(
        "face_deletions.html",
        rows=queries.face_data_deletions(db),
        limit=queries.DELETIONS_PAGE,
    )


@router.get("/audit.xlsx")
def audit_export(
    page: Auditor,
    db: Db,
    context: Context,
    staff: str = "",
    action: str = "",
    target: str = "",
    first: str = "",
    last: str = "",
) -> Response:
    entries = _audit_entries(db, staff, action, target, first, last)
    rows = [
        (
            e.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S"),
            e.staff_username,
            audit.ACTION_NAMES.get(e.action, e.action),
            e.target,
            str(e.before or ""),
            str(e.after or ""),
            e.reason,
            e.address,
        )
        for e in entries
    ]
    _note_export(page, db, context, "audit", {"rows": len(rows)})
    header = ("时间", "工作人员", "操作", "对象", "之前", "之后", "原因", "地址")
    return _xlsx(exports.workbook_bytes("操作记录", header, rows), "audit.xlsx")


@router.get("/staff")
def staff_list(page: Admin, db: Db) -> HTMLResponse:
    return _staff_page(page, db)


def _staff_page(page: Page, db: Db, error: str = "", status: int = 200) -> HTMLResponse:
    return page.render(
        "staff.html",
        members=staff_accounts.listing(db),
        roles=roles.ROLE_NAMES,
        error=error,
        status=status,
    )


@router.post("/staff")
def staff_create(
    page: Admin,
    db: Db,
    context: Context,
    username: Annotated[str, Form(max_length=64)] = "",
    display_name: Annotated[str, Form(max_length=64)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    centre_code: Annotated[str, Form(max_length=32)] = "",
) -> HTMLResponse:
    try:
        staff_accounts.create(
            db,
            context.now(),
            username=username,
            password=password,
            role=role,
            display_name=display_name,
            centre_code=centre_code,
            by=page.staff,
            address=page.address(),
        )
    except ApiError as exc:
        return _staff_page(page, db, exc.message, exc.status)
    return page.notice(
        "已新建工作人员",
        f"{username} 已新建，可以登录了。",
        "/console/staff",
        "返回工作人员列表",
    )


@router.post("/staff/{username}/reset")
def staff_reset(
    page: Admin,
    db: Db,
    context: Context,
    username: str,
    password: Annotated[str, Form(max_length=256)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> HTMLResponse:
    try:
        member = staff_accounts.find(db, username)
        staff_accounts.reset_password(
            db,
            context.now(),
            member,
            password,
            by=page.staff,
            reason=reason,
            address=page.address(),
        )
    except ApiError as exc:
        return page.refuse(exc)
    return page.notice(
        "已重置密码",
        f"{username} 的密码已重置，原来的登录全部退出。",
        "/console/staff",
        "返回工作人员列表",
    )


NOT_DISABLED = "不能停用这个账号（不能停用自己）。"


def _another_member(page: Page, db: Db, username: str) -> Staff | None:
    """The staff account of that name, unless it is the signed-in admin's own."""
    member = db.scalar(select(Staff).where(Staff.username == username))
    return None if member is None or member.id == page.staff.id else member


@router.get("/staff/{username}/disable")
def staff_disable_confirm(page: Admin, db: Db, username: str) -> HTMLResponse:
    member = _another_member(page, db, username)
    if member is None:
        return page.refuse(ApiError("forbidden", NOT_DISABLED))
    return page.render("staff_disable.html", member=member, roles=roles.ROLE_NAMES)


@router.post("/staff/{username}/disable")
def staff_disable(page: Admin, db: Db, context: Context, username: str) -> HTMLResponse:
    member = _another_member(page, db, username)
    if member is None:
        return page.refuse(ApiError("forbidden", NOT_DISABLED))
    staff_accounts.disable(db, context.now(), member, by=page.staff, address=page.address())
    return page.notice(
        "已停用",
        f"{username} 已停用，不能再登录。",
        "/console/staff",
        "返回工作人员列表",
    )
