"""Payment orders (PAY-2): expire after 30 minutes; an enrollment is never paid twice."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.core import rules
from app.server.context import CHINA_TZ, ServerContext
from app.server.errors import ApiError
from app.server.models import Enrollment, Order, OrderItem, Staff
from app.server.services import audit


def create_order(
    db: Session,
    context: ServerContext,
    enrollment_ids: list[int],
    *,
    staff: Staff | None = None,
    address: str = "",
) -> Order:
    wanted = sorted(set(enrollment_ids))
    enrollments = db.scalars(select(Enrollment).where(Enrollment.id.in_(wanted))).all()
    missing = set(wanted) - {e.id for e in enrollments}
    if missing:
        raise ApiError("not_found", "没有找到这些报名。", enrollment_ids=sorted(missing))
    paid = sorted(e.id for e in enrollments if e.paid_at is not None)
    if paid:
        raise ApiError("already_paid", enrollment_ids=paid)
    now = context.now()
    order = Order(
        id=uuid.uuid4().hex,
        status="pending",
        amount_fen=round(context.settings.fee_yuan * 100) * len(wanted),
        created_at=now,
        expires_at=now + dt.timedelta(minutes=context.settings.order_minutes),
    )
    db.add(order)
    db.flush()
    db.add_all(OrderItem(order_id=order.id, enrollment_id=e) for e in wanted)
    audit.record(
        db,
        now,
        staff,
        "order_created",
        order.id,
        after={"enrollments": wanted, "amount_fen": order.amount_fen},
        address=address,
    )
    db.commit()
    return order


def pay_order(
    db: Session,
    context: ServerContext,
    order_id: str,
    *,
    staff: Staff | None = None,
    address: str = "",
) -> Order:
    order = db.get(Order, order_id)
    if order is None:
        raise ApiError("not_found", "没有找到这个订单。")
    now = context.now()
    if order.status == "paid":
        raise ApiError("already_paid")
    if now >= order.expires_at:
        raise ApiError("order_expired")
    # Conditional updates make paying twice impossible even for parallel requests: only
    # one of them moves the order from pending, and no enrollment is paid twice.
    moved = db.execute(
        update(Order)
        .where(Order.id == order.id, Order.status == "pending")
        .values(status="paid", paid_at=now)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        db.rollback()
        raise ApiError("already_paid")
    ids = [item.enrollment_id for item in order.items]
    opens, closes = rules.study_period(now.astimezone(CHINA_TZ).date(), context.settings.study_days)
    paid = db.execute(
        update(Enrollment)
        .where(Enrollment.id.in_(ids), Enrollment.paid_at.is_(None))
        .values(paid_at=now, study_opens_on=opens, study_closes_on=closes)
    )
    if paid.rowcount != len(ids):  # type: ignore[attr-defined]
        db.rollback()  # one of them was paid through another order meanwhile
        raise ApiError("already_paid")
    audit.record(
        db,
        now,
        staff,
        "order_paid",
        order.id,
        before={"status": "pending"},
        after={"status": "paid", "enrollments": ids},
        address=address,
    )
    db.commit()
    db.refresh(order)
    return order
