"""Staff: the reference server's own administration, by role (app.server.roles).
Trainee tokens get 403 here; every action is written to the audit log with it."""

from typing import Annotated

from fastapi import APIRouter, Request, Response, UploadFile

from app.server import schemas
from app.server.deps import Context, Db, client_address, staff_with
from app.server.models import Staff
from app.server.services import applications, imports, orders, resets
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


@router.post("/trainees/{id_number}/photo-reset", status_code=204)
def photo_reset(
    id_number: str, staff: Resetter, request: Request, db: Db, context: Context
) -> Response:
    resets.reset_photo(
        db, context, staff, resets.find_trainee(db, id_number, staff), "", client_address(request)
    )
    return Response(status_code=204)


@router.post("/trainees/{id_number}/password-reset", status_code=204)
def password_reset(
    id_number: str, staff: Resetter, request: Request, db: Db, context: Context
) -> Response:
    resets.reset_password(
        db, context, staff, resets.find_trainee(db, id_number, staff), "", client_address(request)
    )
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
