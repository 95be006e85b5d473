"""Trainee auth (ACC-*)."""

from fastapi import APIRouter, Response

from app.server import schemas
from app.server.deps import AnyTrainee, Context, CurrentAuth, Db
from app.server.services import accounts

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login")
def login(body: schemas.LoginRequest, db: Db, context: Context) -> schemas.LoginResponse:
    result = accounts.login_trainee(
        db,
        context.now(),
        id_number=body.id_number,
        password=body.password,
        agree=body.agree,
        device_kind=body.device.kind,
        device_name=body.device.name,
    )
    return schemas.LoginResponse(
        token=result.token,
        session_id=result.session_id,
        must_change_password=result.trainee.must_change_password,
        trainee=schemas.TraineeRef(id_number=result.trainee.id_number, name=result.trainee.name),
    )


@router.post("/password", status_code=204)
def change_password(
    body: schemas.PasswordChange, trainee: AnyTrainee, db: Db, context: Context
) -> Response:
    accounts.change_password(
        db, context.now(), trainee, old_password=body.old_password, new_password=body.new_password
    )
    return Response(status_code=204)


@router.post("/logout", status_code=204)
def logout(auth: CurrentAuth, db: Db, context: Context) -> Response:
    accounts.logout(db, auth, context.now())
    return Response(status_code=204)
