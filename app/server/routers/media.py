"""Lesson videos through signed, expiring URLs, with byte ranges and HEAD (API.md).

No Authorization header is needed, so any player can open the URL; the signature and
its expiry are the key. With CEDU_MEDIA_ACCEL_PREFIX the server only says yes or no and
nginx serves the file (X-Accel-Redirect).
"""

from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, Response

from app.server.deps import Context, Db
from app.server.errors import ApiError
from app.server.models import Lesson
from app.server.security import media_signature_valid

router = APIRouter(tags=["media"])


@router.get("/media/{lesson_id}", name="media")
@router.head("/media/{lesson_id}", name="media_head", include_in_schema=False)
def media(
    lesson_id: int, request: Request, context: Context, db: Db, expires: int = 0, sig: str = ""
) -> Response:
    if expires < context.now().timestamp() or not media_signature_valid(
        context.secret, lesson_id, expires, sig
    ):
        raise ApiError("bad_signature")
    lesson = db.get(Lesson, lesson_id)
    if lesson is None:
        raise ApiError("bad_signature")  # a valid signature for a lesson since removed
    path = context.settings.resolved_media_dir / lesson.media_file
    if not path.is_file():
        raise ApiError("not_found", "课程视频文件缺失，请联系客服。")
    headers = {"Cache-Control": "private, max-age=3600", "ETag": f'"{lesson.sha256}"'}
    accel = context.settings.media_accel_prefix
    if accel:
        # Behind nginx (deploy/nginx): nginx sends the bytes itself from its internal
        # location, ranges and HEAD included; not one byte of video passes through Python.
        headers["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(lesson.media_file)
        return Response(status_code=200, media_type="video/mp4", headers=headers)
    # FileResponse answers Range with 206 and Accept-Ranges, and HEAD without a body.
    return FileResponse(path, media_type="video/mp4", headers=headers)
