"""Progress (LEARN-*, SYNC-*, PROG-5)."""

import os

import anyio
from fastapi import APIRouter, FastAPI, Request

from app.server import schemas
from app.server.context import ServerContext
from app.server.deps import BearerToken, Context, studying_trainee, trainee_by_token
from app.server.services import progress

router = APIRouter(tags=["progress"])

# Batches judged at once. Each is a few milliseconds of Python and a dozen round trips to
# the database; on two cores more threads than this only queue for the GIL (and on
# SQLite for the one writer) while holding a pooled connection (bench_progress).
PROGRESS_THREADS = int(os.environ.get("CEDU_PROGRESS_THREADS", "4"))


def _limiter(app: FastAPI) -> anyio.CapacityLimiter:
    limiter: anyio.CapacityLimiter | None = getattr(app.state, "progress_limiter", None)
    if limiter is None:  # made on the event loop, at the first batch
        limiter = app.state.progress_limiter = anyio.CapacityLimiter(PROGRESS_THREADS)
    return limiter


def _record(
    context: ServerContext, token: str, body: schemas.ProgressBatch
) -> schemas.ProgressAnswer:
    """The caller's login, then its batch: one connection and one transaction. The
    trainee's row is locked as the login is read (PostgreSQL) or before the batch is
    judged (record_batch)."""
    with context.sessions() as db:
        trainee = studying_trainee(trainee_by_token(db, context, token, release=False, lock=True))
        return progress.record_batch(db, context, trainee, body)


@router.post("/progress")
async def post_progress(
    body: schemas.ProgressBatch, token: BearerToken, context: Context, request: Request
) -> schemas.ProgressAnswer:
    # Async, so the login check and the batch take one trip to a thread, not two.
    return await anyio.to_thread.run_sync(
        _record, context, token, body, limiter=_limiter(request.app)
    )
