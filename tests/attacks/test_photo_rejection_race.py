"""A script with a trainee's token sends many bad photos at once (FACE-1): the limit of 5
rejected uploads in 10 minutes holds against parallel requests too, on SQLite and
PostgreSQL; each upload beyond it is refused before its decode. An accepted photo is
not counted."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import func, select

from app.server.models import PhotoRejection
from tests.support.faults import enrolled_photo
from tests.support.live_server import LiveServer, start_server

ZHANG, WANG = "530102198001010015", "532501198811200037"
AT_ONCE = 10


def upload(server: LiveServer, token: str, photo: bytes) -> int:
    headers = {"Content-Type": "image/jpeg"}
    return int(server.call("PUT", "/me/photo", token, data=photo, headers=headers).status_code)


def rejections(server: LiveServer) -> int:
    with server.context.sessions() as db:
        return int(db.scalar(select(func.count()).select_from(PhotoRejection)) or 0)


# RULES: FACE-1
def test_parallel_bad_photos_are_rejected_at_most_five_times(
    tmp_path: Path, database_url: str | None, media_dir: Path, faces_dir: Path
) -> None:
    server = start_server(tmp_path / "data", database_url, media_dir)
    try:
        token = server.ready_trainee(ZHANG)
        server.consent(token)
        # Not a picture: refused at its decode, before the face work (which takes one
        # upload of a trainee at a time), so the uploads really run side by side.
        junk = b"\xff\xd8\xff" + bytes(range(256)) * 200
        with ThreadPoolExecutor(AT_ONCE) as pool:
            codes = sorted(pool.map(lambda _: upload(server, token, junk), range(AT_ONCE)))
        assert codes == [422] * 5 + [429] * (AT_ONCE - 5), codes
        assert rejections(server) == 5
        # Another trainee's good photo is stored and counts as no rejection.
        other = server.ready_trainee(WANG)
        server.consent(other)
        assert upload(server, other, enrolled_photo(faces_dir)) == 201
        assert rejections(server) == 5
    finally:
        server.stop()
