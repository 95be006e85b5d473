"""Staff: the reference server's own administration. Trainee tokens get 403 here."""

from fastapi import APIRouter, Response, UploadFile
from sqlalchemy import select

from app.core.errors import DomainError
from app.core.ids import normalize_id_number
from app.server import schemas
from app.server.deps import Context, CurrentStaff, Db
from app.server.errors import ApiError
from app.server.models import Trainee
from app.server.services import accounts, applications, imports, orders

router = APIRouter(prefix="/admin", tags=["staff"])


@router.post("/login")
def staff_login(body: schemas.StaffLogin, db: Db, context: Context) -> schemas.TokenOut:
    token = accounts.login_staff(db, context.now(), username=body.username, password=body.password)
    return schemas.TokenOut(token=token)


@router.get("/applications")
def application_list(
    _staff: CurrentStaff, db: Db, status: str | None = None
) -> list[schemas.StaffApplicationOut]:
    return [applications.staff_view(a) for a in applications.pending_for_staff(db, status)]


@router.post("/applications/{application_id}/decision")
def decide(
    application_id: int, body: schemas.Decision, staff: CurrentStaff, db: Db, context: Context
) -> schemas.StaffApplicationOut:
    return applications.staff_view(applications.decide(db, context, staff, application_id, body))


def _trainee(db: Db, id_number: str) -> Trainee:
    try:
        normalized = normalize_id_number(id_number)
    except DomainError as exc:
        raise ApiError("invalid_id_number", exc.message, reason=exc.reason) from exc
    trainee = db.scalar(select(Trainee).where(Trainee.id_number == normalized))
    if trainee is None:
        raise ApiError("not_found", "没有这个学员。")
    return trainee


@router.post("/trainees/{id_number}/photo-reset", status_code=204)
def photo_reset(id_number: str, _staff: CurrentStaff, db: Db) -> Response:
    """FACE-2: only staff unlock a wrong enrolled photo."""
    trainee = _trainee(db, id_number)
    trainee.photo = None
    trainee.photo_embedding = None
    trainee.photo_set_at = None
    db.commit()
    return Response(status_code=204)


@router.post("/trainees/{id_number}/password-reset", status_code=204)
def password_reset(id_number: str, _staff: CurrentStaff, db: Db, context: Context) -> Response:
    accounts.reset_password(db, _trainee(db, id_number), context.now())
    return Response(status_code=204)


@router.post("/enrollments/import")
def import_enrollments(
    file: UploadFile, _staff: CurrentStaff, db: Db, context: Context
) -> schemas.ImportResult:
    data = file.file.read()
    outcome = imports.import_enrollments(db, context, file.filename or "", data)
    return schemas.ImportResult(
        created=outcome.created, updated=outcome.updated, errors=outcome.errors
    )


@router.post("/orders", status_code=201)
def create_order(
    body: schemas.OrderRequest, _staff: CurrentStaff, db: Db, context: Context
) -> schemas.OrderOut:
    order = orders.create_order(db, context, body.enrollment_ids)
    return schemas.OrderOut(id=order.id, expires_at=order.expires_at, amount=order.amount_fen / 100)


@router.post("/orders/{order_id}/pay")
def pay_order(order_id: str, _staff: CurrentStaff, db: Db, context: Context) -> schemas.OrderPaid:
    order = orders.pay_order(db, context, order_id)
    return schemas.OrderPaid(id=order.id, status="paid")
