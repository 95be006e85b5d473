"""The trainee: GET /me, lessons, applications."""

from fastapi import APIRouter, Request
from sqlalchemy import select

from app.server import schemas
from app.server.deps import Context, CurrentTrainee, Db, TraineeLogin
from app.server.models import AuthSession, Consent, Enrollment
from app.server.services import applications, face_data, lessons
from app.server.services import supervision as supervision_service
from app.server.services.enrollments import enrollment_view

router = APIRouter(tags=["trainee"])


@router.get("/me")
def me(login: TraineeLogin, db: Db, context: Context) -> schemas.MeOut:
    auth, trainee = login
    enrollments = db.scalars(
        select(Enrollment).where(Enrollment.trainee_id == trainee.id).order_by(Enrollment.id)
    ).all()
    consent = face_data.latest_consent(db, trainee.id)
    return schemas.MeOut(
        id_number=trainee.id_number,
        name=trainee.name,
        photo=schemas.PhotoOut(status="locked" if trainee.photo is not None else "missing"),
        proctoring=schemas.ProctoringOut(
            check_min_s=context.settings.face_check_min_s,
            check_max_s=context.settings.face_check_max_s,
        ),
        enrollments=[enrollment_view(db, context, e) for e in enrollments],
        face_consent=face_data.consent_view(consent),
        supervised_study=supervised_study(db, context, auth, trainee.id, consent),
    )


def supervised_study(
    db: Db, context: Context, auth: AuthSession, trainee_id: int, consent: Consent | None
) -> schemas.SupervisedStudyOut:
    """FACE-8: whether the trainee studies under supervision, where, and this login's."""
    settings = context.settings
    supervision = supervision_service.of_login(db, auth.id)
    declined = consent is not None and consent.decision in ("declined", "withdrawn")
    return schemas.SupervisedStudyOut(
        available=declined or applications.supervised_study_approved(db, trainee_id),
        centre=schemas.CentreOut(
            name=settings.centre_name, address=settings.centre_address, phone=settings.centre_phone
        ),
        session=supervision_service.view(supervision, context.now()) if supervision else None,
    )


@router.post("/me/consents", status_code=201)
def give_consent(
    body: schemas.ConsentRequest, login: TraineeLogin, db: Db, context: Context
) -> schemas.ConsentOut:
    """FACE-8: the trainee's decision on face data; no after yes withdraws it."""
    auth, trainee = login
    consent = face_data.decide(db, context.now(), trainee, body, auth.id)
    return face_data.consent_view(consent)


@router.get("/enrollments/{enrollment_id}/lessons")
def lesson_list(
    enrollment_id: int, request: Request, trainee: CurrentTrainee, db: Db, context: Context
) -> list[schemas.LessonOut]:
    enrollment = lessons.own_enrollment(db, trainee, enrollment_id)
    public = context.settings.public_url
    return lessons.lesson_list(
        db,
        context,
        enrollment,
        # Behind nginx the links name the public address (CEDU_PUBLIC_URL), not a process.
        lambda lesson_id: (
            f"{public.rstrip('/')}/media/{lesson_id}"
            if public
            else str(request.url_for("media", lesson_id=lesson_id))
        ),
    )


@router.get("/enrollments/{enrollment_id}/applications")
def application_list(
    enrollment_id: int, trainee: CurrentTrainee, db: Db
) -> list[schemas.ApplicationOut]:
    enrollment = lessons.own_enrollment(db, trainee, enrollment_id)
    return [applications.view(a) for a in enrollment.applications]


@router.post("/enrollments/{enrollment_id}/applications", status_code=201)
def apply(
    enrollment_id: int,
    body: schemas.ApplicationRequest,
    trainee: CurrentTrainee,
    db: Db,
    context: Context,
) -> schemas.ApplicationOut:
    enrollment = lessons.own_enrollment(db, trainee, enrollment_id)
    return applications.view(applications.submit(db, context, enrollment, body))
