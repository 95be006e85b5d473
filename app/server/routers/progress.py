"""Progress (LEARN-*, SYNC-*, PROG-5)."""

from fastapi import APIRouter

from app.server import schemas
from app.server.deps import Context, CurrentTrainee, Db
from app.server.services import progress

router = APIRouter(tags=["progress"])


@router.post("/progress")
def post_progress(
    body: schemas.ProgressBatch, trainee: CurrentTrainee, db: Db, context: Context
) -> schemas.ProgressAnswer:
    return progress.record_batch(db, context, trainee, body)
