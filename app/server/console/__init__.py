"""The staff console at /console/: server-rendered pages (Jinja2), no JavaScript needed,
no CDN. Pages are grouped in routers by what they serve; each page names the permission
it needs (app.server.roles), so a new page or role adds a router and a table row.
Also the offline API docs at /api/v1/docs, for signed-in staff only."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Annotated

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.server.console import (
    applications,
    home,
    money,
    records,
    supervisions,
    trainees,
    web,
)
from app.server.errors import JSON_HANDLERS, ApiError

DOCS_STATIC = Path(fastapi_offline.__file__).parent / "static"


def _docs_page(openapi_url: str) -> tuple[bytes, str]:
    """Swagger UI from the local files; its one inline script allowed by its hash."""
    html = get_swagger_ui_html(
        openapi_url=openapi_url,
        title="cedu API",
        swagger_js_url="/console/static/docs/swagger-ui-bundle.js",
        swagger_css_url="/console/static/docs/swagger-ui.css",
        swagger_favicon_url="/console/static/docs/favicon.png",
    ).body
    inline = re.search(rb"<script>(.*?)</script>", bytes(html), re.S)
    assert inline is not None
    digest = base64.b64encode(hashlib.sha256(inline.group(1)).digest()).decode()
    policy = (
        f"default-src 'none'; script-src 'self' 'sha256-{digest}'; style-src 'self' "
        "'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'self'"
    )
    return bytes(html), policy


def install_console(app: FastAPI, docs_url: str, openapi_url: str) -> None:
    for module in (home, trainees, applications, supervisions, money, records):
        app.include_router(module.router, prefix="/console", include_in_schema=False)
    app.mount("/console/static/docs", StaticFiles(directory=DOCS_STATIC), name="docs-static")
    app.mount("/console/static", StaticFiles(directory=web.HERE / "static"), name="console-static")
    docs_html, docs_policy = _docs_page(openapi_url)

    @app.get(docs_url, include_in_schema=False)
    def docs(_page: Annotated[web.Page, web.page_with("docs.read")]) -> Response:
        return HTMLResponse(docs_html, headers={"Content-Security-Policy": docs_policy})

    @app.get("/console", include_in_schema=False)
    def console_root() -> Response:
        return web.redirect("/console/")

    _install_html_errors(app, docs_url)


def _install_html_errors(app: FastAPI, docs_url: str) -> None:
    """Console pages answer refusals as pages and send the signed-out to the sign-in
    page; everything else keeps API.md's JSON errors."""

    def for_pages(request: Request) -> bool:
        return web.is_console(request) or request.url.path == docs_url

    async def signed_out(request: Request, _exc: Exception) -> Response:
        return web.sign_in_redirect(request)

    def wrap(kind: type[Exception]) -> None:
        json_handler = JSON_HANDLERS[kind]

        async def handler(request: Request, exc: Exception) -> Response:
            if not for_pages(request):
                return await json_handler(request, exc)
            if isinstance(exc, ApiError):
                error = exc
            elif isinstance(exc, StarletteHTTPException) and exc.status_code == 404:
                error = ApiError("not_found", "没有这个页面。")
            elif isinstance(exc, RequestValidationError | StarletteHTTPException | ArithmeticError):
                error = ApiError("invalid_request", "填写的内容不正确，请返回检查后再提交。")
            else:
                await json_handler(request, exc)  # logs it
                error = ApiError("internal_error")
            return web.plain_refusal(request, error)

        app.add_exception_handler(kind, handler)

    for kind in JSON_HANDLERS:
        wrap(kind)
    app.add_exception_handler(web.SignInNeeded, signed_out)
