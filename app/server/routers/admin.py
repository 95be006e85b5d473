"""Staff: the reference server's own administration, by role (app.server.roles).
Trainee tokens get 403 here; every action is written to the audit log with it."""

from typing import Annotated

from fastapi import APIRouter, Request, Response, UploadFile
from sqlalchemy import select

from app.core.errors import DomainError
from app.core.ids import normalize_id_number
from app.server import schemas
from app.server.deps import Context, Db, client_address, staff_with
from app.server.errors import ApiError
from app.server.models import Staff, Trainee
from app.server.services import accounts, applications, audit, imports, orders
from app.server.services import staff as staff_accounts

router = APIRouter(prefix="/admin", tags=["staff"])

Reviewer = Annotated[Staff, staff_with("applications.decide")]
ApplicationReader = Annotated[Staff, staff_with("applications.view")]
Resetter = Annotated[Staff, staff_with("trainees.reset")]
Importer = Annotated[Staff, staff_with("enrollments.import")]
Cashier = Annotated[Staff, staff_with("orders.manage")]


@router.post("/login")
def staff_login(
    body: schemas.StaffLogin, request: Request, db: Db, context: Context
) -> schemas.TokenOut:
    token = staff_accounts.login(
        db,
        context.now(),
        username=body.username,
        password=body.password,
        address=client_address(request),
    )
    return schemas.TokenOut(token=token)


@router.get("/applications")
def application_list(
    _staff: ApplicationReader, db: Db, status: str | None = None
) -> list[schemas.StaffApplicationOut]:
    return [applications.staff_view(a) for a in applications.pending_for_staff(db, status)]


@router.post("/applications/{application_id}/decision")
def decide(
    application_id: int,
    body: schemas.Decision,
    staff: Reviewer,
    request: Request,
    db: Db,
    context: Context,
) -> schemas.StaffApplicationOut:
    decided = applications.decide(db, context, staff, application_id, body, client_address(request))
    return applications.staff_view(decided)


def find_trainee(db: Db, id_number: str) -> Trainee:
    try:
        normalized = normalize_id_number(id_number)
    except DomainError as exc:
        raise ApiError("invalid_id_number", exc.message, reason=exc.reason) from exc
    trainee = db.scalar(select(Trainee).where(Trainee.id_number == normalized))
    if trainee is None:
        raise ApiError("not_found", "没有这个学员。")
    return trainee


def reset_photo(
    db: Db, context: Context, staff: Staff, trainee: Trainee, reason: str, address: str
) -> None:
    """FACE-2: only staff unlock a wrong enrolled photo."""
    had_photo = trainee.photo_set_at is not None
    trainee.photo = None
    trainee.photo_embedding = None
    trainee.photo_set_at = None
    audit.record(
        db,
        context.now(),
        staff,
        "photo_reset",
        trainee.id_number,
        before={"photo": had_photo},
        after={"photo": False},
        reason=reason,
        address=address,
    )
    db.commit()


def reset_password(
    db: Db, context: Context, staff: Staff, trainee: Trainee, reason: str, address: str
) -> None:
    audit.record(
        db,
        context.now(),
        staff,
        "password_reset",
        trainee.id_number,
        after={"must_change_password": True},
        reason=reason,
        address=address,
    )
    accounts.reset_password(db, trainee, context.now())


@router.post("/trainees/{id_number}/photo-reset", status_code=204)
def photo_reset(
    id_number: str, staff: Resetter, request: Request, db: Db, context: Context
) -> Response:
    reset_photo(db, context, staff, find_trainee(db, id_number), "", client_address(request))
    return Response(status_code=204)


@router.post("/trainees/{id_number}/password-reset", status_code=204)
def password_reset(
    id_number: str, staff: Resetter, request: Request, db: Db, context: Context
) -> Response:
    reset_password(db, context, staff, find_trainee(db, id_number), "", client_address(request))
    return Response(status_code=204)


@router.post("/enrollments/import")
def import_enrollments(
    file: UploadFile, staff: Importer, request: Request, db: Db, context: Context
) -> schemas.ImportResult:
    data = file.file.read()
    outcome = imports.import_enrollments(
        db, context, file.filename or "", data, staff=staff, address=client_address(request)
    )
    return schemas.ImportResult(
        created=outcome.created, updated=outcome.updated, errors=outcome.errors
    )


@router.post("/orders", status_code=201)
def create_order(
    body: schemas.OrderRequest, staff: Cashier, request: Request, db: Db, context: Context
) -> schemas.OrderOut:
    order = orders.create_order(
        db, context, body.enrollment_ids, staff=staff, address=client_address(request)
    )
    return schemas.OrderOut(id=order.id, expires_at=order.expires_at, amount=order.amount_fen / 100)


@router.post("/orders/{order_id}/pay")
def pay_order(
    order_id: str, staff: Cashier, request: Request, db: Db, context: Context
) -> schemas.OrderPaid:
    order = orders.pay_order(db, context, order_id, staff=staff, address=client_address(request))
    return schemas.OrderPaid(id=order.id, status="paid")
