"""The audit log: every staff action, added in the same transaction as the action itself,
so an action without its entry (or an entry without its action) cannot be committed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.server.models import AuditEntry, Staff

ACTION_NAMES = {
    "staff_login": "登录",
    "application_approved": "批准申请",
    "application_rejected": "驳回申请",
    "photo_reset": "重置照片",
    "password_reset": "重置学员密码",
    "enrollments_imported": "导入报名",
    "order_created": "生成订单",
    "order_paid": "确认缴费",
    "export": "导出",
    "staff_created": "新建工作人员",
    "staff_password_reset": "重置工作人员密码",
    "staff_password_changed": "修改本人密码",
    "staff_disabled": "停用工作人员",
    "supervision_started": "开始监督学习",
    "supervision_ended": "结束监督学习",
}


def record(
    db: Session,
    now: dt.datetime,
    staff: Staff | None,
    action: str,
    target: str = "",
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    address: str = "",
) -> None:
    """Adds the entry; the caller's commit writes it with the action."""
    db.add(
        AuditEntry(
            at=now,
            staff_id=staff.id if staff else None,
            staff_username=staff.username if staff else "cli",
            action=action,
            target=target[:64],
            before=before,
            after=after,
            reason=reason[:2000],
            address=address[:64],
        )
    )


def query(
    *,
    staff_username: str = "",
    action: str = "",
    target: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> Select[AuditEntry]:
    statement = select(AuditEntry).order_by(AuditEntry.id.desc())
    if staff_username:
        statement = statement.where(AuditEntry.staff_username == staff_username)
    if action:
        statement = statement.where(AuditEntry.action == action)
    if target:
        statement = statement.where(AuditEntry.target == target)
    if since:
        statement = statement.where(AuditEntry.at >= since)
    if until:
        statement = statement.where(AuditEntry.at < until)
    return statement
