"""The enrolled photo and face checks (FACE-*)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from app.server import schemas
from app.server.deps import Context, CurrentAuth, CurrentTrainee, Db
from app.server.errors import ApiError
from app.server.services import face_challenges, faces

router = APIRouter(tags=["face checks"])
PHOTO_TYPES = ("image/jpeg", "image/png")


async def _read_photo(request: Request) -> bytes:
    """The body, refused as soon as it passes FACE-1's 5 MB rather than read whole."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in PHOTO_TYPES:
        raise ApiError("photo_rejected", "只能上传 JPG 或 PNG 照片。", reason="not_an_image")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > faces.MAX_PHOTO_BYTES:
            raise ApiError("photo_too_large")
        chunks.append(chunk)
    return b"".join(chunks)


@router.put(
    "/me/photo",
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in PHOTO_TYPES},
        }
    },
)
async def put_photo(
    request: Request, trainee: CurrentTrainee, db: Db, context: Context
) -> schemas.PhotoStored:
    data = await _read_photo(request)
    # Face inference is CPU work: off the event loop.
    await run_in_threadpool(faces.set_photo, db, context, trainee, data)
    return schemas.PhotoStored(status="locked")


@router.post("/face-checks/challenges", status_code=201)
def face_challenge(trainee: CurrentTrainee, db: Db, context: Context) -> schemas.FaceChallengeOut:
    """A gesture for the next check, picked by the server (FACE-3)."""
    return face_challenges.make_challenge(db, context, trainee)


@router.post("/face-checks")
def face_check(
    meta: Annotated[str, Form()],
    crop: Annotated[list[UploadFile], File()],
    auth: CurrentAuth,
    trainee: CurrentTrainee,
    db: Db,
    context: Context,
) -> schemas.FaceCheckResult:
    try:
        parsed = schemas.FaceCheckMeta.model_validate_json(meta)
    except ValidationError as exc:
        fields = [".".join(str(p) for p in e["loc"]) for e in exc.errors()[:20]]
        raise ApiError("invalid_request", fields=fields) from exc
    images = [upload.file.read(faces.MAX_CROP_BYTES + 1) for upload in crop]
    return faces.record_check(db, context, trainee, auth, parsed, images)
