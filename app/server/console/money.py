"""Enrollment import (a preview with each row's error, then commit) and payment orders."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, UploadFile
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from app.server.console import queries
from app.server.console.web import Page, page_with
from app.server.context import ServerContext
from app.server.deps import Context, Db
from app.server.errors import ApiError
from app.server.models import Enrollment, Order
from app.server.services import imports, orders

router = APIRouter()
Importer = Annotated[Page, page_with("enrollments.import")]
Cashier = Annotated[Page, page_with("orders.manage")]
_STAGED = re.compile(r"^[0-9a-f]{32}\.(xlsx|csv)$")


STAGED_FOR_S = 3600  # a preview not committed within an hour is gone


def _staging(context: ServerContext) -> Path:
    """Uploads waiting for their commit, in the data dir (any server process may get it).
    Previews never committed are removed an hour later, so they cannot fill the disk."""
    folder = context.settings.data_dir / "import-staging"
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - STAGED_FOR_S
    for old in folder.iterdir():
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:
            pass  # removed meanwhile by another request
    return folder


@router.get("/import")
def import_form(page: Importer) -> HTMLResponse:
    return page.render("import.html")


@router.post("/import/preview")
def preview(page: Importer, db: Db, context: Context, file: UploadFile) -> HTMLResponse:
    name = file.filename or ""
    data = file.file.read()
    try:
        outcome = imports.import_enrollments(db, context, name, data, commit=False)
    except ApiError as exc:
        return page.render("import.html", error=exc.message, status=exc.status)
    suffix = "csv" if name.lower().endswith(".csv") else "xlsx"
    staged = f"{secrets.token_hex(16)}.{suffix}"
    (_staging(context) / staged).write_bytes(data)
    return page.render("import_preview.html", outcome=outcome, staged=staged, filename=name)


@router.post("/import/commit")
def commit(
    page: Importer,
    db: Db,
    context: Context,
    staged: Annotated[str, Form(max_length=64)] = "",
    filename: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    path = _staging(context) / staged
    if not _STAGED.match(staged) or not path.exists():
        return page.render("import.html", error="这次预览已失效，请重新上传文件。", status=410)
    data = path.read_bytes()
    path.unlink(missing_ok=True)
    suffix = staged.rsplit(".", 1)[1]
    name = filename if filename.lower().endswith(f".{suffix}") else f"import.{suffix}"
    try:
        outcome = imports.import_enrollments(
            db, context, name, data, staff=page.staff, address=page.address()
        )
    except ApiError as exc:
        return page.render("import.html", error=exc.message, status=exc.status)
    return page.render("import_done.html", outcome=outcome)


@router.get("/orders")
def order_list(page: Cashier, db: Db, context: Context) -> HTMLResponse:
    return _orders_page(page, db, context)


def _orders_page(
    page: Page, db: Db, context: Context, error: str = "", status: int = 200
) -> HTMLResponse:
    return page.render(
        "orders.html",
        unpaid=queries.unpaid_enrollments(db),
        orders=queries.recent_orders(db),
        now=context.now(),
        error=error,
        status=status,
    )


@router.post("/orders/confirm")
def confirm_order(
    page: Cashier,
    db: Db,
    context: Context,
    ids: Annotated[list[int], Form()] = [],  # noqa: B006
) -> HTMLResponse:
    chosen = db.scalars(select(Enrollment).where(Enrollment.id.in_(sorted(set(ids))[:1000]))).all()
    if not chosen:
        return _orders_page(page, db, context, "请先勾选要缴费的报名。", 400)
    amount = context.settings.fee_yuan * len(chosen)
    return page.render("order_confirm.html", chosen=chosen, amount=amount)


@router.post("/orders")
def create(
    page: Cashier,
    db: Db,
    context: Context,
    ids: Annotated[list[int], Form()] = [],  # noqa: B006
) -> HTMLResponse:
    try:
        order = orders.create_order(db, context, ids, staff=page.staff, address=page.address())
    except ApiError as exc:
        return page.refuse(exc)
    return page.notice(
        "订单已生成",
        (
            f"订单 {order.id} 已生成，金额 {order.amount_fen / 100:.2f} 元，30分钟内有效。"
            "收到款项后请点“确认缴费”。"
        ),
        "/console/orders",
        "返回订单列表",
    )


@router.get("/orders/{order_id}/pay")
def confirm_pay(page: Cashier, db: Db, order_id: str) -> HTMLResponse:
    order = db.get(Order, order_id[:32])
    if order is None:
        return page.refuse(ApiError("not_found", "没有找到这个订单。"))
    return page.render("pay_confirm.html", order=order)


@router.post("/orders/{order_id}/pay")
def pay(page: Cashier, db: Db, context: Context, order_id: str) -> HTMLResponse:
    try:
        order = orders.pay_order(
            db, context, order_id[:32], staff=page.staff, address=page.address()
        )
    except ApiError as exc:
        return page.refuse(exc)
    return page.notice(
        "已确认缴费",
        f"订单 {order.id} 已缴费，{len(order.items)} 个报名的学习期限从今天开始。",
        "/console/orders",
        "返回订单列表",
    )
