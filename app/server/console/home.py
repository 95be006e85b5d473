"""Sign-in, sign-out, the dashboard and changing one's own password."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import update

from app.server.console import queries
from app.server.console.web import (
    COOKIE,
    LOGIN_CSRF_COOKIE,
    Page,
    new_login_csrf,
    page_with,
    redirect,
    templates,
)
from app.server.deps import Context, Db, client_address
from app.server.errors import ApiError
from app.server.models import AuthSession
from app.server.services import staff as staff_accounts
from app.server.services.staff import SESSION_LIFETIME

router = APIRouter()
Anyone = Annotated[Page, page_with("dashboard.view")]


def _safe_next(target: str) -> str:
    # Only back into the console or the docs: never an open redirect to another site.
    if target.startswith(("/console/", "/api/v1/docs")) and not target.startswith("//"):
        return target
    return "/console/"


def _login_page(
    request: Request, next_path: str, username: str = "", error: str = "", status: int = 200
) -> HTMLResponse:
    token = new_login_csrf()
    response = templates.TemplateResponse(
        request,
        "login.html",
        {
            "page": None,
            "staff": None,
            "menu": [],
            "csrf": "",
            "login_csrf": token,
            "next": _safe_next(next_path),
            "username": username,
            "error": error,
        },
        status_code=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        path="/console/login",
        secure=request.url.scheme == "https",
    )
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/console/") -> HTMLResponse:
    return _login_page(request, next)


@router.post("/login")
def login(
    request: Request,
    db: Db,
    context: Context,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=500)] = "/console/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, csrf):
        return _login_page(request, next, username, "页面已过期，请重新输入后登录。", 403)
    try:
        token = staff_accounts.login(
            db,
            context.now(),
            username=username.strip(),
            password=password,
            address=client_address(request),
        )
    except ApiError as exc:
        return _login_page(request, next, username, exc.message, exc.status)
    response = redirect(_safe_next(next))
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="strict",
        path="/",
        max_age=int(SESSION_LIFETIME.total_seconds()),
        secure=request.url.scheme == "https",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/console/login")
    return response


@router.post("/logout")
def logout(page: Anyone, db: Db, context: Context) -> Response:
    db.execute(
        update(AuthSession).where(AuthSession.id == page.auth.id).values(ended_at=context.now())
    )
    db.commit()
    response = redirect("/console/login")
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/")
def dashboard(page: Anyone, db: Db, context: Context) -> HTMLResponse:
    return page.render("dashboard.html", d=queries.dashboard(db, context.now()))


@router.get("/password")
def password_form(page: Anyone) -> HTMLResponse:
    return page.render("password.html")


@router.post("/password")
def change_password(
    page: Anyone,
    db: Db,
    context: Context,
    old: Annotated[str, Form(max_length=256)] = "",
    new: Annotated[str, Form(max_length=256)] = "",
    again: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    if new != again:
        return page.render("password.html", error="两次输入的新密码不一致。")
    try:
        staff_accounts.change_own_password(
            db, context.now(), page.staff, old=old, new=new, address=page.address()
        )
    except ApiError as exc:
        return page.render("password.html", error=exc.message, status=exc.status)
    # Every login of this account ended with the old password, this one too.
    response = redirect("/console/login")
    response.delete_cookie(COOKIE, path="/")
    return response
