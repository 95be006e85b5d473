"""The photo upload (PUT /me/photo) and face-check crops fed broken and hostile images:
truncated, huge dimensions, decompression bombs, not images, random bytes. Each gets a
4xx with an error code and a Chinese message, never a 5xx, and the server stays up
(FACE-1). Also: ids too large for the database are bad input, not a 500."""

from __future__ import annotations

import datetime as dt
import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.faults import Http, enrolled_photo
from tests.support.live_server import LiveServer

HUGE = 60_000  # px a side: 3.6 gigapixels


def png(width: int, height: int, rows: Iterator[bytes] | None = None, colour: int = 0) -> bytes:
    """A PNG of `width` x `height` grey pixels; the IDAT is streamed, so a bomb of a few
    hundred KB can declare gigapixels without this test ever holding them."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    packer = zlib.compressobj(9)
    row = b"\x00" + bytes([colour]) * width
    idat = b"".join(packer.compress(r) for r in (rows or (row for _ in range(height))))
    idat += packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def jpeg_with_size(photo: bytes, width: int, height: int) -> bytes:
    """A real JPEG whose frame header claims other dimensions."""
    data = bytearray(photo)
    index = data.find(b"\xff\xc0")
    if index < 0:
        index = data.find(b"\xff\xc2")
    struct.pack_into(">HH", data, index + 5, height, width)
    return bytes(data)


def hostile_images(faces_dir: Path) -> dict[str, bytes]:
    good = enrolled_photo(faces_dir)
    return {
        "truncated jpeg": good[: len(good) // 3],
        "jpeg header only": good[:200],
        "jpeg claiming 60000x60000": jpeg_with_size(good, HUGE, HUGE),
        "png claiming 60000x60000, no data": png(HUGE, HUGE, rows=iter([])),
        "png bomb 20000x20000": png(20_000, 20_000),
        "tiny png": png(8, 8),
        "empty": b"",
        "text": "这不是照片".encode(),
        "html": b"<html><body>photo</body></html>",
        "zip": b"PK\x03\x04" + bytes(200),
        "gif": b"GIF89a" + bytes(100),
        "bmp": bytes(cv2.imencode(".bmp", np.zeros((500, 400, 3), np.uint8))[1]),
        "png of zeros": bytes(1000),
    }


@pytest.fixture
def trainee(live_server: LiveServer) -> tuple[Http, str]:
    http = Http(live_server.api)
    token = http.ready_trainee()
    # FACE-8: consent first, or every upload is refused before its bytes are looked at.
    consent = {"agree": True, "text_version": "test"}
    assert http.call("POST", "/me/consents", token, json=consent).status_code == 201
    return http, token


# RULES: FACE-1
def test_hostile_photos_are_refused_with_a_reason(
    trainee: tuple[Http, str], faces_dir: Path
) -> None:
    http, token = trainee
    for name, data in hostile_images(faces_dir).items():
        for kind in ("image/jpeg", "image/png", "application/octet-stream"):
            answer = http.call("PUT", "/me/photo", token, data=data, headers={"Content-Type": kind})
            assert 400 <= answer.status_code < 500, (name, kind, answer.status_code, answer.text)
            error = answer.json()["error"]
            assert error["code"] and error["message"], (name, error)
    assert http.call("GET", "/me", token).json()["photo"]["status"] != "locked"
    # After a few rejections the trainee waits (429, the photo work is not done again);
    # the server is still well, and another trainee's good photo is still taken.
    assert http.put_photo(token, enrolled_photo(faces_dir)).status_code == 429
    other = http.ready_trainee("532501198811200037")
    assert http.put_photo(other, enrolled_photo(faces_dir)).status_code == 201


# RULES: FACE-3
def test_hostile_crops_fail_the_check_without_a_server_error(
    trainee: tuple[Http, str], faces_dir: Path
) -> None:
    http, token = trainee
    assert http.put_photo(token, enrolled_photo(faces_dir)).status_code == 201
    for n, (name, data) in enumerate(hostile_images(faces_dir).items()):
        meta = {
            "check_id": f"hostile-crop-{n:04d}",
            "purpose": "periodic",
            # Now: judged on the crops, not refused for its times (bad_time).
            "started_at": (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=6)).isoformat(),
            "ended_at": (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)).isoformat(),
            "liveness": {"method": "blink", "passed": True},
        }
        files = [("crop", ("c.jpg", data, "image/jpeg"))]
        answer = http.call("POST", "/face-checks", token, data={"meta": json.dumps(meta)},
                           files=files)  # fmt: skip
        assert answer.status_code < 500, (name, answer.text)
        if answer.status_code == 200:
            assert answer.json()["passed"] is False, name


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    prefix=st.sampled_from([b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b""]),
    body=st.binary(max_size=4096),
)
def test_random_bytes_as_a_photo_never_crash_the_server(
    trainee: tuple[Http, str], prefix: bytes, body: bytes
) -> None:
    http, token = trainee
    answer = http.put_photo(token, prefix + body)
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.json()["error"]["code"]


def test_ids_too_large_for_the_database_are_bad_input(trainee: tuple[Http, str]) -> None:
    http, token = trainee
    huge = 10**40
    for method, path in [("GET", f"/enrollments/{huge}/lessons"),
                         ("POST", f"/enrollments/{huge}/attempts"),
                         ("GET", f"/enrollments/{huge}/receipt")]:  # fmt: skip
        answer = http.call(method, path, token)
        assert 400 <= answer.status_code < 500, (path, answer.status_code, answer.text)
    admin = http.admin_token()
    decision = http.call("POST", f"/admin/applications/{huge}/decision", admin,
                         json={"approve": False, "reason": "x"})  # fmt: skip
    assert 400 <= decision.status_code < 500, decision.text
