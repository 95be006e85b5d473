"""Exam attempts (API.md "Exam", EXAM-*): the routes only; the rules are in services.exam."""

from fastapi import APIRouter, Response

from app.server import schemas
from app.server.deps import Context, CurrentTrainee, Db, TraineeLogin
from app.server.services import exam

router = APIRouter(tags=["exam"])


@router.post("/enrollments/{enrollment_id}/attempts", status_code=201)
def start_attempt(
    enrollment_id: int, login: TraineeLogin, db: Db, context: Context
) -> schemas.AttemptOut:
    auth, trainee = login
    return exam.start(db, context, trainee, auth, enrollment_id)


@router.get("/attempts/{attempt_id}")
def get_attempt(
    attempt_id: str, login: TraineeLogin, db: Db, context: Context
) -> schemas.AttemptOut:
    return exam.read(db, context, login, attempt_id)


@router.put("/attempts/{attempt_id}/answers/{question_id}", status_code=204)
def save_answer(
    attempt_id: str,
    question_id: str,
    body: schemas.AnswerRequest,
    login: TraineeLogin,
    db: Db,
    context: Context,
) -> Response:
    exam.save_answer(db, context, login, attempt_id, question_id, body.answer)
    return Response(status_code=204)


@router.post("/attempts/{attempt_id}/submit")
def submit_attempt(
    attempt_id: str, login: TraineeLogin, db: Db, context: Context
) -> schemas.ExamResultOut:
    return exam.submit(db, context, login, attempt_id)


@router.post("/attempts/{attempt_id}/abandon")
def abandon_attempt(
    attempt_id: str, trainee: CurrentTrainee, db: Db, context: Context
) -> schemas.ExamResultOut:
    return exam.abandon(db, context, trainee, attempt_id)


@router.get("/exam/forbidden-programs")
def forbidden_programs(_trainee: CurrentTrainee, context: Context) -> schemas.ForbiddenProgramsOut:
    return schemas.ForbiddenProgramsOut.model_validate(context.forbidden_programs.to_json())


@router.post("/attempts/{attempt_id}/incidents", status_code=204)
def record_incident(
    attempt_id: str,
    body: schemas.IncidentRequest,
    trainee: CurrentTrainee,
    db: Db,
    context: Context,
) -> Response:
    exam.record_incident(db, context, trainee, attempt_id, body)
    return Response(status_code=204)
