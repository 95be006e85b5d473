"""What every console page shares: templates, the sign-in cookie, CSRF, role checks.

The console signs in with the same staff logins as the API (`AuthSession`): the token
lives in an HttpOnly, SameSite=Strict cookie, so the 8-hour limit, the end on a password
change and the role table hold for pages exactly as for `/admin` calls. Every form carries
a CSRF token bound to the login (HMAC of its id with the server's secret); the sign-in
form, before any login, a double-submit cookie.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select

from app.core import support
from app.server import roles
from app.server.context import CHINA_TZ, ServerContext
from app.server.deps import Context, Db, staff_for_session
from app.server.errors import ApiError
from app.server.models import AuthSession, Staff
from app.server.security import token_digest

COOKIE = "cedu_staff"
LOGIN_CSRF_COOKIE = "cedu_login_csrf"
HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")

# The menu, in order: (permission, path, label). A page added for a role adds a row.
MENU = (
    ("dashboard.view", "/console/", "首页"),
    ("trainees.view", "/console/trainees", "学员"),
    ("applications.view", "/console/applications", "申请审核"),
    ("enrollments.import", "/console/import", "导入报名"),
    ("orders.manage", "/console/orders", "订单缴费"),
    ("exports.read", "/console/exports", "导出"),
    ("audit.read", "/console/audit", "操作记录"),
    ("supervision.run", "/console/supervisions", "监督学习"),
    ("face_deletions.read", "/console/face-data-deletions", "人脸数据删除"),
    ("staff.manage", "/console/staff", "工作人员"),
)


def china_time(value: dt.datetime | None) -> str:
    return value.astimezone(CHINA_TZ).strftime("%Y年%m月%d日 %H:%M") if value else ""


def china_date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month:02d}月{value.day:02d}日" if value else ""


# A face check's purpose (API.md's codes) in the words staff read: UX.md's 人脸识别 for
# the check itself, so 核验 stays the word of the clerk's ID card check (人工核验).
CHECK_PURPOSES = {
    "lesson_start": "开始学习前",
    "periodic": "学习中途",
    "exam": "考试",
    "photo_confirm": "确认本人照片",
}


def check_purpose(code: str) -> str:
    return CHECK_PURPOSES.get(code, code)


templates.env.filters["time"] = china_time
templates.env.filters["purpose"] = check_purpose
templates.env.filters["date"] = china_date
templates.env.globals["support_line"] = support.SUPPORT_CLIENT
templates.env.globals["role_names"] = roles.ROLE_NAMES


class SignInNeeded(Exception):  # noqa: N818 (a redirect, not an error)
    """Not signed in (or the login ended): the page answers with the sign-in page."""


def csrf_token(secret: str, auth_id: str) -> str:
    return hmac.new(secret.encode(), f"csrf:{auth_id}".encode(), hashlib.sha256).hexdigest()


class Page:
    """The signed-in staff member and their login, for one request."""

    def __init__(self, request: Request, staff: Staff, auth: AuthSession, secret: str) -> None:
        self.request = request
        self.staff = staff
        self.auth = auth
        self.csrf = csrf_token(secret, auth.id)

    def can(self, permission: str) -> bool:
        return roles.allows(self.staff.role, permission)

    def render(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        menu = [(path, label) for permission, path, label in MENU if self.can(permission)]
        return templates.TemplateResponse(
            self.request,
            template,
            {"page": self, "staff": self.staff, "csrf": self.csrf, "menu": menu, **values},
            status_code=status,
        )

    def notice(self, title: str, message: str, back: str, back_label: str) -> HTMLResponse:
        """What was done, in plain words, with the one way back."""
        return self.render(
            "notice.html", title=title, message=message, back=back, back_label=back_label
        )

    def refuse(self, error: ApiError) -> HTMLResponse:
        """A refusal in plain words, with the way back."""
        return self.render("refusal.html", status=error.status, error=error)

    def address(self) -> str:
        return self.request.client.host if self.request.client else ""


def _signed_in(request: Request, db: Db, context: Context) -> tuple[Staff, AuthSession]:
    token = request.cookies.get(COOKIE, "")
    if not token:
        raise SignInNeeded
    auth = db.scalar(select(AuthSession).where(AuthSession.token_hash == token_digest(token)))
    now = context.now()
    if auth is None or auth.staff_id is None or auth.ended_at is not None:
        raise SignInNeeded
    if now - auth.last_seen_at > dt.timedelta(seconds=context.settings.token_idle_s):
        raise SignInNeeded
    try:
        staff = staff_for_session(db, context, auth)
    except ApiError as exc:
        raise SignInNeeded from exc
    return staff, auth


async def _form_csrf(request: Request) -> str:
    if request.method != "POST":
        return ""
    form = await request.form()
    value = form.get("csrf", "")
    return value if isinstance(value, str) else ""


def page_with(permission: str) -> Any:
    """A dependency: the page's signed-in staff member, if their role allows
    `permission`; on POST, only with the login's CSRF token."""

    def check(
        request: Request,
        db: Db,
        context: Context,
        form_csrf: Annotated[str, Depends(_form_csrf)],
    ) -> Page:
        staff, auth = _signed_in(request, db, context)
        page = Page(request, staff, auth, context.secret)
        if request.method == "POST" and not hmac.compare_digest(form_csrf, page.csrf):
            raise ApiError("forbidden", "页面已过期，请返回刷新后再操作。", reason="csrf")
        if not page.can(permission):
            raise ApiError("forbidden", "您的角色不能使用这个页面。如需要，请联系省级管理员。")
        return page

    return Depends(check)


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)


def redirect(path: str) -> RedirectResponse:
    # 303: the browser follows a POST with a GET (no resubmission on reload)
    return RedirectResponse(path, status_code=303)


def sign_in_redirect(request: Request) -> Response:
    wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return redirect(f"/console/login?next={quote(wanted)}")


def plain_refusal(request: Request, error: ApiError) -> HTMLResponse:
    """A refusal for someone not (or no longer) signed in: no menu, no names."""
    return templates.TemplateResponse(
        request,
        "refusal.html",
        {"page": None, "staff": None, "csrf": "", "menu": [], "error": error},
        status_code=error.status,
    )


def is_console(request: Request) -> bool:
    return request.url.path.startswith("/console/") or request.url.path == "/console"


def context_of(request: Request) -> ServerContext:
    context: ServerContext = request.app.state.context
    return context
